"""The OPDS catalogs: `catalog.xml` (OPDS 1.2, Atom; publish.library.opds1) and
`catalog.json` (OPDS 2.0; publish.library.opds2), one entry per article with an e-book.

Both are made from the same `Feed`s here: the whole catalog, and one feed per facet (each
language and each audience, `catalog-language-es-us.xml`, `catalog-audience-patients.json`),
each cut into pages of `PAGE_SIZE` entries (`catalog.xml`, `catalog-2.xml`, …) linked by
first/previous/next/last. Entries are newest first (then by title, then by slug), and every
date comes from the entries, never the clock, so a rebuild gives the same bytes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from publish.library.entries import LABELS, Entry
from publish.library.shelf import utc

if TYPE_CHECKING:
    from publish.library.shelf import Shelf

PAGE_SIZE = 100  # entries in one file of a catalog
STEM = "catalog"
FACET_GROUPS = ("language", "audience")
# The acquisition links of an entry, in this order: the e-book first (apps take the first
# open-access link they can read), then the other formats an app or a reader may want.
ACQUIRED = ("epub", "pdf", "large-print", "mp3", "m4b", "daisy", "braille")
OPEN_ACCESS = "http://opds-spec.org/acquisition/open-access"
IMAGE = "http://opds-spec.org/image"
THUMBNAIL = "http://opds-spec.org/image/thumbnail"
FACET = "http://opds-spec.org/facet"


@dataclass(frozen=True)
class Facet:
    """One value of a facet group: its feed holds the e-books with that value."""

    group: str  # "language" or "audience"
    group_title: str  # "Language"
    value: str  # "es-US", "patients"
    title: str  # "Español (Estados Unidos)", "Patients"
    stem: str  # "catalog-language-es-us"
    count: int


@dataclass(frozen=True)
class Feed:
    """A catalog or a facet's catalog: its entries (sorted) and its place among the facets."""

    stem: str
    title: str
    entries: tuple[Entry, ...]
    facet: Facet | None  # None for the whole catalog


@dataclass(frozen=True)
class Page:
    """One file of a feed."""

    feed: Feed
    number: int  # from 1
    count: int  # the feed's number of pages
    entries: tuple[Entry, ...]

    def name(self, number: int, suffix: str) -> str:
        """The file name of page `number` of this page's feed: "catalog.xml", "catalog-2.xml"."""
        return page_name(self.feed.stem, number, suffix)


@dataclass(frozen=True)
class Catalog:
    """What both catalogs are written from."""

    shelf: Shelf
    feeds: tuple[Feed, ...]  # the whole catalog first, then each facet's
    facets: tuple[Facet, ...]
    strings: dict[str, str]
    updated: dt.datetime  # the newest e-book's date (the feeds' own date)

    def word(self, key: str) -> str:
        return self.strings.get(key, key)  # strings_for gives every key, in English at worst

    def pages(self, feed: Feed) -> list[Page]:
        """The feed cut into pages of PAGE_SIZE; an empty feed is one empty page."""
        chunks = [feed.entries[i : i + PAGE_SIZE] for i in range(0, len(feed.entries), PAGE_SIZE)]
        chunks = chunks or [()]
        return [Page(feed, n, len(chunks), chunk) for n, chunk in enumerate(chunks, 1)]


def build(shelf: Shelf) -> Catalog:
    from publish.strings import strings_for

    strings = strings_for(shelf.language)
    books = sorted((e for e in shelf.entries if e.download("epub")), key=order)
    facets = _facets(books, strings)
    feeds = [Feed(STEM, shelf.title, tuple(books), None)]
    for facet in facets:
        found = tuple(e for e in books if _value(e, facet.group) == facet.value)
        feeds.append(Feed(facet.stem, f"{shelf.title}: {facet.title}", found, facet))
    dates = [utc(e.modified) for e in books] or [utc(e.modified) for e in shelf.entries]
    updated = max(dates, default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    return Catalog(shelf, tuple(feeds), tuple(facets), strings, updated)


def order(entry: Entry) -> tuple[float, str, str]:
    """Newest first, then by title, then by slug: one order whatever the batch's order."""
    return (-utc(entry.modified).timestamp(), entry.title.casefold(), entry.slug)


def page_name(stem: str, number: int, suffix: str) -> str:
    return f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"


def stamp(moment: dt.datetime) -> str:
    """RFC 3339 in UTC, to the second: "2026-11-15T00:00:00Z"."""
    return utc(moment).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def acquisitions(entry: Entry) -> list[tuple[str, str, str, int]]:
    """The entry's downloads an app may acquire: (kind, href, media type, size), EPUB first."""
    found = []
    for kind in ACQUIRED:
        for download in entry.downloads:
            if download.kind == kind:
                found.append((kind, download.href, download.media_type, download.size))
    return found


def label(catalog: Catalog, kind: str) -> str:
    """A format's name as a card shows it ("E-book (EPUB)")."""
    return catalog.word(LABELS[kind])


def _value(entry: Entry, group: str) -> str:
    return entry.language if group == "language" else entry.audience


def _facets(books: list[Entry], strings: dict[str, str]) -> list[Facet]:
    """Each language and each audience the e-books have, with a file stem of its own."""
    from publish.model.ids import slugify
    from publish.strings import language_name

    made: list[Facet] = []
    taken = {STEM}
    for group in FACET_GROUPS:
        group_title = strings[f"library_{group}"]
        counts: dict[str, int] = {}
        for entry in books:
            value = _value(entry, group)
            if value:
                counts[value] = counts.get(value, 0) + 1
        for value in sorted(counts):
            if group == "language":
                title = language_name(value)
            else:
                title = strings.get(f"audience_{value}") or value
            stem = f"{STEM}-{group}-{slugify(value.lower(), 'x')}"
            if stem[-1].isdigit():  # never "<stem>-2", the name of another feed's page 2
                stem += "-x"
            unique, n = stem, 2
            while unique in taken:  # two values that slugify alike ("es-US", "es_us")
                unique, n = f"{stem}-{n}x", n + 1
            taken.add(unique)
            made.append(Facet(group, group_title, value, title, unique, counts[value]))
    return made
