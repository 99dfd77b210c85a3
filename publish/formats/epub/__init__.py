"""EPUB 3.3 from the model, with EbookLib writing the package and our templates the content."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment

from publish.assets import CoverImage
from publish.config import Metadata
from publish.config.review import review_metadata
from publish.formats.base import Link
from publish.formats.epub.accessibility import (
    BookFacts,
    certification,
    count_images,
    metadata,
)
from publish.formats.epub.chapters import (
    GLOSSARY_DOCUMENT,
    Chapter,
    add_glossary_overlay,
    add_overlay,
    unnarrated,
)
from publish.formats.epub.overlay import ACTIVE_CLASS, clock
from publish.formats.epub.package import finish_package
from publish.limits import build_time
from publish.model.ids import book_uuid
from publish.model.nodes import Article, Definition, Glossary, Section
from publish.model.walk import images
from publish.names import OutputNames
from publish.products import Product, Products
from publish.render.cover import cover_alt, cover_png
from publish.render.page import brand_context, page_context
from publish.settings import BuildOptions
from publish.strings import strings_for

IDENTIFIER_NAMESPACE = uuid.UUID("6f1c9d52-8f0e-4c55-9a57-2b1f3c6d8e01")


@dataclass(frozen=True)
class NavEntry:
    title: str
    href: str
    children: tuple[NavEntry, ...] = ()


def image_name(src: str) -> str:
    """Where an image lives in the book: its own path, or a stable name for a fetched one."""
    if urlsplit(src).scheme in ("http", "https"):
        suffix = PurePosixPath(urlsplit(src).path).suffix or ".img"
        return f"remote-{hashlib.sha256(src.encode()).hexdigest()[:16]}{suffix}"
    return src


def book_identifier(article: Article) -> str:
    """A UUID derived from the source's name and title: stable across rebuilds, never random."""
    return book_uuid(article)


def identifier_for(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, key)}"


def _merged_glossary(articles: list[Article]) -> Glossary | None:
    """The book's glossary: the article's own, or every article's in one, sorted, where a term
    defined twice keeps its first definition (and the IDs that article gave it)."""
    own = [a.glossary_section for a in articles if a.glossary_section is not None]
    if len(articles) == 1 or not own:
        return own[0] if own else None
    seen: dict[str, Definition] = {}
    ids: set[str] = set()
    for glossary in own:
        for definition in glossary.definitions:
            if definition.entry.term.lower() not in seen and definition.id not in ids:
                seen[definition.entry.term.lower()] = definition
                ids.add(definition.id)
    merged = sorted(seen.values(), key=lambda d: d.entry.term.lower())
    return replace(own[0], definitions=tuple(merged))


def _toc(sections: tuple[Section, ...], href: str) -> tuple[NavEntry, ...]:
    return tuple(
        NavEntry(s.heading.sentence.text, f"{href}#{s.id}", _toc(s.sections, href))
        for s in sections
        if s.heading is not None
    )


class EpubWriter:
    name = "epub"
    help = "an EPUB 3 e-book (EPUB Accessibility 1.1), read along when the build narrates"
    order = 30
    templates = ("epub/", "html/")
    settings = ()  # the layout's (its page list) and, when narrated, the narration's
    pictures = True
    uses = frozenset({Product.NARRATION})  # media overlays, when the build narrates

    def __init__(self, options: BuildOptions, env: Environment) -> None:
        self.options = options
        self.env = env

    def requires(self) -> frozenset[Product]:
        """The cover and the standard edition's page numbers."""
        return frozenset({Product.COVER, Product.LAYOUT})

    def files(self, names: OutputNames, editions: list[str]) -> list[str]:
        return [names.epub]

    def links(self, names: OutputNames, editions: list[str]) -> list[Link]:
        return [Link(names.epub, "download_epub", rank=10, media_type="application/epub+zip")]

    def build(self, article: Article, products: Products) -> bytes:
        """The EPUB's bytes for one article, with a page list from its standard PDF."""
        return self.build_book(
            article.metadata, [products], book_identifier(article), products.cover()
        )

    def build_book(
        self,
        meta: Metadata,
        parts: list[Products],
        identifier: str,
        cover: CoverImage | None = None,
    ) -> bytes:
        """One EPUB holding every article, each its own content document, with one nav."""
        from ebooklib import epub

        articles = [p.article for p in parts]
        language = meta.language
        strings = strings_for(language)
        single = len(articles) == 1
        book = self._package(meta, identifier)
        cover_page = self._cover(
            book,
            meta,
            strings,
            cover or CoverImage(cover_png(meta, self.options.brand), "image/png", True),
        )
        glossary = _merged_glossary(articles)
        chapters = [
            self._chapter(book, products, single, glossary is not None, number)
            for number, products in enumerate(parts, start=1)
        ]
        spine: list[Any] = [cover_page, "nav", *(c.item for c in chapters)]
        landmarks = [
            {"type": "cover", "href": "cover.xhtml", "title": strings["cover"]},
            {"type": "toc", "href": "nav.xhtml#toc", "title": strings["contents"]},
            {
                "type": "bodymatter",
                "href": chapters[0].name,
                "title": chapters[0].article.metadata.title,
            },
        ]
        toc = [
            NavEntry(
                c.article.metadata.title,
                f"{c.name}#{c.article.slug}",
                _toc(c.article.sections, c.name),
            )
            for c in chapters
        ]
        page_breaks = chapters[0].page_breaks if single else {}
        glossary_ms = 0
        if glossary is not None:
            variables = page_context(articles[0], self.options.limits)
            variables.update(xml=True, page_breaks=page_breaks)
            document = self._page(
                "glossary",
                GLOSSARY_DOCUMENT,
                self.env.get_template("epub/glossary.xhtml").render(
                    variables, language=language, glossary=glossary
                ),
            )
            book.add_item(document)
            spine.append(document)
            href = f"{GLOSSARY_DOCUMENT}#{glossary.id}"
            landmarks.append({"type": "glossary", "href": href, "title": strings["glossary"]})
            toc.append(NavEntry(strings["glossary"], href))
            glossary_ms = add_glossary_overlay(book, document, glossary, chapters)
        glossary_ids = {s.id for s in glossary.sentences()} if glossary is not None else set()
        pages = [
            {
                "label": str(number),
                "href": f"{GLOSSARY_DOCUMENT if node_id in glossary_ids else chapters[0].name}#page-{number}",
            }
            for node_id, number in sorted(page_breaks.items(), key=lambda item: item[1])
        ]
        nav = self._page(
            "nav",
            "nav.xhtml",
            self.env.get_template("epub/nav.xhtml").render(
                language=language, strings=strings, toc=toc, landmarks=landmarks, pages=pages
            ),
        )
        nav.properties = ["nav"]
        book.add_item(nav)
        book.add_item(epub.EpubNcx())
        flat = [entry for top in toc for entry in (top, *top.children)]
        book.toc = [
            epub.Link(e.href, e.title, e.href.replace("#", "-").replace(".", "-")) for e in flat
        ]
        book.spine = spine
        page_source = ""
        if pages:
            page_source = (
                f"{parts[0].names.pdf('standard')} (standard edition, "
                f"{self.options.paper_for(meta).upper()})"
            )
            book.add_metadata(None, "meta", page_source, {"property": "pageBreakSource"})
        self._durations(book, chapters, glossary_ms)
        image_count, with_alt = count_images(articles)
        facts = BookFacts(
            images=image_count + 1,  # the cover
            images_with_alt=with_alt + 1,
            has_headings=any(s.heading for a in articles for s in a.walk_sections()),
            has_page_list=bool(pages),
            page_source=page_source,
            has_glossary=glossary is not None,
            has_footnotes=any(a.footnotes for a in articles),
            narrated=all(c.narration is not None for c in chapters),
            unnarrated=unnarrated(chapters, glossary, glossary_ms),
            human=_human(chapters),
            reader=_reader(chapters) if _human(chapters) else "",
            has_lexicon=all(c.lexicon_href for c in chapters),
            problems=[
                w.message
                for a in articles
                for w in a.warnings
                if w.code in ("image-alt", "heading-jump")
            ],
        )
        for prop, value in metadata(facts):
            book.add_metadata(None, "meta", value, {"property": prop})
        for element, attributes in certification(facts, meta.certified_by):
            text = attributes.pop("#text", None)
            book.add_metadata(None, element, text, attributes)
        for prop, value in review_metadata(meta):  # the review record, when there is one
            book.add_metadata(None, "meta", value, {"property": prop})
        # The book's date; else the newest of its sources, as a rebuild of them all would.
        modified = max(build_time(meta.date, a.source) for a in articles)
        return finish_package(book, language, modified)

    def _package(self, meta: Metadata, identifier: str) -> Any:
        from ebooklib import epub

        from publish.formats.epub.distribution import credits, identifiers, series, subjects

        book = epub.EpubBook()
        identifiers(book, meta, identifier)
        book.set_title(meta.title)
        book.set_language(meta.language)
        credits(book, meta)
        series(book, meta)
        subjects(book, meta)
        for name, value in (
            ("publisher", meta.publisher),
            ("rights", meta.license),
            ("description", meta.description),
            ("date", meta.date.isoformat() if meta.date else ""),
        ):
            if value:
                book.add_metadata("DC", name, value)
        book.add_item(
            epub.EpubItem(
                uid="style",
                file_name="style.css",
                media_type="text/css",
                content=self.env.get_template("epub/style.css")
                .render(brand=brand_context(self.options.brand))
                .encode(),
            )
        )
        logo = self.options.brand.logo
        if logo is not None:  # the house style's logo, once for every content document
            book.add_item(
                epub.EpubItem(
                    uid="brand-logo",
                    file_name=f"images/{logo.file_name}",
                    media_type=logo.media_type,
                    content=logo.data,
                )
            )
        return book

    def _cover(self, book: Any, meta: Metadata, strings: dict[str, str], cover: CoverImage) -> Any:
        """The author's cover, or one generated from the title; with alt text."""
        from ebooklib import epub

        href = f"images/cover{cover.suffix}"
        cover_image = epub.EpubCover(uid="cover-image", file_name=href)
        cover_image.content = cover.data
        book.add_item(cover_image)
        book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
        page = self._page(
            "cover",
            "cover.xhtml",
            self.env.get_template("epub/cover.xhtml").render(
                language=meta.language,
                strings=strings,
                cover_href=href,
                cover_alt=cover_alt(meta, self.options.brand),
            ),
        )
        book.add_item(page)
        return page

    def _chapter(
        self, book: Any, products: Products, single: bool, has_glossary: bool, number: int
    ) -> Chapter:
        article = products.article
        # The page list follows one print edition, so a collection (many PDFs) has none.
        page_breaks = products.page_starts() if single else {}
        narration = products.narration() if products.made(Product.NARRATION) else None
        lexicon_href = products.names.lexicon if narration and narration.lexicon else ""
        folder = "images/" if single else f"images/{article.slug}/"
        variables = page_context(article, self.options.limits, self.options.brand)
        if self.options.brand.logo is not None:  # the book's own copy, not a data URL
            variables["brand"]["logo"]["src"] = f"images/{self.options.brand.logo.file_name}"
        variables.update(
            xml=True,
            page_breaks=page_breaks,
            image_src=lambda src: f"{folder}{image_name(src)}",
            glossary_href=GLOSSARY_DOCUMENT if has_glossary else None,
            lexicon_href=lexicon_href,
        )
        name = products.names.xhtml
        uid = "content" if single else f"content-{number}"
        item = self._page(uid, name, self.env.get_template("epub/content.xhtml").render(variables))
        book.add_item(item)
        chapter = Chapter(article, products, name, item, page_breaks, narration, lexicon_href)
        if narration is not None:
            add_overlay(book, chapter, "" if single else f"-{number}")
        self._images(article, book, folder)
        return chapter

    def _durations(self, book: Any, chapters: list[Chapter], glossary_ms: int) -> None:
        total = sum(c.overlay_ms for c in chapters) + glossary_ms
        if any(c.narration for c in chapters):
            book.add_metadata(None, "meta", clock(total), {"property": "media:duration"})
            book.add_metadata(None, "meta", ACTIVE_CLASS, {"property": "media:active-class"})
            narration = next(c.narration for c in chapters if c.narration)
            if narration.credit:  # a reader's recording may not name its reader
                book.add_metadata(None, "meta", narration.credit, {"property": "media:narrator"})

    def _page(self, uid: str, name: str, xhtml: str) -> Any:
        from ebooklib import epub

        item = epub.EpubItem(
            uid=uid,
            file_name=name,
            media_type="application/xhtml+xml",
            content=xhtml.encode("utf-8"),
        )
        item.properties = []
        return item

    def _images(self, article: Article, book: Any, folder: str) -> None:
        """Copy the article's images into the book, under `folder`."""
        from ebooklib import epub

        from publish.assets import read_image

        names: list[str] = []
        for use in images(article):
            image = use.image
            if image.src in names:
                continue
            data, mime = read_image(Path(article.source), image.src, self.options.limits)
            names.append(image.src)
            book.add_item(
                epub.EpubItem(
                    uid=f"img-{article.slug}-{len(names)}",
                    file_name=f"{folder}{image_name(image.src)}",
                    media_type=mime,
                    content=data,
                )
            )

    def write(self, article: Article, products: Products, staging: Path) -> list[Path]:
        target = staging / products.names.epub
        target.write_bytes(self.build(article, products))
        return [target]


def _human(chapters: list[Chapter]) -> bool:
    """Whether every chapter is narrated by a person's recording."""
    narrations = [c.narration for c in chapters]
    return bool(narrations) and all(n is not None and not n.synthetic for n in narrations)


def _reader(chapters: list[Chapter]) -> str:
    """Who reads a human narration, for the summary; "" when no chapter names its reader."""
    names = (c.narration.credit for c in chapters if c.narration is not None)
    return ", ".join(dict.fromkeys(n for n in names if n))
