"""`catalog.xml`: the OPDS 1.2 acquisition feed (Atom), its further pages and its facets'
feeds, from the `Catalog` of publish.library.opds. Every address is absolute."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from publish.library import opds
from publish.library.shelf import paging

if TYPE_CHECKING:
    from publish.library.entries import Entry

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
THR = "http://purl.org/syndication/thread/1.0"
XML = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: ATOM, "dc": DC, "dcterms": DCTERMS, "opds": OPDS, "thr": THR}
SUFFIX = ".xml"
KIND = "application/atom+xml;profile=opds-catalog;kind=acquisition"
JSON_KIND = "application/opds+json"
MARKER_TEXT = " publish: the entries "  # a comment no text can make (text is escaped)
MARKER = f"<!--{MARKER_TEXT}-->\n".encode()


def files(catalog: opds.Catalog) -> dict[str, bytes | None]:
    made: dict[str, bytes | None] = {}
    # An e-book is in the whole catalog and in each of its facets' feeds: made and serialized
    # once by lxml (which escapes it), and each page's entries joined into the page's own
    # serialization where its marker comment is. Each entry declares the namespaces it uses.
    entries = {
        e.slug: etree.tostring(_entry(catalog, e), encoding="UTF-8", pretty_print=True)
        for e in catalog.feeds[0].entries
    }
    for feed in catalog.feeds:
        for page in catalog.pages(feed):
            root = _feed(catalog, page)
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
            joined = b"".join(entries[entry.slug] for entry in page.entries)
            made[page.name(page.number, SUFFIX)] = data.replace(MARKER, joined, 1)
    return made


def _feed(catalog: opds.Catalog, page: opds.Page) -> etree._Element:
    """The page's feed element, with a marker comment where its entries go."""
    shelf = catalog.shelf
    feed = page.feed
    root = etree.Element(_atom("feed"), nsmap=NSMAP)
    root.set(f"{{{XML}}}lang", shelf.language)
    here = shelf.url(page.name(page.number, SUFFIX))
    _text(root, "id", here)
    _text(root, "title", feed.title)
    newest = feed.entries[0].modified if feed.entries else catalog.updated
    _text(root, "updated", opds.stamp(newest))
    author = etree.SubElement(root, _atom("author"))
    _text(author, "name", shelf.publisher or shelf.title)
    _text(author, "uri", shelf.base_url)
    _link(root, "self", here, KIND)
    _link(root, "start", shelf.url(opds.page_name(opds.STEM, 1, SUFFIX)), KIND)
    for rel, number in paging(page.number, page.count):
        _link(root, rel, shelf.url(page.name(number, SUFFIX)), KIND)
    json_name = page.name(page.number, ".json")
    _link(root, "alternate", shelf.url(json_name), JSON_KIND)
    for facet in catalog.facets:
        link = _link(root, opds.FACET, shelf.url(opds.page_name(facet.stem, 1, SUFFIX)), KIND)
        link.set("title", facet.title)
        if facet.group == "language":
            link.set("hreflang", facet.value)
        link.set(f"{{{OPDS}}}facetGroup", facet.group_title)
        if feed.facet == facet:
            link.set(f"{{{OPDS}}}activeFacet", "true")
        link.set(f"{{{THR}}}count", str(facet.count))
    root.append(etree.Comment(MARKER_TEXT))
    return root


def _entry(catalog: opds.Catalog, entry: Entry) -> etree._Element:
    shelf = catalog.shelf
    # Its own namespace map: serialized alone, it is <entry xmlns="…Atom">, as readers
    # that match plain tag names (KOReader, Librera) need, never <ns0:entry>.
    node = etree.Element(_atom("entry"), nsmap=NSMAP)
    node.set(f"{{{XML}}}lang", entry.language)
    _text(node, "title", entry.title)
    _text(node, "id", entry.identifier)
    _text(node, "updated", opds.stamp(entry.modified))
    for name in entry.authors:
        author = etree.SubElement(node, _atom("author"))
        _text(author, "name", name)
    etree.SubElement(node, f"{{{DC}}}identifier").text = entry.identifier
    etree.SubElement(node, f"{{{DC}}}language").text = entry.language
    if entry.publisher:
        etree.SubElement(node, f"{{{DC}}}publisher").text = entry.publisher
    if entry.audience:
        etree.SubElement(node, f"{{{DCTERMS}}}audience").text = entry.audience
    for subject in entry.subjects:
        category = etree.SubElement(node, _atom("category"))
        category.set("term", subject)
        category.set("label", subject)
    page = entry.download("page")
    if entry.description or page is None:  # Atom: an entry without a page needs a summary
        _text(node, "summary", entry.description or entry.title).set("type", "text")
    if entry.cover:
        _link(node, opds.IMAGE, shelf.url(entry.cover), "image/png")
    if entry.thumbnail:
        _link(node, opds.THUMBNAIL, shelf.url(entry.thumbnail), "image/png")
    if page is not None:
        link = _link(node, "alternate", shelf.url(page.href), page.media_type)
        link.set("title", catalog.word("format_page"))
    for kind, href, media_type, size in opds.acquisitions(entry):
        link = _link(node, opds.OPEN_ACCESS, shelf.url(href), media_type)
        link.set("length", str(size))
        link.set("title", opds.label(catalog, kind))
    return node


def _atom(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _text(parent: etree._Element, name: str, text: str) -> etree._Element:
    node = etree.SubElement(parent, _atom(name))
    node.text = text
    return node


def _link(parent: etree._Element, rel: str, href: str, media_type: str) -> etree._Element:
    link = etree.SubElement(parent, _atom("link"))
    link.set("rel", rel)
    link.set("href", href)
    link.set("type", media_type)
    return link
