"""The HTML page, parsed: the invariants a reviewer would check by hand."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import SAMPLE
from pages import render_html, rich_source

from publish.model import walk
from publish.parse.markdown import load_article

NS = ""


@pytest.fixture(scope="module")
def sample_html() -> str:
    return render_html(SAMPLE)


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    source = rich_source(tmp_path_factory.mktemp("rich"))
    return source, render_html(source)


def parse(html: str) -> ET.Element:
    """The page is polyglot markup: it parses as XML too, which makes it easy to inspect."""
    return ET.fromstring(html.removeprefix("<!DOCTYPE html>\n"))


def text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_page_basics(sample_html: str) -> None:
    root = parse(sample_html)
    assert root.get("lang") == "en-US"
    assert text(root.find("head/title")) == "Cell and Gene Therapy for Cancer"
    description = root.find("head/meta[@name='description']")
    assert description is not None and description.get("content", "").startswith("How cell therapy")
    viewport = root.find("head/meta[@name='viewport']")
    assert viewport is not None and "width=device-width" in viewport.get("content", "")


def test_landmarks_and_skip_link(sample_html: str) -> None:
    body = parse(sample_html).find("body")
    first = body[0]
    assert first.tag == "a" and first.get("href") == "#main"
    mains = body.findall(".//main")
    assert len(mains) == 1 and mains[0].get("id") == "main"
    assert body.find(".//nav") is not None
    assert body.find("footer") is not None
    assert len(body.findall(".//h1")) == 1


def test_headings_never_skip_a_level(tmp_path: Path) -> None:
    source = tmp_path / "jumps.md"
    source.write_text(
        "---\ntitle: T\nlanguage: en\n---\n#### Deep\n\nx\n\n## Two\n\n#### Four\n\n"
        "###### Six\n\ny\n"
    )
    levels = [int(m) for m in re.findall(r"<h([1-6])[ >]", render_html(source))]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


def test_every_sentence_is_a_span_with_the_model_id(sample_html: str) -> None:
    root = parse(sample_html)
    spans = {e.get("id"): text(e) for e in root.iter("span") if e.get("class") == "s"}
    article = load_article(SAMPLE)
    terms = {g.id for g in article.glossary}  # a glossary term is read from its <dfn>
    expected = [s for s, _ in walk.narrated(article) if s.id not in terms]
    for sentence in expected:
        assert spans.get(sentence.id) == sentence.text
    assert len(spans) == len(expected)


def test_ids_are_unique(sample_html: str, rich: tuple[Path, str]) -> None:
    for html in (sample_html, rich[1]):
        ids = [e.get("id") for e in parse(html).iter() if e.get("id")]
        assert len(ids) == len(set(ids))


def test_no_script_anywhere(sample_html: str, rich: tuple[Path, str]) -> None:
    for html in (sample_html, rich[1]):
        root = parse(html)
        assert root.find(".//script") is None
        for element in root.iter():
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on")
                assert not value.strip().lower().startswith("javascript:")
        csp = root.find("head/meta[@http-equiv='Content-Security-Policy']")
        assert csp is not None and "default-src 'none'" in csp.get("content", "")


def test_glossary_terms(sample_html: str) -> None:
    root = parse(sample_html)
    abbrs = {text(a): a.get("title") for a in root.iter("abbr")}
    assert abbrs["CAR-T"] == "Chimeric Antigen Receptor T-cell"
    assert abbrs["ALL"] == "acute lymphoblastic leukemia"
    dfns = [d.get("id") for d in root.iter("dfn")]
    assert "term-car-t" in dfns and "term-remission" in dfns
    links = [a.get("href") for a in root.iter("a") if a.get("class") == "term"]
    assert links.count("#term-car-t") == 1  # only the first use links to the glossary


def test_lowercase_all_is_not_the_leukaemia(tmp_path: Path) -> None:
    source = tmp_path / "all.md"
    source.write_text(
        "---\ntitle: T\nlanguage: en\nglossary:\n  - term: ALL\n    expansion: acute "
        "lymphoblastic leukemia\n    definition: A blood cancer.\n---\nALL is a cancer. "
        "We all know that All Saints is a school.\n"
    )
    root = parse(render_html(source))
    paragraph = root.find(".//main//p[@id='intro-p1']")
    assert [text(a) for a in paragraph.iter("abbr")] == ["ALL"]  # "all" and "All" stay plain words


def test_rich_blocks(rich: tuple[Path, str]) -> None:
    root = parse(rich[1])
    assert root.get("lang") == "en-GB"
    figure = root.find(".//figure")
    img = figure.find("img")
    assert img.get("alt") == "A nurse talking with a patient"
    assert img.get("src", "").startswith("data:image/png;base64,")
    assert text(figure.find("figcaption")) == "The day unit."
    ths = list(root.iter("th"))
    assert ths and all(th.get("scope") == "col" for th in ths)
    assert [s for s in root.iter("span") if s.get("lang") == "fr"]
    assert root.find(".//ol/li/p/span") is not None
    assert root.find(".//blockquote/p") is not None
    notes = root.find(".//section[@role='doc-endnotes']")
    assert notes is not None and notes.find(".//a[@role='doc-backlink']") is not None
    assert root.find(".//a[@role='doc-noteref']").get("href") == "#fn-1"


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_at_least_7_to_1_in_light_and_dark(sample_html: str) -> None:
    style = parse(sample_html).find("head/style").text or ""
    light = style.split("@media (prefers-color-scheme: dark)")[0]
    dark = style.split("@media (prefers-color-scheme: dark)")[1].split("@media")[0]
    for scheme in (light, dark):
        colours = dict(re.findall(r"--(\w+):\s*(#[0-9a-fA-F]{6})", scheme))
        for name in ("fg", "muted", "link"):
            assert contrast(colours[name], colours["bg"]) >= 7.0, (name, colours)
        assert contrast(colours["link"], colours["accent"]) >= 4.5


def test_print_stylesheet(sample_html: str) -> None:
    assert "@media print" in sample_html
    assert 'a[href^="http"]::after' in sample_html
