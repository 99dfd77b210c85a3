"""Word's numbered steps keep the numbers Word shows: start values, continuation across an
unnumbered paragraph, restarts, and letters and Roman numerals at nested levels; and every
format built from the import says the same numbers."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import docx_fixtures as word
import pytest
from markdown_it import MarkdownIt

from publish.cli import main
from publish.imports.numbering import number_text
from publish.model.nodes import list_label


def restarted(w: word.Writer, list_id: int, start: int) -> int:
    """Word's "Restart at": a new list on the same definition, starting again at `start`."""
    numbering = w.doc.part.numbering_part.element
    w.lists = getattr(w, "lists", 0) + 1
    number = 100 + w.lists
    num = w.element("w:num", w_numId=str(number))
    num.append(w.element("w:abstractNumId", w_val=str(list_id)))
    override = w.element("w:lvlOverride", w_ilvl="0")
    override.append(w.element("w:startOverride", w_val=str(start)))
    num.append(override)
    numbering.append(num)
    return number


def steps_document(path: Path) -> Path:
    """A clinic's steps: a list restarted at 5, letters and Roman numerals nested, a "Tip:"
    paragraph the list continues after, then a second list restarted at 1."""
    w = word.Writer()
    w.doc.add_paragraph("Before your scan", style="Title")
    w.doc.add_paragraph("Do these steps in order.")
    steps = w.new_list("decimal", "lowerLetter", "lowerRoman")
    five = restarted(w, steps, 5)
    w.item("Stop eating at 10 pm.", five)
    w.item("Take your pills.", five)
    w.item("Take 2 tablets of 500 mg.", five, 1)
    w.item("Take 1 capsule.", five, 1)
    w.item("Drink 250 mL of water.", five, 2)
    w.item("Wait 30 minutes.", five, 2)
    w.doc.add_paragraph("Tip: set an alarm.")
    w.item("Come to the clinic at 8 am.", five)
    w.item("Bring your list of medicines.", five)
    w.doc.add_paragraph("After your scan", style="Heading 1")
    again = restarted(w, steps, 1)
    w.item("Drink plenty of water.", again)
    w.item("Call 911 if you feel faint.", again)
    return w.save(path)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("numbering")
    source = steps_document(folder / "steps.docx")
    assert main(["import", str(source), "--out", str(folder / "source")]) == 0
    return folder / "source" / "steps.md"


def test_the_markdown_keeps_words_numbers_for_every_renderer(imported: Path) -> None:
    text = imported.read_text()
    body = text.split("---\n", 2)[2]
    assert "5. Stop eating at 10 pm." in body
    assert "6. Take your pills." in body
    assert "{type=a}" in body and "{type=i}" in body
    assert "7. Come to the clinic at 8 am." in body  # continued after the tip, not 1
    # A plain CommonMark renderer numbers the lists as Word did (no publish code involved).
    html = MarkdownIt("commonmark").render(body)
    starts = re.findall(r"<ol(?: start=\"(\d+)\")?>", html)
    assert [int(s or 1) for s in starts] == [5, 1, 1, 7, 1]


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode()


def test_every_format_says_the_numbers_word_shows(imported: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = main(["check", str(imported), "-f", "all", "--edition", "all", "--out", str(out), "-q"])
    folder = out / "steps"
    report = json.loads((folder / "report.json").read_text())
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert statuses["fidelity"] == "pass", statuses
    assert code == 0, statuses
    page = (folder / "steps.html").read_text()
    lists = re.findall(r"<ol id=\"[^\"]+\"([^>]*)>", page)
    assert lists == [' start="5"', ' type="a"', ' type="i"', ' start="7"', ""]
    for pdf in ("steps.pdf", "steps-large-print.pdf"):
        said = " ".join(pdf_text(folder / pdf).split())
        for label, words in (
            ("5.", "Stop eating"),
            ("b.", "Take 1 capsule"),
            ("i.", "Drink 250 mL"),
            ("ii.", "Wait 30"),
            ("7.", "Come to the clinic"),
            ("8.", "Bring your list"),
            ("2.", "Call 911"),
        ):
            assert f"{label} {words}" in said, (pdf, label)
    timing = json.loads((folder / "steps.timing.json").read_text())
    spoken = [s["spoken"] for s in timing["sentences"]]
    assert any(s.startswith("five. Stop eating") for s in spoken)
    assert any(s.startswith("seven. Come to the clinic") for s in spoken)
    assert any(s.startswith("b. Take one capsule") for s in spoken)
    braille = (folder / "steps.brf").read_text()
    assert "#E4 ,/OP EAT+" in braille  # 5. Stop eating
    assert "#G4 ,COME" in braille  # 7. Come


def test_numbering_rules(tmp_path: Path) -> None:
    """Numbers outside a Markdown list's reach stay as their words: "1.1." labels and a
    numbered heading."""
    w = word.Writer()
    w.doc.add_paragraph("Outline", style="Title")
    outline = w.new_list("decimal", "decimal")
    level = w.doc.part.numbering_part.element.find(
        f".//{{{word.W}}}abstractNum[@{{{word.W}}}abstractNumId='{outline}']"
        f"/{{{word.W}}}lvl[@{{{word.W}}}ilvl='1']/{{{word.W}}}lvlText"
    )
    level.set(f"{{{word.W}}}val", "%1.%2.")
    w.item("Care of the wound", outline)
    w.item("Keep it dry.", outline, 1)
    w.item("Change the dressing daily.", outline, 1)
    heading = w.doc.add_paragraph("Aftercare", style="Heading 1")
    numbered = w.element("w:numPr")
    numbered.append(w.element("w:ilvl", w_val="0"))
    numbered.append(w.element("w:numId", w_val=str(outline)))
    heading._p.get_or_add_pPr().append(numbered)
    source = w.save(tmp_path / "outline.docx")
    assert main(["import", str(source), "--out", str(tmp_path / "s")]) == 0
    body = (tmp_path / "s" / "outline.md").read_text().split("---\n", 2)[2]
    assert "1. Care of the wound" in body
    assert "- 1.1. Keep it dry." in body and "- 1.2. Change the dressing daily." in body
    assert "## 2. Aftercare" in body  # the heading's number, as Word shows it


def test_a_block_attribute_other_than_a_list_type_is_an_error_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.md"
    source.write_text(
        "---\ntitle: Bad\nlanguage: en\n---\n\nIntro.\n\n{#mine}\nA paragraph.\n\n"
        "{type=x}\n1. One.\n"
    )
    code = main(["build", str(source), "--out", str(tmp_path / "o"), "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{source}:8:" in err and "{id=mine}" in err
    assert f"{source}:11:" in err and "{type=x}" in err
    assert not (tmp_path / "o" / "bad").exists()


@pytest.mark.parametrize(
    ("value", "fmt", "style", "shown"),
    [
        (4, "decimal", "1", "4"),
        (2, "lowerLetter", "a", "b"),
        (26, "upperLetter", "A", "Z"),
        (9, "lowerRoman", "i", "ix"),
        (14, "upperRoman", "I", "XIV"),
    ],
)
def test_word_and_the_page_write_a_number_alike(
    value: int, fmt: str, style: str, shown: str
) -> None:
    assert number_text(value, fmt) == shown == list_label(value, style)


def test_past_z_word_and_the_page_differ_so_the_label_stays_text() -> None:
    assert number_text(28, "lowerLetter") == "bb"
    assert list_label(28, "a") == "ab"
