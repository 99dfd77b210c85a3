"""The pronunciation check: words the offline voices would guess, found with espeak-ng's own
dictionary, and a glossary entry for each that tells the voice how to say it."""

# ruff: noqa: RUF001 (espeak-ng's IPA)

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SAMPLE, need
from pages import PNG

from publish.audio.speech import normalize
from publish.checks import CheckResult, Status, Subject, voicedict
from publish.checks.pronounce import PronunciationCheck, _scalar
from publish.checks.respell import respell
from publish.checks.voicedict import Lookup, _answer
from publish.config.checks import CheckConfig
from publish.diagnostics import Diagnostic, Severity
from publish.model.locator import Locator
from publish.model.nodes import Article
from publish.names import OutputNames
from publish.parse.markdown import load_article

DRUGS = ["tisagenlecleucel", "axicabtagene", "ciltacabtagene"]


def espeak() -> None:
    need(shutil.which("espeak-ng") is not None, "Debian's espeak-ng")


def article(
    tmp_path: Path,
    body: str,
    glossary: str = "",
    language: str = "en-US",
    title: str = "Test article",
) -> Article:
    front = f"---\ntitle: {title}\nlanguage: {language}\n"
    if glossary:
        front += "glossary:\n" + textwrap.dedent(glossary).strip("\n") + "\n"
    path = tmp_path / "article.md"
    path.write_text(front + "---\n" + textwrap.dedent(body), encoding="utf-8")
    return load_article(path)


def check(made: Article) -> CheckResult:
    subject = Subject(made, Path(), CheckConfig(), OutputNames(made.slug), Locator(made))
    return PronunciationCheck().run(subject)


def about(result: CheckResult, word: str) -> list[Diagnostic]:
    return [f for f in result.findings if f"'{word}'" in f.message.split("\n")[0]]


def snippet(finding: Diagnostic) -> Any:
    """The YAML the finding offers, read as YAML."""
    return yaml.safe_load(finding.message.split("for example:\n", 1)[1])


def test_drug_names_are_flagged_at_their_line_with_a_glossary_entry(tmp_path: Path) -> None:
    espeak()
    made = article(
        tmp_path,
        """
        Your doctor may suggest a new treatment.

        It is called tisagenlecleucel. Others are axicabtagene and ciltacabtagene.
        """,
    )
    result = check(made)
    assert result.status is Status.WARN
    assert sorted(result.metrics["guessed"]) == sorted(DRUGS)
    (first,) = about(result, "tisagenlecleucel")
    assert first.code == "voice-guess"
    assert first.severity is Severity.WARNING
    assert first.line == 8
    assert first.text == "It is called tisagenlecleucel."
    assert first.message.startswith("the voice will guess how to say 'tisagenlecleucel'")
    for word in DRUGS:
        (finding,) = about(result, word)
        entry = snippet(finding)
        assert entry[0]["term"] == word
        assert entry[0]["definition"] == "..."
        assert isinstance(entry[0]["say"], str) and "-" in entry[0]["say"]
    assert "tisagenlecleucel" in result.summary


def test_the_suggested_entry_pasted_into_the_glossary_ends_the_finding(tmp_path: Path) -> None:
    espeak()
    body = "The drug tisagenlecleucel is made from your own cells.\n"
    (finding,) = about(check(article(tmp_path, body)), "tisagenlecleucel")
    offered = finding.message.split("for example:\n", 1)[1]
    # The respelling is lower case: a syllable in capitals would be read as letters.
    say = snippet(finding)[0]["say"]
    assert say == say.lower() and normalize(say) == say
    fixed = check(article(tmp_path, body, offered))
    assert fixed.status is Status.PASS, fixed.summary
    assert fixed.findings == []


def test_everyday_words_numbers_acronyms_and_glossary_says_are_not_flagged(
    tmp_path: Path,
) -> None:
    espeak()
    (tmp_path / "drip.png").write_bytes(PNG)
    made = article(
        tmp_path,
        """
        # What to expect at the hospital

        Take 25 mg at 10:30 on March 3, 2024, and call 911 if you feel worse.
        The CDC and the nurse's notes say that 1 in 5 patients feel tired.
        Tisagenlecleucel is given once; ask about Kymriah.

        ![A nurse checks the drip](drip.png)
        """,
        """
          - term: tisagenlecleucel
            definition: A treatment made from your own T cells.
            say: tih-sah-jen-lek-loo-sel
          - term: Kymriah
            definition: The brand name of tisagenlecleucel.
            ipa: kɪmˈɹaɪə
        """,
    )
    result = check(made)
    assert result.status is Status.PASS, result.summary
    assert result.findings == []
    assert result.metrics["words"] > 30


def test_one_finding_per_word_at_its_first_use_with_its_count(tmp_path: Path) -> None:
    espeak()
    made = article(
        tmp_path,
        """
        ## Ciltacabtagene

        Ask if ciltacabtagene is right for you.

        CILTACABTAGENE is given in a hospital.
        """,
    )
    (finding,) = about(check(made), "Ciltacabtagene")
    assert finding.line == 6  # the heading, which the narration reads first
    assert "it is read 3 times" in finding.message


def test_an_entry_without_a_say_is_asked_for_one(tmp_path: Path) -> None:
    espeak()
    made = article(
        tmp_path,
        "Some people have non-Hodgkin lymphoma.\n",
        """
          - term: non-Hodgkin lymphoma
            definition: A cancer of white blood cells.
        """,
    )
    (finding,) = about(check(made), "Hodgkin")
    assert "The glossary's entry 'non-Hodgkin lymphoma' (line 5) has no `say:`" in finding.message
    added = snippet(finding)
    assert set(added) == {"say"} and "hoj" in added["say"]


def test_a_form_is_read_as_written_so_it_is_flagged(tmp_path: Path) -> None:
    espeak()
    made = article(
        tmp_path,
        "You may be given Kymriah.\n",
        """
          - term: tisagenlecleucel
            forms: [Kymriah]
            definition: A treatment made from your own T cells.
            say: tih-sah-jen-lek-loo-sel
        """,
    )
    (finding,) = about(check(made), "Kymriah")
    assert "has it among its `forms`, which are read as written" in finding.message
    assert snippet(finding)[0]["term"] == "Kymriah"


def test_spanish_uses_the_spanish_dictionary(tmp_path: Path) -> None:
    espeak()
    made = article(
        tmp_path,
        "El médico le puede dar tisagenlecleucel en el hospital.\n",
        language="es",
        title="Un tratamiento nuevo",
    )
    result = check(made)
    assert result.metrics["guessed"] == ["tisagenlecleucel"]
    (finding,) = result.findings
    assert re.search(r"\(it would say \[\S+\]\)", finding.message)
    assert snippet(finding)[0]["say"] == "..."


def test_a_language_without_an_espeak_dictionary_is_skipped(tmp_path: Path) -> None:
    espeak()
    result = check(article(tmp_path, "Magandang umaga po.\n", language="fil"))
    assert result.status is Status.SKIP
    assert "eSpeak NG has no dictionary for 'fil'" in result.summary
    unsplit = check(article(tmp_path, "おはようございます。\n", language="ja"))
    assert unsplit.status is Status.SKIP


def test_without_espeak_the_check_skips_and_fails_in_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = article(tmp_path, "It is called tisagenlecleucel.\n")
    monkeypatch.setattr(voicedict.shutil, "which", lambda name: None)
    voicedict.dictionary.cache_clear()
    try:
        monkeypatch.delenv("CI", raising=False)
        skipped = check(made)
        assert skipped.status is Status.SKIP
        assert "eSpeak NG is not installed" in skipped.summary
        assert "espeak-ng" in skipped.summary
        monkeypatch.setenv("CI", "true")
        assert check(made).status is Status.FAIL
    finally:
        voicedict.dictionary.cache_clear()


def test_the_trace_tells_the_dictionary_from_the_rules() -> None:
    """espeak-ng -X's lines for one word: a stem found, flags found, rules, spelled out."""
    assert _answer(["Translate 'reads'", "Found: 'read' [ri:d]  ", "ɹˈiːdz"]).lookup is (
        Lookup.KNOWN
    )
    assert _answer(["Flags:  el  $u+ $strend", "Translate 'el'", "'el"]).lookup is Lookup.KNOWN
    guessed = _answer(["Unpronouncable? 'chimeric'", "Translate 'chimeric'", "tʃaɪmˈɛɹɪk"])
    assert guessed.lookup is Lookup.GUESSED and guessed.ipa == "tʃaɪmˈɛɹɪk"
    spelled = ["Unpronouncable? 'xkcd'", "Found: 'x' [E2ks]  ", "Found: '_a' [eI]", "ˌɛksˈeɪ"]
    assert _answer(spelled).lookup is Lookup.SPELLED


def test_espeak_answers_many_words_in_one_run() -> None:
    espeak()
    voice = voicedict.dictionary("en-US")
    assert voice is not None
    words = ["the", "harnessed", "ibuprofen", "tisagenlecleucel", "xkcd", "iv", "patient's"]
    answers = voice.ask(words)
    assert [answers[w].lookup for w in words] == [
        Lookup.KNOWN,  # in the dictionary
        Lookup.KNOWN,  # its stem "harness" is
        Lookup.KNOWN,
        Lookup.GUESSED,
        Lookup.SPELLED,
        Lookup.KNOWN,  # read as a Roman numeral
        Lookup.GUESSED,  # "patient" is said by the rules, like most everyday words
    ]
    assert respell(answers["tisagenlecleucel"].ipa) == "tih-zay-jun-leh-kloo-sul"


def test_the_guess_shown_is_what_the_piper_voice_is_given() -> None:
    """Piper phonemizes with its own copy of espeak-ng and its data; on these words it gives
    the phonemes the check reports from Debian's espeak-ng."""
    espeak()
    try:
        from piper.phonemize_espeak import EspeakPhonemizer
    except ImportError:
        need(False, "piper-tts")
    voice = voicedict.dictionary("en-US")
    assert voice is not None
    words = [*DRUGS, "Chimeric", "Kymriah", "lymphoblastic"]
    answers = voice.ask(words)
    piper = EspeakPhonemizer()
    assert {w: "".join(piper.phonemize("en-us", w)[0]) for w in words} == {
        w: answers[w].ipa for w in words
    }


def test_yaml_scalars_stay_strings() -> None:
    for value in ("no", "yes", "on", "null", "- x", "a: b", "#x", "it's", "...", "Kymriah"):
        assert yaml.safe_load(f"say: {_scalar(value)}") == {"say": value}


def test_the_studio_marks_the_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    espeak()
    from publish.checks import runner
    from publish.studio.feedback import feedback

    built_in = runner.registered
    monkeypatch.setattr(runner, "registered", lambda: [*built_in(), PronunciationCheck()])
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "CAR-T (Chimeric", "CAR-T, such as tisagenlecleucel (Chimeric", 1
    )
    shown = feedback(text, SAMPLE)
    issues = [
        (node_id, issue)
        for node_id, mark in shown.marks.items()
        for issue in mark["issues"]
        if issue["code"] == "voice-guess"
    ]
    drug = [i for i in issues if "'tisagenlecleucel'" in i[1]["message"]]
    assert len(drug) == 1
    node_id, issue = drug[0]
    assert issue["kind"] == "speech"
    assert f'id="{node_id}"' in shown.preview
    assert shown.panel["checks"]["pronunciation"]["status"] == "warn"
    assert not [f for f in shown.panel["findings"] if f["code"] == "voice-guess"]


def test_an_unknown_acronym_is_spelled_out_with_a_finding(tmp_path: Path) -> None:
    """An acronym in neither publish's list nor the glossary: a finding with the fix; one the
    glossary says how to read, none."""
    from publish.parse.markdown import parse_article

    text = "---\ntitle: Tests\nlanguage: en\n---\n\nAsk your nurse about the QZX test. The HIV test is quick.\n"
    source = tmp_path / "tests.md"
    article = parse_article(text, source)
    result = check(article)
    spelled = [f for f in result.findings if f.code == "acronym-spelled"]
    assert [f.line for f in spelled] == [6] and "'QZX'" in spelled[0].message
    assert "say: qzx" in spelled[0].message
    glossed = text.replace(
        "language: en\n",
        "language: en\nglossary:\n  - term: QZX\n    definition: A test.\n    say: quiz\n",
    )
    article = parse_article(glossed, source)
    result = check(article)
    assert not [f for f in result.findings if f.code == "acronym-spelled"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('    say: "???"', "has a `say:` with no letters ('???'), which no voice can speak"),
        ('    ipa: "k1m ri a"', "has an `ipa:` that is not IPA ('k1m ri a')"),
    ],
)
def test_a_lexicon_entry_that_cannot_be_spoken_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], entry: str, message: str
) -> None:
    from publish.cli import main

    source = tmp_path / "leaflet.md"
    source.write_text(
        "---\ntitle: T\nlanguage: en\nglossary:\n  - term: Kymriah\n    definition: A drug.\n"
        f"{entry}\n---\n\nAsk about Kymriah.\n"
    )
    assert main(["build", str(source), "--out", str(tmp_path / "out"), "-q"]) == 2
    said = capsys.readouterr().err
    assert f"leaflet.md:5: the glossary entry 'Kymriah' {message}" in said
