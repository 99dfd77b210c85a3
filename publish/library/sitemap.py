"""`sitemap.xml`: every article page and every page of the library's index, by absolute
address, with the date each last changed and, for a translated article, an
`xhtml:link rel="alternate" hreflang` for each of its languages (itself included), as
search engines ask. Above 50,000 addresses it is a sitemap index of `sitemap-N.xml` parts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from publish.library.entries import Entry
    from publish.library.shelf import Shelf

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
LIMIT = 50_000  # addresses in one sitemap file (sitemaps.org)


def files(shelf: Shelf, pages: list[str]) -> dict[str, bytes | None]:
    """The sitemap of the article pages and of the library's own `pages` (its index pages,
    by file name, as the library page's writer made them)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for entry in shelf.entries:
        if entry.download("page"):
            groups.setdefault(entry.group, []).append((entry.language, shelf.url(entry.page)))
    rows: list[tuple[str, str, list[tuple[str, str]]]] = []
    for entry in shelf.entries:
        if not entry.download("page"):
            continue
        versions = groups[entry.group]
        rows.append((shelf.url(entry.page), _date(entry), versions if len(versions) > 1 else []))
    newest = max((_date(e) for e in shelf.entries), default="")
    rows += [(shelf.url(name), newest, []) for name in pages]
    if len(rows) <= LIMIT:
        return {"sitemap.xml": _urlset(rows)}
    parts = [rows[at : at + LIMIT] for at in range(0, len(rows), LIMIT)]
    made: dict[str, bytes | None] = {}
    index = etree.Element(f"{{{SITEMAP}}}sitemapindex", nsmap={None: SITEMAP})
    for number, part in enumerate(parts, 1):
        name = f"sitemap-{number}.xml"
        made[name] = _urlset(part)
        sitemap = etree.SubElement(index, f"{{{SITEMAP}}}sitemap")
        etree.SubElement(sitemap, f"{{{SITEMAP}}}loc").text = shelf.url(name)
        etree.SubElement(sitemap, f"{{{SITEMAP}}}lastmod").text = max(r[1] for r in part)
    made["sitemap.xml"] = _bytes(index)
    return made


def _urlset(rows: list[tuple[str, str, list[tuple[str, str]]]]) -> bytes:
    urlset = etree.Element(f"{{{SITEMAP}}}urlset", nsmap={None: SITEMAP, "xhtml": XHTML})
    for loc, lastmod, versions in rows:
        url = etree.SubElement(urlset, f"{{{SITEMAP}}}url")
        etree.SubElement(url, f"{{{SITEMAP}}}loc").text = loc
        if lastmod:
            etree.SubElement(url, f"{{{SITEMAP}}}lastmod").text = lastmod
        for language, href in versions:
            etree.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=language, href=href)
    return _bytes(urlset)


def _bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _date(entry: Entry) -> str:
    return entry.modified.date().isoformat()
