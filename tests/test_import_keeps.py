"""Word import keeps what the clinic wrote (issue 27): merged table cells, lists inside cells,
one title, Word's table of contents left out with one note, quiet and grouped notices, an
honest date, and pictures that are converted, scaled down or marked, never silently lost."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import stat
import zipfile
from pathlib import Path

import docx_fixtures as word
import pytest

from publish.cli import main


def run_import(capsys: pytest.CaptureFixture[str], docx: Path, *args: str) -> tuple[int, str]:
    code = main(["import", str(docx), "--out", str(docx.parent / "source"), *args])
    return code, capsys.readouterr().err


def body(docx: Path) -> str:
    return (docx.parent / "source" / f"{docx.stem}.md").read_text().split("---\n", 2)[2]


def front(docx: Path) -> str:
    return (docx.parent / "source" / f"{docx.stem}.md").read_text().split("---\n", 2)[1]


def clinic_table(path: Path) -> Path:
    """A Title, the same words as Heading 1, a table of contents, a table with cells merged
    across and down and a list inside a cell, and many Body Text paragraphs."""
    w = word.Writer()
    w.doc.add_paragraph("Polyp follow-up", style="Title")
    w.doc.add_paragraph("Polyp follow-up", style="Heading 1")
    contents = w.doc.styles.add_style("toc 1", 1)
    w.doc.add_paragraph("What we found\t2", style=contents)
    w.doc.add_paragraph("When to come back\t3", style=contents)
    for n in range(5):
        w.doc.add_paragraph(f"Read this part {n + 1} with care.", style="Body Text")
    table = w.doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    rows = [
        ["What we found", "Size", "Next colonoscopy"],
        ["Polyp", "Under 10 mm", "In 5 years"],
        ["", "10 mm or more", "In 3 years"],
        ["Call the nurse line at 555-0142", "", ""],
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.rows[0]._tr.get_or_add_trPr().append(w.element("w:tblHeader"))
    table.cell(1, 0).merge(table.cell(2, 0))  # down two rows
    table.cell(3, 0).merge(table.cell(3, 2))  # across three columns
    cell = table.cell(1, 1)
    cell.add_paragraph("Small polyp", style="List Bullet")
    cell.add_paragraph("Large polyp", style="List Bullet")
    w.doc.add_paragraph("Keep this sheet.")
    return w.save(path)


def test_tables_title_contents_and_notices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = clinic_table(tmp_path / "polyps.docx")
    code, said = run_import(capsys, docx)
    assert code == 0, said
    text = body(docx)
    # One title: the Heading 1 that repeats it is not a section.
    assert "title: Polyp follow-up" in front(docx)
    assert "# Polyp follow-up" not in text
    # Word's table of contents is left out, once.
    assert "What we found\t2" not in text and "When to come back" not in text.split("|")[0]
    assert said.count("table of contents") == 1
    # Merged cells: the value in each cell it covers, each reported at its row.
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert rows[2].startswith("| Polyp | Under 10 mm; Small polyp; Large polyp | In 5 years |")
    assert rows[3] == "| Polyp | 10 mm or more | In 3 years |"
    assert rows[4] == "| " + " | ".join(["Call the nurse line at 555-0142"] * 3) + " |"
    assert 'table 1, row 2: the merged cell "Polyp" covers 2 rows' in said
    assert (
        'table 1, row 4: the merged cell "Call the nurse line at 555-0142" covers 3 columns' in said
    )
    # Words in a cell are never glued together.
    assert "Small polypLarge polyp" not in text + said
    # Body Text is quiet; nothing is said twice.
    assert "Body Text" not in said
    lines = [line for line in said.splitlines() if line.strip()]
    assert len(lines) == len(set(lines))


def test_the_imported_table_says_the_same_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = clinic_table(tmp_path / "polyps.docx")
    assert run_import(capsys, docx)[0] == 0
    source = docx.parent / "source" / "polyps.md"
    out = tmp_path / "out"
    code = main(["check", str(source), "-f", "all", "--out", str(out), "-q"])
    report = json.loads((out / "polyps" / "report.json").read_text())
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert statuses["fidelity"] == "pass" and code == 0, statuses


def grouped_notices(path: Path) -> Path:
    """Five paragraphs in a style publish has no use for, and a text box Word writes twice."""
    w = word.Writer()
    w.doc.add_paragraph("Notices", style="Title")
    odd = w.doc.styles.add_style("Clinic Note", 1)
    for n in range(5):
        w.doc.add_paragraph(f"Note number {n + 1}.", style=odd)
    paragraph = w.doc.add_paragraph("Beside the box.")
    box = (
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-'
        'compatibility/2006"><mc:Choice Requires="wps"><w:drawing><wp:inline><a:graphic>'
        '<a:graphicData uri="x"><w:txbxContent><w:p><w:r><w:t>Boxed words</w:t></w:r></w:p>'
        "</w:txbxContent></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Boxed words"
        "</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    w.raw(paragraph, box)
    return w.save(path)


def test_notices_are_grouped_with_a_count_and_the_first_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = grouped_notices(tmp_path / "notices.docx")
    code, said = run_import(capsys, docx)
    assert code == 0, said
    styles = [line for line in said.splitlines() if "'Clinic Note'" in line]
    assert len(styles) == 1
    assert "(5 use(s), first at paragraph 2" in styles[0] and "and 2 more" in styles[0]
    assert said.count('the text box "Boxed words"') == 1


def dated(path: Path, created: dt.datetime, modified: dt.datetime, text: str = "") -> Path:
    w = word.Writer()
    w.doc.add_paragraph("Dates", style="Title")
    w.doc.add_paragraph(text or "A plain paragraph.")
    w.doc.core_properties.created = created
    w.doc.core_properties.modified = modified
    return w.save(path)


@pytest.mark.parametrize(
    ("created", "modified", "text", "expected", "note"),
    [
        # modified newer than created: the later one
        (dt.datetime(2024, 2, 1), dt.datetime(2025, 6, 3), "", "date: 2025-06-03", None),
        # python-docx's template dates: no date, and a note
        (dt.datetime(2013, 12, 23), dt.datetime(2013, 12, 23), "", None, "template's"),
        # older than a date the text gives: no date, and a note
        (
            dt.datetime(2020, 1, 1),
            dt.datetime(2020, 1, 1),
            "Reviewed on March 3, 2024.",
            None,
            "earlier than a date in its text (2024-03-03)",
        ),
    ],
)
def test_the_date_is_the_documents_own(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    created: dt.datetime,
    modified: dt.datetime,
    text: str,
    expected: str | None,
    note: str | None,
) -> None:
    docx = dated(tmp_path / "dates.docx", created, modified, text)
    code, said = run_import(capsys, docx)
    assert code == 0, said
    if expected:
        assert expected in front(docx)
    else:
        assert "date:" not in front(docx)
        assert note in said and "add 'date:' to the front matter" in said


def with_emf(path: Path) -> Path:
    """The handout, its picture stored as EMF (renamed, with EMF's content type)."""
    source = word.handout(path.with_name("png.docx"))
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            name = item.filename
            if name.startswith("word/media/") and name.endswith(".png"):
                name = name[: -len(".png")] + ".emf"
            elif name == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>", b'<Default Extension="emf" ContentType="image/x-emf"/></Types>'
                )
            elif name == "word/_rels/document.xml.rels":
                data = re.sub(rb'(Target="media/[^"]+)\.png"', rb'\1.emf"', data)
            new.writestr(name, data)
    return path


def test_an_emf_picture_leaves_a_visible_placeholder_without_a_converter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no soffice
    docx = with_emf(tmp_path / "emf.docx")
    code, said = run_import(capsys, docx)
    assert code == 0, said
    text = body(docx)
    assert "\\[Picture not imported (EMF): Soap and water at a sink\\]" in text
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "Picture not imported" in t)
    source = docx.parent / "source" / "emf.md"
    header = len((source.read_text().split("---\n", 2)[1]).splitlines()) + 2
    assert f"{source}:{line + header}: a picture in a format the web cannot show" in said


def test_an_emf_picture_is_converted_by_libreoffice_when_it_is_installed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The call publish makes to LibreOffice (`soffice --headless --convert-to png --outdir
    D FILE`), answered by a stand-in that writes a PNG where LibreOffice would."""
    tools = tmp_path / "bin"
    tools.mkdir()
    png = tools / "made.png"
    png.write_bytes(word.picture())
    fake = tools / "soffice"
    fake.write_text(
        f'#!/bin/sh\nwhile [ "$1" != "--outdir" ]; do shift; done\ncp {png} "$2/picture.png"\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    docx = with_emf(tmp_path / "emf.docx")
    code, said = run_import(capsys, docx)
    assert code == 0, said
    assert "![Soap and water at a sink](emf-images/" in body(docx)
    assert "a picture in EMF became PNG (LibreOffice)" in said
    pictures = list((docx.parent / "source" / "emf-images").iterdir())
    assert [p.suffix for p in pictures] == [".png"]


def test_an_oversized_picture_is_scaled_down_not_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PIL import Image

    big = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 40, 40)).save(big, format="PNG")
    w = word.Writer()
    w.doc.add_paragraph("Big picture", style="Title")
    w.picture("A red square", big.getvalue())
    docx = w.save(tmp_path / "big.docx")
    code, said = run_import(capsys, docx, "--limit", "image_pixels=30000")
    assert code == 0, said
    assert "a picture of 400 x 300 pixels" in said and "scaled down to 200 x 150" in said
    [picture] = (docx.parent / "source" / "big-images").iterdir()
    with Image.open(picture) as shown:
        assert shown.size[0] * shown.size[1] <= 30000


def with_margins(path: Path) -> Path:
    """The clinic's name in the header, the nurse line and a revision code in the footer,
    the first-page and even-page variants repeating them, and a long disclaimer."""
    w = word.Writer()
    w.doc.add_paragraph("Wound care", style="Title")
    w.doc.add_paragraph("Keep the wound clean and dry.")
    section = w.doc.sections[0]
    section.different_first_page_header_footer = True
    w.doc.settings.odd_and_even_pages_header_footer = True
    section.header.paragraphs[0].text = "Springfield Cancer Clinic"
    section.even_page_header.paragraphs[0].text = "Springfield Cancer Clinic"
    section.first_page_header.paragraphs[0].text = "Wound care"  # the title again
    footer = section.footer
    footer.paragraphs[0].text = "Nurse line: 555-0142"
    footer.add_paragraph("Rev. 2024-03 PT-112")
    footer.add_paragraph("Page 1 of 2")
    footer.add_paragraph(
        "This sheet does not replace the advice of your care team; ask them about anything "
        "that is not clear to you."
    )
    section.first_page_footer.paragraphs[0].text = "Nurse line: 555-0142"
    section.even_page_footer.paragraphs[0].text = "Rev. 2024-03 PT-112"
    return w.save(path)


def test_headers_and_footers_are_kept_once_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = with_margins(tmp_path / "wound.docx")
    code, said = run_import(capsys, docx)
    assert code == 0, said
    meta = front(docx)
    assert "contact: 'Springfield Cancer Clinic · Nurse line: 555-0142'" in meta
    assert "footer: Rev. 2024-03 PT-112" in meta
    text = body(docx)
    assert "## From the page header and footer" in text
    assert "This sheet does not replace the advice of your care team" in text
    assert "Page 1 of 2" not in text + meta and text.count("Wound care") == 0
    for line in ("Springfield Cancer Clinic", "Nurse line: 555-0142", "Rev. 2024-03 PT-112"):
        assert said.count(f'line "{line}" became') == 1
    source = docx.parent / "source" / "wound.md"
    out = tmp_path / "out"
    code = main(["check", str(source), "-f", "html,pdf,audio", "--out", str(out), "-q"])
    report = json.loads((out / "wound" / "report.json").read_text())
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert statuses["fidelity"] == "pass" and code == 0, statuses
    page = (out / "wound" / "wound.html").read_text()
    assert "555-0142" in page and "PT-112" in page


def test_a_file_name_in_any_script_gets_a_name_of_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Chinese file name was 'handout', so a second one could not be imported."""
    first = word.handout(tmp_path / "洗手.docx")
    second = word.handout(tmp_path / "吃药.docx")
    assert run_import(capsys, first)[0] == 0
    assert run_import(capsys, second)[0] == 0
    assert sorted(p.name for p in (tmp_path / "source").glob("*.md")) == [
        "chi-yao.md",
        "xi-shou.md",
    ]
