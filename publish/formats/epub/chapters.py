"""Each article's content document in the book, and the narration that reads it: the
article's overlay, the glossary's (the glossary is its own content document, so it has its
own SMIL, drawn from the clips of the glossary at the end of each article's narration), and
what no overlay reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from publish.formats.epub.overlay import Par, clips, clock, smil
from publish.model.nodes import Article, CodeBlock, Glossary
from publish.model.walk import narrated, walk
from publish.products import Products

if TYPE_CHECKING:
    from publish.audio.narration import Narration

GLOSSARY_DOCUMENT = "glossary.xhtml"
GLOSSARY_OVERLAY = "overlay-glossary"


@dataclass
class Chapter:
    """One article's content document in the book."""

    article: Article
    products: Products
    name: str  # the XHTML file
    item: Any
    page_breaks: dict[str, int]
    narration: Narration | None
    lexicon_href: str
    overlay_ms: int = 0
    glossary_pars: list[Par] = field(default_factory=list)  # its narration's glossary clips


def add_overlay(book: Any, chapter: Chapter, suffix: str) -> None:
    """The chapter's MP3, its SMIL with one <par> per sentence, its duration and its PLS.
    The clips of the glossary are kept on the chapter for the glossary's own overlay."""
    from ebooklib import epub

    narration = chapter.narration
    assert narration is not None
    names = chapter.products.names
    audio_href = f"audio/{names.mp3}"
    book.add_item(
        epub.EpubItem(
            uid=f"narration{suffix}",
            file_name=audio_href,
            media_type="audio/mpeg",
            content=narration.mp3,
        )
    )
    glossary = chapter.article.glossary_section
    in_glossary = {s.id for s in glossary.sentences()} if glossary is not None else set()
    pars = clips(narration.cues, narration.duration_ms, audio_href)
    chapter.glossary_pars = [p for p in pars if p.id in in_glossary]
    document, duration = smil(chapter.name, [p for p in pars if p.id not in in_glossary])
    overlay = f"overlay{suffix}"
    book.add_item(
        epub.EpubItem(
            uid=overlay,
            file_name=names.smil,
            media_type="application/smil+xml",
            content=document,
        )
    )
    chapter.item.media_overlay = overlay
    chapter.overlay_ms = duration
    book.add_metadata(
        None, "meta", clock(duration), {"property": "media:duration", "refines": f"#{overlay}"}
    )
    if chapter.lexicon_href and narration.lexicon:
        book.add_item(
            epub.EpubItem(
                uid=f"lexicon{suffix}",
                file_name=chapter.lexicon_href,
                media_type="application/pls+xml",
                content=narration.lexicon,
            )
        )


def add_glossary_overlay(
    book: Any, document: Any, glossary: Glossary, chapters: list[Chapter]
) -> int:
    """The glossary document's overlay, each piece from the narration of the article its
    definition comes from (a book's glossary merges several); its duration, 0 when no
    narration reads it."""
    from ebooklib import epub

    found: dict[str, Par] = {}
    for chapter in chapters:
        for par in chapter.glossary_pars:
            found.setdefault(par.id, par)
    pars = [found[s.id] for s in glossary.sentences() if s.id in found]
    if not pars:
        return 0
    xml, duration = smil(GLOSSARY_DOCUMENT, pars, "backmatter glossary")
    book.add_item(
        epub.EpubItem(
            uid=GLOSSARY_OVERLAY,
            file_name="glossary.smil",
            media_type="application/smil+xml",
            content=xml,
        )
    )
    document.media_overlay = GLOSSARY_OVERLAY
    book.add_metadata(
        None,
        "meta",
        clock(duration),
        {"property": "media:duration", "refines": f"#{GLOSSARY_OVERLAY}"},
    )
    return duration


def unnarrated(chapters: list[Chapter], glossary: Glossary | None, glossary_ms: int) -> list[str]:
    """What the text has that no overlay reads, in words for the book's summary: empty when
    nothing is narrated; else code examples (never read aloud), any sentence the narration
    left out, and the glossary when no overlay reads it."""
    if not chapters or any(c.narration is None for c in chapters):
        return []
    missing: list[str] = []
    for chapter in chapters:
        assert chapter.narration is not None
        said = {c.id for c in chapter.narration.cues}
        if any(isinstance(step.node, CodeBlock) for step in walk(chapter.article)):
            missing.append("code examples")
        if any(s.text.strip() and s.id not in said for s, _ in narrated(chapter.article)):
            missing.append("some sentences")
    if glossary is not None and not glossary_ms:
        missing.append("the glossary")
    return list(dict.fromkeys(missing))
