"""The PDF handouts, read back with pikepdf and poppler: PDF/UA-1 structure, print setup, editions."""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from conftest import SAMPLE, need_command
from pages import RICH, rich_source
from pdfinspect import embedded_fonts, roles, struct_elements, text_runs

from publish.cli import main
from publish.parse.markdown import load_article

SLUG = "cell-and-gene-therapy"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    out = folder / "build"
    rich = rich_source(folder)
    rich.write_text(
        RICH.replace("date: 2026-01-31", "date: 2026-01-31\nurl: https://example.org/leaflet")
    )
    assert (
        main(
            [
                "build",
                str(SAMPLE),
                str(rich),
                "-f",
                "pdf",
                "--edition",
                "all",
                "--out",
                str(out),
                "-q",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "build",
                str(SAMPLE),
                "-f",
                "pdf",
                "--press",
                "--paper",
                "letter",
                "--out",
                str(folder / "press"),  # a build replaces its folder whole
                "-q",
            ]
        )
        == 0
    )
    return {
        "standard": out / SLUG / f"{SLUG}.pdf",
        "large-print": out / SLUG / f"{SLUG}-large-print.pdf",
        "press": folder / "press" / SLUG / f"{SLUG}-press.pdf",
        "rich": out / "every-block" / "every-block.pdf",
    }


def open_pdf(path: Path) -> pikepdf.Pdf:
    return pikepdf.open(path)


@pytest.mark.parametrize("name", ["standard", "large-print", "rich"])
def test_pdf_ua_basics(built: dict[str, Path], name: str) -> None:
    pdf = open_pdf(built[name])
    assert pdf.Root.MarkInfo.Marked is True
    assert "/StructTreeRoot" in pdf.Root
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    meta = pdf.open_metadata()
    assert meta.get("pdfuaid:part") == "1"
    expected = "Every block" if name == "rich" else "Cell and Gene Therapy for Cancer"
    assert meta.get("dc:title") == expected
    assert str(pdf.Root.Lang) == ("en-GB" if name == "rich" else "en-US")


def test_structure_of_the_sample(built: dict[str, Path]) -> None:
    found = roles(open_pdf(built["standard"]))
    headings = [int(r[1]) for r in found if re.fullmatch(r"H[1-6]", r)]
    assert headings == [1, 2, 2, 2, 2, 2]  # title, four sections, glossary
    assert found.count("P") >= 10  # byline and nine paragraphs
    assert "L" in found and "LI" in found


def test_structure_of_every_block(built: dict[str, Path]) -> None:
    pdf = open_pdf(built["rich"])
    found = roles(pdf)
    for role in ("H1", "H2", "H3", "P", "L", "LI", "Table", "TH", "TD", "Figure", "Link"):
        assert role in found, role
    headings = [int(r[1]) for r in found if re.fullmatch(r"H[1-6]", r)]
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings))
    for element in struct_elements(pdf):
        if element.S == "/Figure":
            assert str(element.get("/Alt", "")).strip()
        if element.S == "/TH":
            assert element.A.Scope == "/Column"
    alts = [str(e.Alt) for e in struct_elements(pdf) if e.S == "/Figure"]
    assert "A nurse talking with a patient" in alts
    assert "QR code linking to https://example.org/leaflet" in alts


@pytest.mark.parametrize("name", ["standard", "large-print", "press", "rich"])
def test_every_font_is_embedded(built: dict[str, Path], name: str) -> None:
    fonts = embedded_fonts(open_pdf(built[name]))
    assert fonts and all(fonts.values()), fonts
    if name != "rich":  # the sample needs no fallback font: all of it is Atkinson Hyperlegible
        assert all("Atkinson-Hyperlegible" in f for f in fonts), fonts


def test_bookmarks_follow_the_headings(built: dict[str, Path]) -> None:
    pdf = open_pdf(built["standard"])
    with pdf.open_outline() as outline:
        top = outline.root
        assert [i.title for i in top] == ["Cell and Gene Therapy for Cancer"]
        assert [i.title for i in top[0].children] == [
            "Understanding Cell and Gene Therapy",
            "Cell and Gene Therapy in Cancer Research",
            "Advancements in Cancer Treatment",
            "Overcoming Challenges",
            "Glossary",
        ]


def test_document_info_comes_from_the_source(built: dict[str, Path]) -> None:
    pdf = open_pdf(built["standard"])
    info = pdf.docinfo
    assert str(info.Title) == "Cell and Gene Therapy for Cancer"
    assert str(info.Author) == "Unattributed sample text"
    assert str(info.Subject).startswith("How cell therapy")
    assert "gene therapy" in str(info.Keywords)
    assert str(info.CreationDate).startswith("D:20261128")


def test_page_counts(built: dict[str, Path]) -> None:
    counts = {
        name: len(open_pdf(built[name]).pages) for name in ("standard", "large-print", "press")
    }
    assert counts == {"standard": 3, "large-print": 5, "press": 3}


def test_large_print_is_18pt_everywhere(built: dict[str, Path]) -> None:
    runs = text_runs(open_pdf(built["large-print"]))
    assert runs and min(r.size_pt for r in runs) >= 18.0


def test_standard_body_is_at_least_12pt(built: dict[str, Path]) -> None:
    runs = text_runs(open_pdf(built["standard"]))
    body = [r for r in runs if not r.artifact]
    assert min(r.size_pt for r in body) >= 12.0


def test_headers_and_footers_are_artifacts(built: dict[str, Path]) -> None:
    pdf = open_pdf(built["standard"])
    runs = text_runs(pdf)
    for page in range(1, len(pdf.pages) + 1):
        artifacts = [r for r in runs if r.page == page and r.artifact]
        assert len(artifacts) >= (2 if page == 1 else 3)  # no running title on page 1
    # Everything else is real content, reachable from the structure tree's parent tree.
    parent_tree = pdf.Root.StructTreeRoot.ParentTree.Nums
    for run in runs:
        if not run.artifact:
            assert run.mcid is not None
            page_array = parent_tree[2 * (run.page - 1) + 1]
            assert page_array[run.mcid] is not None


def _normalized(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


@pytest.mark.parametrize("name", ["standard", "large-print"])
def test_text_layer_has_every_sentence_in_order(built: dict[str, Path], name: str) -> None:
    pdftotext = need_command("pdftotext")
    text = subprocess.run(
        [pdftotext, str(built[name]), "-"], capture_output=True, text=True, check=True
    ).stdout
    # The running header and footer are artifacts, but pdftotext prints them; drop them.
    furniture = re.compile(
        r"^(Cell and Gene Therapy|publish sample library · November 28, 2026|"
        r"Page \d+ of \d+)$"
    )
    flat = _normalized("\n".join(ln for ln in text.splitlines() if not furniture.match(ln.strip())))
    position = 0
    for sentence in load_article(SAMPLE).sentences():
        found = flat.find(_normalized(sentence.text), position)
        assert found >= 0, sentence.id
        position = found


def test_sentence_ids_are_named_destinations(built: dict[str, Path]) -> None:
    pdf = open_pdf(built["standard"])
    names = pdf.Root.Names.Dests.Names
    destinations = {str(names[i]) for i in range(0, len(names), 2)}
    for sentence in load_article(SAMPLE).sentences():
        assert sentence.id in destinations


def test_press_has_bleed_and_crop_marks(built: dict[str, Path]) -> None:
    press = open_pdf(built["press"])
    page = press.pages[0]
    media = [float(x) for x in page.MediaBox]
    trim = [float(x) for x in page.TrimBox]
    bleed = [float(x) for x in page.BleedBox]
    three_mm = 3 / 25.4 * 72
    assert trim[2] - trim[0] == pytest.approx(612, abs=0.5)  # US Letter
    assert trim[0] - bleed[0] == pytest.approx(three_mm, abs=0.1)
    assert media[0] <= bleed[0]
    pdftoppm = need_command("pdftoppm")
    ppm = subprocess.run(
        [pdftoppm, "-r", "72", "-f", "1", "-l", "1", "-gray", str(built["press"])],
        capture_output=True,
        check=True,
    ).stdout
    header, pixels = _pgm(ppm)
    width, _ = header
    corner = [pixels[y * width + x] for y in range(12) for x in range(12)]
    assert min(corner) < 128  # a crop mark is drawn in the bleed corner
    standard_pdf = open_pdf(built["standard"])
    standard = standard_pdf.pages[0]
    assert [float(x) for x in standard.MediaBox] == [float(x) for x in standard.TrimBox]


def _pgm(data: bytes) -> tuple[tuple[int, int], bytes]:
    parts = data.split(b"\n", 3)
    width, height = (int(x) for x in parts[1].split())
    return (width, height), parts[3]
