"""`catalog.json`: the OPDS 2.0 feed, its further pages and its facets' feeds, from the
`Catalog` of publish.library.opds. It validates against the OPDS 2.0 JSON schemas
(opds-community/drafts, which refer to readium/webpub-manifest's): see
tests/test_library_opds.py."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from publish.library import opds
from publish.library.shelf import paging

if TYPE_CHECKING:
    from publish.library.entries import Entry

SUFFIX = ".json"
KIND = "application/opds+json"
XML_KIND = "application/atom+xml;profile=opds-catalog;kind=acquisition"
BOOK = "http://schema.org/Book"
AUDIO = ("mp3", "m4b")
MARKER = "\x00publications\x00"  # the downloads that have the narration's length


def files(catalog: opds.Catalog) -> dict[str, bytes | None]:
    made: dict[str, bytes | None] = {}
    # An e-book is in the whole catalog and in each of its facets' feeds: made once.
    # Each encoded once by the json module and joined, as the page's array, where the page's
    # own encoding holds a marker string no text can make (json escapes the NUL).
    publications = {e.slug: _dumps(_publication(catalog, e)) for e in catalog.feeds[0].entries}
    for feed in catalog.feeds:
        for page in catalog.pages(feed):
            text = _dumps(_feed(catalog, page))
            joined = "[" + ",".join(publications[entry.slug] for entry in page.entries) + "]"
            text = text.replace(_dumps(MARKER), joined, 1) + "\n"
            made[page.name(page.number, SUFFIX)] = text.encode("utf-8")
    return made


def _dumps(value: Any) -> str:
    """Compact: Python's C encoder writes it; `indent` would take the slow one."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _feed(catalog: opds.Catalog, page: opds.Page) -> dict[str, Any]:
    """The page's document, with a marker where its publications go."""
    shelf = catalog.shelf
    feed = page.feed
    newest = feed.entries[0].modified if feed.entries else catalog.updated
    links = [
        _link("self", shelf.url(page.name(page.number, SUFFIX)), KIND),
        _link("start", shelf.url(opds.page_name(opds.STEM, 1, SUFFIX)), KIND),
    ]
    numbers = paging(page.number, page.count)
    links += [_link(rel, shelf.url(page.name(n, SUFFIX)), KIND) for rel, n in numbers]
    links.append(_link("alternate", shelf.url(page.name(page.number, ".xml")), XML_KIND))
    made: dict[str, Any] = {
        "metadata": {
            "title": feed.title,
            "modified": opds.stamp(newest),
            "numberOfItems": len(feed.entries),
            "itemsPerPage": opds.PAGE_SIZE,
            "currentPage": page.number,
        },
        "links": links,
    }
    facets = _facets(catalog, feed)
    if facets:
        made["facets"] = facets
    made["publications"] = MARKER
    return made


def _facets(catalog: opds.Catalog, feed: opds.Feed) -> list[dict[str, Any]]:
    """One facet group a dimension (language, audience): a link to each value's feed; the
    feed's own value has rel "self"."""
    groups: dict[str, dict[str, Any]] = {}
    for facet in catalog.facets:
        group = groups.setdefault(
            facet.group, {"metadata": {"title": facet.group_title}, "links": []}
        )
        link: dict[str, Any] = {
            "href": catalog.shelf.url(opds.page_name(facet.stem, 1, SUFFIX)),
            "type": KIND,
            "title": facet.title,
        }
        if feed.facet == facet:
            link["rel"] = "self"
        link["properties"] = {"numberOfItems": facet.count}
        group["links"].append(link)
    return list(groups.values())


def _publication(catalog: opds.Catalog, entry: Entry) -> dict[str, Any]:
    shelf = catalog.shelf
    metadata: dict[str, Any] = {
        "@type": BOOK,
        "identifier": entry.identifier,
        "title": entry.title,
    }
    if entry.authors:
        metadata["author"] = list(entry.authors)
    metadata["language"] = entry.language
    metadata["modified"] = opds.stamp(entry.modified)
    if entry.description:
        metadata["description"] = entry.description
    if entry.subjects:
        metadata["subject"] = list(entry.subjects)
    if entry.publisher:
        metadata["publisher"] = entry.publisher
    links = []
    page = entry.download("page")
    if page is not None:
        links.append(_link("alternate", shelf.url(page.href), page.media_type))
        links[-1]["title"] = catalog.word("format_page")
    for kind, href, media_type, size in opds.acquisitions(entry):
        link = _link(opds.OPEN_ACCESS, shelf.url(href), media_type)
        link["title"] = opds.label(catalog, kind)
        if kind in AUDIO and entry.duration_ms:
            link["duration"] = entry.duration_ms / 1000
        # The size in bytes: the link schema has no member for it, and its open
        # `properties` object is where OPDS 2.0 puts what a client may show before it asks.
        link["properties"] = {"size": size}
        links.append(link)
    made: dict[str, Any] = {"metadata": metadata, "links": links}
    images = []
    if entry.cover:
        images.append(_link("cover", shelf.url(entry.cover), "image/png"))
    if entry.thumbnail:
        images.append(
            _link("http://opds-spec.org/image/thumbnail", shelf.url(entry.thumbnail), "image/png")
        )
    if images:  # publish's own e-books always have a cover (publish.library.covers)
        made["images"] = images
    return made


def _link(rel: str, href: str, media_type: str) -> dict[str, Any]:
    return {"rel": rel, "href": href, "type": media_type}
