"""The fidelity gate: every format says what the source says, read back from the files.

A handout full of doses, ranges, times and phone numbers is built in every format and
passes; then one token is altered in one format's file on disk, and the gate names it.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import need_command
from hypothesis import given, settings
from hypothesis import strategies as st

from publish.audio.speech import normalize
from publish.checks.fidelity.spoken import written
from publish.checks.fidelity.tokens import Reader, SpokenReader
from publish.cli import main

HANDOUTS = Path(__file__).parent / "fixtures" / "handout"
DOSES = HANDOUTS / "blood-thinner.md"
SLUG = DOSES.stem


def fidelity(folder: Path) -> dict[str, Any]:
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    result: dict[str, Any] = next(c for c in report["checks"] if c["name"] == "fidelity")
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_command("pdftotext")
    need_command("lou_translate")
    out = tmp_path_factory.mktemp("fidelity")
    formats = "html,pdf,epub,audio,daisy,braille"
    command = ["check", str(DOSES), "-f", formats, "--edition", "all", "--out", str(out), "-q"]
    assert main(command) == 0
    return out / SLUG


def test_the_dose_handout_says_the_same_in_every_format(built: Path) -> None:
    result = fidelity(built)
    assert result["status"] == "pass", result["findings"]
    assert result["gated"]
    files = result["metrics"]["formats"]
    assert {f"{SLUG}.html", f"{SLUG}.pdf", f"{SLUG}-large-print.pdf", f"{SLUG}.epub"} <= set(files)
    assert {f"{SLUG}.timing.json", f"{SLUG}-daisy/content.html", f"{SLUG}.brf"} <= set(files)
    # Doses, ranges, times, dates, phone numbers, money, steps and negations were compared.
    assert result["metrics"]["tokens"] >= 30
    assert all(f.get("tokens_compared", 1) > 0 for f in files.values())
    # Its contact line (front matter, printed on every page) is one of the sentences each
    # format must carry: a format without it would fail with fidelity-missing.
    assert "closing-contact" in (built / f"{SLUG}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("source", ["handwashing.md", "lavado-de-manos.md"])
def test_the_handouts_pass(source: str, tmp_path: Path) -> None:
    formats = "html,pdf,epub,audio,daisy,braille"
    main(["check", str(HANDOUTS / source), "-f", formats, "--out", str(tmp_path), "-q"])
    result = fidelity(tmp_path / Path(source).stem)
    assert result["status"] == "pass", result["findings"]


def test_the_narration_says_the_numbers_as_written(built: Path) -> None:
    timing = json.loads((built / f"{SLUG}.timing.json").read_text(encoding="utf-8"))
    spoken = " ".join(s["spoken"] for s in timing["sentences"])
    assert "call nine one one" in spoken.lower()
    assert "five five five, zero one zero zero" in spoken
    assert "between two and three" in spoken  # not "between two to three"
    assert "one in four people" in spoken  # not "one inch four"
    assert "two in the morning" in spoken  # not "two inches the morning"
    assert re.search(r"\bfour\. Bring your list", spoken)  # the step's number is heard


# ---------------------------------------------------------------- one token altered on disk


def _text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _zip(path: Path, old: str, new: str) -> None:
    copy = path.with_suffix(".old")
    path.rename(copy)
    with zipfile.ZipFile(copy) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".xhtml") and old.encode() in data:
                data = data.replace(old.encode(), new.encode(), 1)
            target.writestr(info, data)
    copy.unlink()


def _pdf(folder: Path, tmp: Path) -> None:
    """The PDF replaced with one made from a source that says 50 mg."""
    altered = tmp / "altered" / DOSES.name
    altered.parent.mkdir()
    altered.write_text(DOSES.read_text().replace("Take 5 mg", "Take 50 mg"))
    assert main(["build", str(altered), "-f", "pdf", "--out", str(tmp / "altered-out"), "-q"]) == 0
    shutil.copy(tmp / "altered-out" / SLUG / f"{SLUG}.pdf", folder / f"{SLUG}.pdf")


def _spoken(folder: Path) -> None:
    path = folder / f"{SLUG}.timing.json"
    _text(path, "Call nine one one", "Call nine hundred eleven")


def _braille(folder: Path) -> None:
    path = folder / f"{SLUG}.brf"
    data = path.read_bytes()
    number = re.search(rb"#[A-Ja-j]{3}", data)  # a three-digit number, such as 250 (#BEJ)
    assert number is not None
    last = number.group(0)[-1:].upper()
    changed = number.group(0)[:-1] + (b"A" if last != b"A" else b"B")
    path.write_bytes(data[: number.start()] + changed + data[number.end() :])


ALTERATIONS: dict[str, tuple[str, Callable[[Path, Path], None], str]] = {
    "page dose": (
        "html",
        lambda f, t: _text(f / f"{SLUG}.html", ">5 mg</span> by", ">50 mg</span> by"),
        "the page",
    ),
    "page step": (
        "html",
        lambda f, t: _text(f / f"{SLUG}.html", "<ol ", '<ol start="2" '),
        "the page",
    ),
    "page negation": (
        "html",
        lambda f, t: _text(f / f"{SLUG}.html", "Do not eat for", "Do eat for"),
        "the page",
    ),
    "page contact phone": (
        "html",
        lambda f, t: _text(f / f"{SLUG}.html", "555-0142", "555-0147"),
        "the page",
    ),
    "e-book phone": (
        "epub",
        lambda f, t: _zip(f / f"{SLUG}.epub", "555-0100", "555-0109"),
        "the e-book",
    ),
    "PDF dose": ("pdf", _pdf, "the PDF"),
    "narration emergency number": ("audio", lambda f, t: _spoken(f), "the narration"),
    "DAISY range": (
        "daisy",
        lambda f, t: _text(
            f / f"{SLUG}-daisy" / "content.html", "every 4–6 weeks", "every 4–8 weeks"
        ),
        "the DAISY book",
    ),
    "braille number": ("braille", lambda f, t: _braille(f), "the braille"),
}


@pytest.mark.parametrize("name", list(ALTERATIONS))
def test_one_altered_token_fails_the_gate_and_names_the_format(
    name: str, built: Path, tmp_path: Path
) -> None:
    fmt, alter, said = ALTERATIONS[name]
    out = tmp_path / "out"
    shutil.copytree(built, out / SLUG)
    alter(out / SLUG, tmp_path)
    code = main(["check", "--no-build", str(DOSES), "-f", fmt, "--out", str(out), "-q"])
    assert code == 1
    result = fidelity(out / SLUG)
    assert result["status"] == "fail"
    messages = [f["message"] for f in result["findings"]]
    assert any(said in m for m in messages), messages
    assert all(f["file"] == str(DOSES) and f["line"] > 1 and f["text"] for f in result["findings"])


@pytest.mark.parametrize(
    ("file", "damage"),
    [
        (f"{SLUG}.pdf", lambda p: p.write_bytes(p.read_bytes()[:200])),
        (f"{SLUG}.epub", lambda p: p.write_bytes(b"PK\x03\x04 not really a zip")),
        (f"{SLUG}.timing.json", lambda p: p.write_text('{"sentences": [{"id": 1}]')),
        (f"{SLUG}.brf", lambda p: p.write_bytes(p.read_bytes()[:100])),
    ],
)
def test_a_file_that_cannot_be_read_back_is_an_error_naming_it(
    file: str, damage: Callable[[Path], Any], built: Path, tmp_path: Path
) -> None:
    folder = tmp_path / SLUG
    shutil.copytree(built, folder)
    damage(folder / file)
    from publish.checks import Subject
    from publish.checks.fidelity import fidelity_check
    from publish.config.checks import CheckConfig
    from publish.model.locator import Locator
    from publish.names import OutputNames
    from publish.parse.markdown import load_article

    article = load_article(DOSES)
    result = fidelity_check(
        Subject(article, folder, CheckConfig(), OutputNames(SLUG), Locator(article))
    )
    assert result.status == "fail"
    assert any(file in f.message for f in result.findings), [f.message for f in result.findings]


# ---------------------------------------------------------------- written -> spoken -> written

NUMBER = st.one_of(
    st.integers(0, 99_999).map(str),
    st.tuples(st.integers(0, 999), st.integers(1, 99)).map(lambda p: f"{p[0]}.{p[1]}"),
)
UNIT = st.sampled_from(["mg", "mcg", "g", "kg", "mL", "L", "mmHg", "IU", "hours", "mg/kg", "mg/m²"])
PHONE = st.tuples(st.integers(200, 999), st.integers(0, 9999)).map(lambda p: f"{p[0]}-{p[1]:04d}")
TIME = st.one_of(
    st.tuples(
        st.integers(1, 12), st.sampled_from([0, 5, 15, 30, 45]), st.sampled_from(["a.m.", "p.m."])
    ).map(lambda t: f"{t[0]}:{t[1]:02d} {t[2]}" if t[1] else f"{t[0]} {t[2]}"),
    st.tuples(st.integers(13, 23), st.integers(10, 59)).map(lambda t: f"{t[0]}:{t[1]:02d}"),
)
PHRASE = st.one_of(
    st.tuples(NUMBER, UNIT).map(lambda p: f"Take {p[0]} {p[1]} today."),
    st.tuples(st.integers(1, 20), st.integers(21, 60)).map(lambda r: f"Wait {r[0]}–{r[1]} days."),
    st.tuples(st.integers(1, 20), st.integers(21, 60), UNIT).map(
        lambda r: f"Give {r[0]}–{r[1]} {r[2]}."
    ),
    st.integers(0, 100).map(lambda n: f"About {n}% of people."),
    PHONE.map(lambda p: f"Call {p} now."),
    st.sampled_from(["911", "988", "112"]).map(lambda n: f"Call {n} now."),
    TIME.map(lambda t: f"Come at {t} please."),
    st.dates().filter(lambda d: d.year >= 1100).map(lambda d: f"Come on {d:%B} {d.day}, {d.year}."),
)


@settings(max_examples=300, deadline=None)
@given(PHRASE)
def test_numbers_and_units_come_back_from_speech_as_written(phrase: str) -> None:
    spoken = normalize(phrase, "en-US")
    expected = Reader("en-US").tokens(phrase)
    back = SpokenReader("en-US").tokens(written(spoken, "en-US"))
    assert expected
    for token in expected:
        assert any(token.agrees(t) for t in back), (phrase, spoken, written(spoken, "en-US"))


SPANISH = st.one_of(
    st.tuples(st.integers(1, 999), st.sampled_from(["mg", "mL", "kg", "UI"])).map(
        lambda p: f"Tome {p[0]} {p[1]} hoy."
    ),
    st.tuples(st.integers(1, 99), st.integers(1, 9)).map(lambda p: f"Tome {p[0]},{p[1]} mg."),
    PHONE.map(lambda p: f"Llame al {p}."),
    st.integers(0, 100).map(lambda n: f"El {n} % de las personas."),
    st.tuples(st.integers(1, 20), st.integers(21, 60)).map(lambda r: f"De {r[0]}–{r[1]} semanas."),
)


@settings(max_examples=150, deadline=None)
@given(SPANISH)
def test_spanish_numbers_come_back_from_speech_as_written(phrase: str) -> None:
    spoken = normalize(phrase, "es-ES")
    expected = Reader("es-ES").tokens(phrase)
    back = SpokenReader("es-ES").tokens(written(spoken, "es-ES"))
    for token in expected:
        assert any(token.agrees(t) for t in back), (phrase, spoken, written(spoken, "es-ES"))


@pytest.mark.parametrize(
    ("said", "source"),
    [
        ("call nine hundred eleven", "Call 911."),
        ("take twenty-five milligrams", "Take 2.5 mg."),
        ("take two point five grams", "Take 2.5 mg."),
        ("two inches the morning", "Take 2 in the morning."),
        ("one thousand nine hundred ninety seconds", "The 1990s."),
    ],
)
def test_a_misreading_is_caught(said: str, source: str) -> None:
    expected = Reader("en-US").tokens(source)
    back = SpokenReader("en-US").tokens(written(said, "en-US"))
    assert any(not any(t.agrees(b) for b in back) for t in expected)


@pytest.mark.parametrize("source", ["Batch 3 9 1 f.", "Code 4 7.", "Call 911.", "Call 555-0100."])
def test_digits_read_one_by_one_agree_with_single_digits_and_phone_numbers(source: str) -> None:
    back = SpokenReader("en-US").tokens(written(normalize(source, "en-US"), "en-US"))
    expected = Reader("en-US").tokens(source)
    assert expected and all(any(t.agrees(b) for b in back) for t in expected)
