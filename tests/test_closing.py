"""`contact:` and `footer:`: printed at the foot of every PDF page, and once, as real text with
the model's IDs, at the end of every format: the page's footer, the e-book's content document,
the narration (after the body, before the glossary), the DAISY book and the braille. Narrated
with the `tones` engine."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import need_chromium, need_command

from publish.cli import main
from publish.model.walk import Role, narrated
from publish.parse.markdown import load_article

CONTACT = "Nurse line 555-0142 · 123 Main St, Springfield"
FOOTER = "Rev. 2024-03 · PT-112"
FRONT = f"""\
---
title: Caring for a Cast
language: en-US
publisher: Northside Clinic
date: 2026-11-15
contact: "{CONTACT}"
footer: "{FOOTER}"
glossary:
  - term: cast
    definition: A hard shell that holds a bone still.
---
"""
# Enough text for three pages, so "every page" means more than one.
BODY = "\n".join(
    f"## Day {n}\n\nKeep the cast clean and dry. Rest with it raised on two pillows. "
    "Call us if your fingers feel numb or cold, or if the swelling gets worse.\n"
    for n in range(1, 16)
)
IDS = ["closing-contact", "closing-footer"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_command("pdftotext")
    need_command("lou_translate")
    folder = tmp_path_factory.mktemp("closing")
    source = folder / "cast.md"
    source.write_text(FRONT + BODY, encoding="utf-8")
    out = folder / "out"
    formats = "html,pdf,epub,audio,daisy,braille"
    arguments = ["check", str(source), "-f", formats, "--edition", "all", "--voice", "tones"]
    main([*arguments, "--out", str(out), "-q"])  # the checks' outcome is read from report.json
    return out / "cast"


def _checks(folder: Path) -> dict[str, dict[str, object]]:
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return {c["name"]: c for c in report["checks"]}


def test_the_model_mints_the_closing_after_the_body_and_reads_it_before_the_glossary(
    built: Path,
) -> None:
    article = load_article(built.parent.parent / "cast.md")
    assert article.closing is not None
    assert [s.id for s in article.closing.sentences()] == IDS
    assert [s.text for s in article.closing.sentences()] == [CONTACT, FOOTER]
    assert [s.line for s in article.closing.sentences()] == [6, 7]  # where they are written
    order = [(s.id, step.role) for s, step in narrated(article)]
    ids = [i for i, _ in order]
    assert ids.index("closing-footer") == ids.index("closing-contact") + 1
    assert ids.index("closing-contact") > ids.index("day-15-p1-s1")  # after the body
    assert ids.index("closing-footer") < ids.index("glossary-h")  # before the glossary
    assert {role for i, role in order if i in IDS} == {Role.CLOSING}
    # The body's IDs are the ones it has without the fields: the closing is minted last.
    plain = built.parent.parent / "plain.md"
    plain.write_text(
        FRONT.replace(f'contact: "{CONTACT}"\n', "").replace(f'footer: "{FOOTER}"\n', "") + BODY,
        encoding="utf-8",
    )
    without = load_article(plain)
    assert without.closing is None
    assert [s.id for s, _ in narrated(without)] == [i for i in ids if i not in IDS]


def test_the_checks_pass_with_the_contact_in_every_format(built: Path) -> None:
    checks = _checks(built)
    for name in ("fidelity", "html", "epub", "pdf", "daisy", "braille", "audio"):
        assert checks[name]["status"] in ("pass", "warn"), (name, checks[name]["findings"])
    formats = checks["fidelity"]["metrics"]["formats"]  # type: ignore[index]
    assert {"cast.html", "cast.pdf", "cast-large-print.pdf", "cast.epub"} <= set(formats)
    assert {"cast.timing.json", "cast-daisy/content.html", "cast.brf"} <= set(formats)


@pytest.mark.parametrize("pdf", ["cast.pdf", "cast-large-print.pdf"])
def test_every_pdf_page_shows_the_contact_and_footer(built: Path, pdf: str) -> None:
    info = subprocess.run(["pdfinfo", str(built / pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    assert pages >= 3
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(built / pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        flat = " ".join(text.split())
        assert "555-0142" in flat, (pdf, page)  # the phone number never breaks at its hyphen
        assert "Nurse line" in flat and "Springfield" in flat, (pdf, page)
        assert "PT-112" in flat and "Northside Clinic" in flat, (pdf, page)
        assert f"Page {page} of {pages}" in flat, (pdf, page)  # the page number box stays


@pytest.mark.parametrize("pdf", ["cast.pdf", "cast-large-print.pdf"])
def test_the_pdf_tags_the_contact_once_and_the_running_footer_is_an_artifact(
    built: Path, pdf: str
) -> None:
    tags = subprocess.run(
        ["pdfinfo", "-struct-text", str(built / pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert tags.count('"555-0142"') == 1  # the closing block; each page's repeat is not tagged
    assert tags.count(f'"{FOOTER}"') == 1
    lines = tags.splitlines()
    at = next(i for i, line in enumerate(lines) if '"555-0142"' in line)
    paragraph = next(line for line in reversed(lines[:at]) if "(block)" in line)
    assert paragraph.strip().startswith("P ")  # a paragraph of the text, read once


def test_the_page_has_the_block_in_its_footer(built: Path) -> None:
    from lxml import html

    root = html.fromstring((built / "cast.html").read_bytes())
    footer = root.xpath("//body/footer[@class='site-footer']")[0]
    block = footer.xpath(".//*[@id='closing']")[0]
    assert [s.get("id") for s in block.xpath(".//span[@class='s']")] == IDS
    assert " ".join(block.text_content().split()) == f"{CONTACT} {FOOTER}"
    assert not root.xpath("//main//*[@id='closing']")  # once, in the footer only


def test_the_page_passes_axe(built: Path) -> None:
    need_chromium()
    from publish.checks.html import axe_pages

    assert axe_pages([built / "cast.html"], {}).status.value == "pass"


def test_the_epub_ends_its_content_document_with_the_block(built: Path) -> None:
    from lxml import etree

    with zipfile.ZipFile(built / "cast.epub") as book:
        name = next(n for n in book.namelist() if n.endswith("cast.xhtml"))
        root = etree.fromstring(book.read(name))
        smil = book.read(next(n for n in book.namelist() if n.endswith("cast.smil"))).decode()
    body = root.find("{http://www.w3.org/1999/xhtml}body")
    last = body[-1]
    assert last.tag == "{http://www.w3.org/1999/xhtml}footer" and last.get("id") == "closing"
    spans = [e.get("id") for e in last.iter() if e.get("class") == "s"]
    assert spans == IDS
    for sentence_id in IDS:  # read by the content document's overlay
        assert f"cast.xhtml#{sentence_id}" in smil


def test_the_narration_reads_the_contact_after_the_body_before_the_glossary(built: Path) -> None:
    timing = json.loads((built / "cast.timing.json").read_text(encoding="utf-8"))
    ids = [s["id"] for s in timing["sentences"]]
    assert ids.index("closing-contact") < ids.index("closing-footer") < ids.index("glossary-h")
    assert ids.index("closing-contact") > ids.index("day-15-p1-s1")
    spoken = next(s["spoken"] for s in timing["sentences"] if s["id"] == "closing-contact")
    assert "five five five, zero one four two" in spoken
    captions = (built / "cast.vtt").read_text(encoding="utf-8")
    assert "closing-contact" in captions or CONTACT in captions


def test_the_daisy_book_has_the_contact_in_its_text_and_smil(built: Path) -> None:
    daisy = built / "cast-daisy"
    content = (daisy / "content.html").read_text(encoding="utf-8")
    assert 'id="closing-contact"' in content and "555-0142" in content
    assert content.index('id="closing"') < content.index('id="glossary"')
    smils = " ".join(p.read_text(encoding="utf-8") for p in daisy.glob("*.smil"))
    for sentence_id in IDS:
        assert f"content.html#{sentence_id}" in smils


def test_the_braille_has_the_contact_before_the_glossary(built: Path) -> None:
    from publish.render.braille import lines_of
    from publish.strings import strings_for

    article = load_article(built.parent.parent / "cast.md")
    lines = [line.text for line in lines_of(article, {}, strings_for("en-US"))]
    assert lines.index(CONTACT) + 1 == lines.index(FOOTER)
    assert lines.index(FOOTER) < lines.index("Glossary")
    brf = (built / "cast.brf").read_bytes()
    assert b",NURSE L9E #EEE-#JADB" in brf  # "Nurse line 555-0142", contracted


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("contact: 5550142", "'contact' must be one line of text"),
        ("footer: [Rev. 3, PT-112]", "'footer' must be one line of text"),
        ('contact: "Nurse line 555-0142\\n123 Main St"', "'contact' must be one line"),
        ("contact: |\n  Nurse line 555-0142\n  123 Main St", "'contact' must be one line"),
        ("contcat: Nurse line 555-0142", "did you mean 'contact'?"),
    ],
    ids=["number", "list", "escaped-break", "block", "misspelt"],
)
def test_a_bad_value_is_an_error_at_its_line(
    line: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.md"
    source.write_text(f"---\ntitle: T\nlanguage: en\n{line}\n---\nText.\n", encoding="utf-8")
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{source}:4: " in err and message in err, err
    assert "Traceback" not in err
