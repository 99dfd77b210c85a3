"""EPUB 3.3 from the model, with EbookLib writing the package and our templates the content."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from publish.formats.audio import AudioWriter, Narration
from publish.formats.base import RenderContext
from publish.formats.epub.accessibility import BookFacts, count_images, metadata
from publish.formats.epub.cover import cover_alt, cover_png
from publish.formats.epub.overlay import ACTIVE_CLASS, clock, smil
from publish.formats.epub.package import finish_package
from publish.formats.html import page_context
from publish.formats.pdf import PdfWriter, font_faces
from publish.limits import build_time
from publish.model.nodes import Article, Section, iter_images
from publish.strings import strings_for
from publish.templates import environment

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
    key = article.metadata.url or f"{article.slug}\n{article.metadata.title}"
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, key)}"


def _toc(sections: tuple[Section, ...], href: str) -> tuple[NavEntry, ...]:
    return tuple(
        NavEntry(s.heading.sentence.text, f"{href}#{s.id}", _toc(s.sections, href))
        for s in sections if s.heading is not None
    )


class EpubWriter:
    name = "epub"

    def __init__(self, context: RenderContext) -> None:
        self.context = context
        self.env = environment(context.templates)
        self.pdf = PdfWriter(context)

    def content_name(self, article: Article) -> str:
        return f"{article.slug}.xhtml"

    def build(self, article: Article) -> bytes:
        """The EPUB's bytes for one article."""
        from ebooklib import epub

        meta = article.metadata
        language = meta.language
        strings = strings_for(language)
        page_breaks = self.pdf.page_starts(article, "standard")
        pdf_name = f"{article.slug}.pdf"
        page_source = f"{pdf_name} (standard edition, {(self.context.paper or meta.paper).upper()})"

        book = epub.EpubBook()
        book.set_identifier(book_identifier(article))
        book.set_title(meta.title)
        book.set_language(language)
        for author in meta.authors:
            book.add_author(author)
        if meta.publisher:
            book.add_metadata("DC", "publisher", meta.publisher)
        if meta.license:
            book.add_metadata("DC", "rights", meta.license)
        if meta.description:
            book.add_metadata("DC", "description", meta.description)
        for keyword in meta.keywords:
            book.add_metadata("DC", "subject", keyword)
        if meta.date:
            book.add_metadata("DC", "date", meta.date.isoformat())

        css = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css",
                            content=self.env.get_template("epub/style.css").render().encode())
        book.add_item(css)

        # Cover: generated from the title, with alt text.
        faces = {f"{f['style']}-{f['weight']}": f["path"] for f in font_faces()}
        png = cover_png(meta, {"regular": faces["normal-400"], "bold": faces["normal-700"]})
        cover_image = epub.EpubCover(uid="cover-image", file_name="images/cover.png")
        cover_image.content = png
        book.add_item(cover_image)
        book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
        cover_page = self._page(
            "cover", "cover.xhtml",
            self.env.get_template("epub/cover.xhtml").render(
                language=language, strings=strings, cover_href="images/cover.png",
                cover_alt=cover_alt(meta)))
        book.add_item(cover_page)

        narration = self._narration(article)
        lexicon_href = f"{article.slug}.pls" if narration and narration.lexicon else ""
        variables = page_context(article, self.context.limits)
        variables.update(xml=True, page_breaks=page_breaks, image_src=lambda src: f"images/{image_name(src)}",
                         glossary_href="glossary.xhtml" if article.glossary else None,
                         lexicon_href=lexicon_href)
        content_name = self.content_name(article)
        content = self._page("content", content_name,
                             self.env.get_template("epub/content.xhtml").render(variables))
        book.add_item(content)
        if narration is not None:
            self._add_overlay(book, article, content, content_name, narration, lexicon_href)
        self._images(article, book)

        spine: list[Any] = [cover_page, "nav", content]
        landmarks = [
            {"type": "cover", "href": "cover.xhtml", "title": strings["cover"]},
            {"type": "toc", "href": "nav.xhtml#toc", "title": strings["contents"]},
            {"type": "bodymatter", "href": content_name, "title": meta.title},
        ]
        toc = [NavEntry(meta.title, f"{content_name}#{article.slug}",
                        _toc(article.sections, content_name))]
        if article.glossary:
            glossary = self._page("glossary", "glossary.xhtml",
                                  self.env.get_template("epub/glossary.xhtml").render(
                                      variables, language=language, entries=article.glossary))
            book.add_item(glossary)
            spine.append(glossary)
            landmarks.append({"type": "glossary", "href": "glossary.xhtml#glossary",
                              "title": strings["glossary"]})
            toc.append(NavEntry(strings["glossary"], "glossary.xhtml#glossary"))

        pages = []
        for node_id, number in sorted(page_breaks.items(), key=lambda item: item[1]):
            in_glossary = any(g.id == node_id for g in article.glossary)
            pages.append({"label": str(number),
                          "href": f"{'glossary.xhtml' if in_glossary else content_name}#page-{number}"})
        nav = self._page("nav", "nav.xhtml", self.env.get_template("epub/nav.xhtml").render(
            language=language, strings=strings, toc=toc, landmarks=landmarks, pages=pages))
        nav.properties = ["nav"]
        book.add_item(nav)
        book.add_item(epub.EpubNcx())
        book.toc = [epub.Link(e.href, e.title, e.href.replace("#", "-").replace(".", "-"))
                    for e in (toc[0], *toc[0].children, *toc[1:])]
        book.spine = spine

        if pages:
            book.add_metadata(None, "meta", page_source, {"property": "pageBreakSource"})
        image_count, with_alt = count_images([article])
        facts = BookFacts(
            images=image_count + 1,  # the cover
            images_with_alt=with_alt + 1,
            has_headings=any(s.heading for s in article.walk_sections()),
            has_page_list=bool(pages),
            page_source=page_source,
            has_glossary=bool(article.glossary),
            has_footnotes=bool(article.footnotes),
            narrated=narration is not None,
            has_lexicon=bool(lexicon_href),
            problems=[w.message for w in article.warnings if w.code in ("image-alt", "heading-jump")],
        )
        for prop, value in metadata(facts, meta.certified_by or meta.publisher):
            book.add_metadata(None, "meta", value, {"property": prop})
        return finish_package(book, language, build_time(meta.date))

    def _narration(self, article: Article) -> Narration | None:
        if "audio" not in self.context.formats:
            return None
        return AudioWriter(self.context).narrate(article)

    def _add_overlay(self, book: Any, article: Article, content: Any, content_name: str,
                     narration: Narration, lexicon_href: str) -> None:
        """The MP3, one SMIL for the content document, durations, the active class and the PLS."""
        from ebooklib import epub

        audio_href = f"audio/{article.slug}.mp3"
        book.add_item(epub.EpubItem(uid="narration", file_name=audio_href, media_type="audio/mpeg",
                                    content=narration.mp3))
        document, duration = smil(content_name, audio_href, narration.cues, narration.duration_ms)
        book.add_item(epub.EpubItem(uid="overlay", file_name=f"{article.slug}.smil",
                                    media_type="application/smil+xml", content=document))
        content.media_overlay = "overlay"
        book.add_metadata(None, "meta", clock(duration),
                          {"property": "media:duration", "refines": "#overlay"})
        book.add_metadata(None, "meta", clock(duration), {"property": "media:duration"})
        book.add_metadata(None, "meta", ACTIVE_CLASS, {"property": "media:active-class"})
        narrator = narration.voice.split(":", 1)[-1]
        book.add_metadata(None, "meta", f"{narrator} (synthetic voice)", {"property": "media:narrator"})
        if lexicon_href and narration.lexicon:
            book.add_item(epub.EpubItem(uid="lexicon", file_name=lexicon_href,
                                        media_type="application/pls+xml", content=narration.lexicon))

    def _page(self, uid: str, name: str, xhtml: str) -> Any:
        from ebooklib import epub

        item = epub.EpubItem(uid=uid, file_name=name, media_type="application/xhtml+xml",
                             content=xhtml.encode("utf-8"))
        item.properties = []
        return item

    def _images(self, article: Article, book: Any) -> None:
        """Copy the article's images into the book, under images/."""
        from ebooklib import epub

        from publish.assets import read_image

        names: list[str] = []
        for image in iter_images(article):
            if image.src in names:
                continue
            data, mime = read_image(Path(article.source), image.src, self.context.limits)
            names.append(image.src)
            book.add_item(epub.EpubItem(uid=f"img-{len(names)}", file_name=f"images/{image_name(image.src)}",
                                        media_type=mime, content=data))

    def write(self, article: Article, staging: Path) -> list[Path]:
        target = staging / f"{article.slug}.epub"
        target.write_bytes(self.build(article))
        return [target]
