"""What the library knows of each article: an `Entry` made from the batch's summary
(publish.batch.ArticleResult: its front matter, its files with their sizes, its narration),
never by parsing the article again. Every page, catalog and feed of the library is written
from these entries, so one fact (a title, a size, a length) has one source."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from publish.batch import ArticleResult
from publish.limits import build_time
from publish.model.ids import book_uuid
from publish.names import OutputNames

# The kind of each download, from the page-strings key its writer's Link offers
# (publish.formats.base.Link): the library's filters and the feeds' links use the kind.
KINDS = {
    "download_pdf": "pdf",
    "download_large_print": "large-print",
    "download_epub": "epub",
    "narration": "mp3",
    "download_m4b": "m4b",
    "download_daisy": "daisy",
    "download_braille": "braille",
}
# The page-strings key of each kind's label on a card ("E-book (EPUB)").
LABELS = {
    "page": "format_page",
    "pdf": "download_pdf",
    "large-print": "download_large_print",
    "epub": "download_epub",
    "mp3": "download_mp3",
    "m4b": "download_m4b",
    "daisy": "download_daisy",
    "braille": "download_braille",
}
ORDER = tuple(LABELS)
RANK = {kind: index for index, kind in enumerate(ORDER)}
STAND_IN = "\x00slug\x00"  # the slug `offered` asks the writers' links for  # the order of a card's links and of the format filter


@dataclass(frozen=True)
class Download:
    kind: str  # a key of LABELS: page, pdf, large-print, epub, mp3, m4b, daisy, braille
    href: str  # relative to the output folder: "<slug>/<name>"
    media_type: str
    size: int  # bytes
    digest: str = ""  # sha256 of the file, from the article's manifest


@dataclass(frozen=True)
class Entry:
    """One article, as the library's page, catalogs and feeds show it."""

    slug: str
    source: str  # the source file, for messages
    identifier: str  # urn:isbn:…, doi:…, or the EPUB's urn:uuid:…
    title: str
    description: str
    language: str  # BCP 47
    audience: str
    grade: float | None  # the reading grade; None where no formula fits the language
    authors: tuple[str, ...]
    publisher: str
    subjects: tuple[str, ...]  # the words a reader sees
    license: str
    modified: dt.datetime  # the source's date, else the source file's (never the clock)
    downloads: tuple[Download, ...]  # in ORDER
    duration_ms: int | None  # the narration's length, when the article is narrated
    chapters: tuple[tuple[str, int], ...]  # (title, start in ms)
    captions: str  # "<slug>/<slug>.vtt" when narrated, else ""
    group: str  # the slug of the first article of its translations (its own when none)
    cover: str = ""  # "library/covers/<slug>.png" when its e-book's cover was taken out
    thumbnail: str = ""  # "library/covers/<slug>-thumb.png"
    reviewed: dt.date | None = None  # the front matter's review date, when it has one

    def download(self, kind: str) -> Download | None:
        return next((d for d in self.downloads if d.kind == kind), None)

    @property
    def page(self) -> str:
        """The article's page, or its first download when it has no page."""
        found = self.download("page") or (self.downloads[0] if self.downloads else None)
        return found.href if found else ""

    @property
    def mp3(self) -> Download | None:
        return self.download("mp3")


def collect(articles: Iterable[ArticleResult], links: dict[str, tuple[str, str]]) -> list[Entry]:
    """An entry for each built article, in the batch's order. `links` maps what follows the
    slug in a file's name ("-large-print.pdf") to its (kind, media type): see `offered`."""
    done = [a for a in articles if a.error is None and a.metadata is not None]
    groups = _groups(done)
    return [_entry(item, links, groups[item.slug]) for item in done]


def offered(writers: Iterable[Any], press: bool) -> dict[str, tuple[str, str]]:
    """Each file the writers may offer, by what follows the slug in its name, as (kind,
    media type). Asked once for a stand-in slug: every output name begins with the slug."""
    from publish.editions import EDITIONS

    names = OutputNames(STAND_IN, press)
    found = {names.html[len(STAND_IN) :]: ("page", "text/html")}
    for writer in writers:
        offer = getattr(writer, "links", None)
        if not callable(offer):
            continue
        for link in offer(names, list(EDITIONS)):
            kind = KINDS.get(link.label)
            if kind is not None and link.href.startswith(STAND_IN):
                found[link.href[len(STAND_IN) :]] = (kind, link.media_type)
    return found


def _entry(item: ArticleResult, links: dict[str, tuple[str, str]], group: str) -> Entry:
    meta = item.metadata
    assert meta is not None
    names = OutputNames(item.slug)
    cut = len(item.slug)
    downloads = []
    for f in item.files:
        found = links.get(f.name[cut:]) if f.name.startswith(item.slug) else None
        if found is not None:
            downloads.append(
                Download(found[0], f"{item.slug}/{f.name}", found[1], f.size, f.digest)
            )
    downloads.sort(key=lambda d: RANK[d.kind])
    narration = item.narration
    narrated = narration is not None and any(d.kind == "mp3" for d in downloads)
    captions = any(f.name == names.captions for f in item.files)
    return Entry(
        slug=item.slug,
        source=str(item.source),
        identifier=meta.identifier or book_uuid(item),
        title=meta.title,
        description=meta.description,
        language=meta.language,
        audience=meta.audience,
        grade=item.grade,
        authors=meta.authors,
        publisher=meta.publisher,
        subjects=tuple(dict.fromkeys([s.name for s in meta.subjects] + list(meta.keywords))),
        license=meta.license,
        modified=build_time(meta.date, item.source),
        downloads=tuple(downloads),
        duration_ms=narration.duration_ms if narrated and narration else None,
        chapters=narration.chapters if narrated and narration else (),
        captions=f"{item.slug}/{names.captions}" if narrated and captions else "",
        group=group,
        reviewed=meta.reviewed,
    )


def _groups(done: list[ArticleResult]) -> dict[str, str]:
    """Each article's translation group: the slug of the group's first article, where a
    group is every article reachable through `translations` (either way)."""
    by_source = {os.path.abspath(item.source): item.slug for item in done}
    folders = {item.slug: os.path.dirname(os.path.abspath(item.source)) for item in done}
    parent = {item.slug: item.slug for item in done}

    def root(slug: str) -> str:
        while parent[slug] != slug:
            parent[slug] = parent[parent[slug]]
            slug = parent[slug]
        return slug

    order = {item.slug: index for index, item in enumerate(done)}
    for item in done:
        assert item.metadata is not None
        for name in item.metadata.translations.values():
            other = by_source.get(os.path.normpath(os.path.join(folders[item.slug], name)))
            if other is None:
                continue
            a, b = root(item.slug), root(other)
            if a != b:
                first, second = sorted((a, b), key=order.__getitem__)
                parent[second] = first
    return {slug: root(slug) for slug in parent}
