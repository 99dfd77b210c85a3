"""The narrations as a podcast: `podcast.xml` (RSS 2.0 with the iTunes and Podcasting 2.0
namespaces), one feed per language when the narrations are in several (`podcast-es.xml`),
each narration's chapters as JSON chapters (`library/chapters/<slug>.json`) and the show's
square image (`library/podcast.png`).

A feed holds at most PAGE_SIZE episodes, newest first; older ones go to further pages
(`podcast-2.xml`, `podcast-es-2.xml`…) linked as an RFC 5005 paged feed. Apple Podcasts and
most apps read only the first page, so a listener there sees the newest PAGE_SIZE episodes;
the later pages are for the apps that follow `next` (gPodder's parser reports it).
"""

from __future__ import annotations

import copy
import datetime as dt
import email.utils
import functools
import html
import io
import json
import re
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from publish.config.brand import Brand
from publish.library.entries import Entry
from publish.library.shelf import FOLDER, Shelf, paging, utc
from publish.version import __version__

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
# Podlove Simple Chapters: the chapters written into the feed itself, for the apps that do
# not fetch JSON chapters (gPodder's podcastparser and feedparser read these).
PSC = "http://podlove.org/simple-chapters"
NSMAP = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM, "psc": PSC}

PAGE_SIZE = 300  # episodes in one feed file
# podcast:guid is a UUIDv5 of the feed's URL without its scheme, in this namespace (the
# Podcasting 2.0 spec, tags/guid.md).
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
# Apple's category list; the handouts are health information from clinics.
CATEGORY = ("Health & Fitness", "Medicine")
IMAGE = f"{FOLDER}/podcast.png"
IMAGE_SIZE = 1400  # Apple asks for a square of 1400 to 3000 pixels
CHAPTERS_VERSION = "1.2.0"
CHAPTERS_TYPE = "application/json+chapters"
GENERATOR = f"publish {__version__}"


@dataclass(frozen=True)
class Feed:
    """One podcast: its file name without `.xml`, language, title and episodes."""

    name: str  # "podcast", "podcast-es"
    language: str
    title: str
    episodes: tuple[Entry, ...]  # newest first


def files(shelf: Shelf, out_dir: Path) -> dict[str, bytes | None]:
    """The feeds, their pages, the chapters files and the show's image."""
    episodes = narrated(shelf)
    made: dict[str, bytes | None] = {IMAGE: image_png(shelf.title, shelf.publisher, shelf.brand)}
    for entry in episodes:
        if entry.chapters:
            made[chapters_href(entry)] = chapters_json(entry)
    items = _items(shelf, episodes)
    for feed in feeds(shelf, episodes):
        made |= pages(shelf, feed, items)
    return made


def _items(shelf: Shelf, episodes: tuple[Entry, ...]) -> dict[str, etree._Element]:
    """Each episode's item, made once: the feeds copy it (lxml's copy is far cheaper)."""
    holder = etree.Element("channel")
    return {entry.slug: _item(holder, shelf, entry) for entry in episodes}


def narrated(shelf: Shelf) -> tuple[Entry, ...]:
    """The narrated entries, newest first (then by title and slug, so the order is fixed)."""
    found = [e for e in shelf.entries if e.mp3 is not None]
    found.sort(key=lambda e: (e.title, e.slug))
    found.sort(key=lambda e: utc(e.modified), reverse=True)  # stable: keeps title, slug
    return tuple(found)


def feeds(shelf: Shelf, episodes: tuple[Entry, ...]) -> list[Feed]:
    """`podcast` with every episode, and one feed per language when there are several
    (by primary subtag: en-US and en-GB are one feed, `podcast-en`)."""
    from publish.strings import language_name

    made = [Feed("podcast", shelf.language, shelf.title, episodes)]
    by_language: dict[str, list[Entry]] = {}
    for entry in episodes:
        by_language.setdefault(_primary(entry.language), []).append(entry)
    if len(by_language) > 1:
        for primary, items in sorted(by_language.items()):
            tags = Counter(e.language for e in items)
            tag = min(tags, key=lambda t: (-tags[t], t))
            title = f"{shelf.title} ({language_name(primary)})"
            made.append(Feed(f"podcast-{primary}", tag, title, tuple(items)))
    return made


def page_name(feed: str, number: int) -> str:
    """A feed's page file: `podcast.xml`, then `podcast-2.xml`…"""
    return f"{feed}.xml" if number == 1 else f"{feed}-{number}.xml"


def chapters_href(entry: Entry) -> str:
    return f"{FOLDER}/chapters/{entry.slug}.json"


def chapters_json(entry: Entry) -> bytes:
    """The narration's chapters in the Podcasting 2.0 JSON chapters format."""
    document = {
        "version": CHAPTERS_VERSION,
        "title": entry.title,
        "chapters": [
            {"startTime": _seconds(start), "title": title}
            for title, start in sorted(entry.chapters, key=lambda c: c[1])
        ],
    }
    # compact: the C encoder (`indent` takes the pure-Python one, thousands of times)
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def pages(
    shelf: Shelf, feed: Feed, items: dict[str, etree._Element] | None = None
) -> dict[str, bytes | None]:
    """A feed's files: PAGE_SIZE episodes each, linked first, previous, next and last."""
    chunks = [
        feed.episodes[start : start + PAGE_SIZE]
        for start in range(0, len(feed.episodes), PAGE_SIZE)
    ] or [()]
    newest = feed.episodes[0].modified if feed.episodes else None
    if items is None:
        items = _items(shelf, feed.episodes)
    about = _description(shelf, feed)
    return {
        page_name(feed.name, number): _document(
            shelf, feed, number, len(chunks), chunk, newest, items, about
        )
        for number, chunk in enumerate(chunks, start=1)
    }


def _document(
    shelf: Shelf,
    feed: Feed,
    number: int,
    count: int,
    episodes: Sequence[Entry],
    newest: dt.datetime | None,
    items: dict[str, etree._Element],
    about: str,
) -> bytes:
    rss = etree.Element("rss", version="2.0", nsmap=NSMAP)
    channel = etree.SubElement(rss, "channel")
    _text(channel, "title", feed.title)
    _text(channel, "link", shelf.url("index.html"))
    _text(channel, "description", html.escape(about, quote=False))
    _text(channel, "language", feed.language)
    _text(channel, "generator", GENERATOR)
    if newest is not None:  # the newest episode's date: never the clock
        _text(channel, "pubDate", _rfc2822(newest))
        _text(channel, "lastBuildDate", _rfc2822(newest))
    feed_url = shelf.url(page_name(feed.name, 1))
    links = [("self", number)]
    if count > 1:  # RFC 5005 section 3: a paged feed
        links += paging(number, count)
    for rel, target in links:
        etree.SubElement(
            channel,
            f"{{{ATOM}}}link",
            rel=rel,
            href=shelf.url(page_name(feed.name, target)),
            type="application/rss+xml",
        )
    image = etree.SubElement(channel, "image")
    _text(image, "url", shelf.url(IMAGE))
    _text(image, "title", feed.title)
    _text(image, "link", shelf.url("index.html"))
    _text(channel, f"{{{ITUNES}}}author", shelf.publisher or shelf.title)
    etree.SubElement(channel, f"{{{ITUNES}}}image", href=shelf.url(IMAGE))
    category = channel
    for name in CATEGORY:
        category = etree.SubElement(category, f"{{{ITUNES}}}category", text=name)
    _text(channel, f"{{{ITUNES}}}explicit", "false")
    _text(channel, f"{{{ITUNES}}}type", "episodic")
    _text(channel, f"{{{PODCAST}}}guid", str(show_guid(feed_url)))
    for entry in episodes:
        channel.append(copy.deepcopy(items[entry.slug]))
    return etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _item(channel: etree._Element, shelf: Shelf, entry: Entry) -> etree._Element:
    mp3 = entry.mp3
    assert mp3 is not None
    item = etree.SubElement(channel, "item")
    _text(item, "title", entry.title)
    if entry.page:
        _text(item, "link", shelf.url(entry.page))
    # Podcast apps read a description as HTML: the writer's text is escaped as HTML first
    # (lxml then escapes it as XML), so "<b>" shows as written, never as markup.
    _text(item, "description", html.escape(entry.description or entry.title, quote=False))
    _text(item, "guid", entry.identifier).set("isPermaLink", "false")
    _text(item, "pubDate", _rfc2822(entry.modified))
    etree.SubElement(
        item, "enclosure", url=shelf.url(mp3.href), length=str(mp3.size), type="audio/mpeg"
    )
    if entry.duration_ms is not None:
        _text(item, f"{{{ITUNES}}}duration", str(round(entry.duration_ms / 1000)))
    if entry.authors:
        _text(item, f"{{{ITUNES}}}author", ", ".join(entry.authors))
    if entry.cover:
        etree.SubElement(item, f"{{{ITUNES}}}image", href=shelf.url(entry.cover))
    _text(item, f"{{{ITUNES}}}episodeType", "full")
    if entry.captions:
        etree.SubElement(
            item,
            f"{{{PODCAST}}}transcript",
            url=shelf.url(entry.captions),
            type="text/vtt",
            language=entry.language,
            rel="captions",
        )
    if entry.chapters:
        etree.SubElement(
            item, f"{{{PODCAST}}}chapters", url=shelf.url(chapters_href(entry)), type=CHAPTERS_TYPE
        )
        simple = etree.SubElement(item, f"{{{PSC}}}chapters", version="1.2")
        for title, start in sorted(entry.chapters, key=lambda c: c[1]):
            etree.SubElement(simple, f"{{{PSC}}}chapter", start=_npt(start), title=title)
    return item


def show_guid(feed_url: str) -> uuid.UUID:
    """podcast:guid: UUIDv5 of the feed URL without its scheme and trailing slashes."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return uuid.uuid5(GUID_NAMESPACE, bare)


@functools.lru_cache(maxsize=4)
def image_png(title: str, publisher: str, brand: Brand | None = None) -> bytes:
    """The show's image: the library's title in Atkinson Hyperlegible, white on the covers'
    colour (the brand's, else blue), on a square, with the brand's logo at its top; the same
    bytes for the same title."""
    from PIL import Image, ImageDraw, ImageFont

    from publish.render.cover import FOREGROUND, background, paste_logo
    from publish.render.fonts import font_file

    size, margin = IMAGE_SIZE, IMAGE_SIZE // 10
    image = Image.new("RGB", (size, size), background(brand))
    if paste_logo(image, brand, (margin, margin // 2, size - 2 * margin, margin + margin // 2)):
        margin += margin // 2  # the title keeps clear of the logo
    draw = ImageDraw.Draw(image)
    bold = str(font_file("normal", 700))
    width, room = size - 2 * margin, size - 4 * margin
    for points in range(200, 59, -10):  # the largest size whose lines fit
        font = ImageFont.truetype(bold, points)
        lines = _wrap(title, functools.partial(draw.textlength, font=font), width)
        step = round(points * 1.25)
        if len(lines) * step <= room and all(draw.textlength(t, font=font) <= width for t in lines):
            break
    y = (size - len(lines) * step) // 2
    for line in lines:
        draw.text((margin, y), line, font=font, fill=FOREGROUND)
        y += step
    if publisher and publisher != title:
        small = ImageFont.truetype(str(font_file("normal", 400)), 64)
        draw.text((margin, size - margin - 64), publisher, font=small, fill=FOREGROUND)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _wrap(text: str, measure: Callable[[str], float], width: int) -> list[str]:
    """Words in lines no wider than `width` (a longer word keeps a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and measure(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _description(shelf: Shelf, feed: Feed) -> str:
    from publish.strings import language_name

    languages = sorted({_primary(e.language) for e in feed.episodes})
    names = ", ".join(language_name(tag) for tag in languages)
    return f"{shelf.title}: {names}" if names else shelf.title


def _text(parent: etree._Element, tag: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, tag)
    element.text = text
    return element


@functools.lru_cache(maxsize=256)
def _primary(tag: str) -> str:
    """The primary language subtag ("es" of "es-US"), letters only: it names a file."""
    return re.sub("[^a-z]", "", tag.replace("_", "-").split("-")[0].lower()) or "und"


def _rfc2822(moment: dt.datetime) -> str:
    return email.utils.format_datetime(utc(moment), usegmt=True)


def _seconds(ms: int) -> int | float:
    """Milliseconds as seconds: a whole number when it is one."""
    return ms // 1000 if ms % 1000 == 0 else ms / 1000


def _npt(ms: int) -> str:
    """Podlove Simple Chapters' time: HH:MM:SS.mmm."""
    seconds, milli = divmod(ms, 1000)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours:02d}:{minute:02d}:{second:02d}.{milli:03d}"
