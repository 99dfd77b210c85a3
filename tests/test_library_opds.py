"""The library's OPDS catalogs (issue 30): catalog.json against the published OPDS 2.0 JSON
schemas (vendored in tests/data/opds2, see its README), catalog.xml as Atom with the OPDS
namespaces, checked against each article's own EPUB and the files on disk, read by
feedparser; the facets' feeds; pagination at 100 and byte-identical output."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from conftest import LIBRARY_BASE, ROOT
from jsonschema import Draft7Validator, FormatChecker
from lxml import etree
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from publish.library import Shelf, catalog
from publish.library.entries import Download, Entry

SCHEMAS = ROOT / "tests" / "data" / "opds2"
# Where each vendored folder's schemas live on the web: their $refs name these addresses.
HOMES = {
    "opds": ("https://drafts.opds.io/schema/",),
    "webpub-manifest": (
        "https://readium.org/webpub-manifest/schema/",
        "http://readium.org/webpub-manifest/schema/",
    ),
}
FEED_SCHEMA = "https://drafts.opds.io/schema/feed.schema.json"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "opds": "http://opds-spec.org/2010/catalog",
    "thr": "http://purl.org/syndication/thread/1.0",
}
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
OPEN_ACCESS = "http://opds-spec.org/acquisition/open-access"
KIND = "application/atom+xml;profile=opds-catalog;kind=acquisition"
_GROUP = re.compile(r"\(\?<([A-Za-z][A-Za-z0-9_]*)>")


# --- the OPDS 2.0 schemas, loaded offline ---------------------------------------------------


def python_pattern(pattern: str) -> str:
    """An ECMA-262 regex as Python's `re` reads it: `(?<name>…)` is `(?P<name>…)`, and a name
    used twice (readium's BCP 47 pattern has two `privateUse` groups) gets a number."""
    seen: dict[str, int] = {}

    def rename(match: re.Match[str]) -> str:
        name = match.group(1)
        seen[name] = seen.get(name, 0) + 1
        return f"(?P<{name}{'' if seen[name] == 1 else seen[name]}>"

    return _GROUP.sub(rename, pattern)


def pythonic(schema: Any) -> Any:
    """The schema with every `pattern` and `patternProperties` key made Python's."""
    if isinstance(schema, list):
        return [pythonic(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    made = {}
    for key, value in schema.items():
        if key == "pattern" and isinstance(value, str):
            made[key] = python_pattern(value)
        elif key == "patternProperties" and isinstance(value, dict):
            made[key] = {python_pattern(k): pythonic(v) for k, v in value.items()}
        else:
            made[key] = pythonic(value)
    return made


def registry() -> Registry[Any]:
    """Every vendored schema, under each address a $ref may use for it (no network)."""
    resources = []
    for folder, homes in HOMES.items():
        for path in sorted((SCHEMAS / folder).rglob("*.schema.json")):
            contents = pythonic(json.loads(path.read_text(encoding="utf-8")))
            resource = Resource.from_contents(contents, default_specification=DRAFT7)
            name = path.relative_to(SCHEMAS / folder).as_posix()
            resources += [(home + name, resource) for home in homes]
    return Registry().with_resources(resources)


def formats() -> FormatChecker:
    """Cheap checks of the formats the schemas use (jsonschema's need extra packages)."""
    checker = FormatChecker(formats=())

    @checker.checks("date-time", raises=ValueError)
    def date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value):
            return False
        dt.datetime.fromisoformat(value)
        return True

    @checker.checks("date", raises=ValueError)
    def date(value: object) -> bool:
        return not isinstance(value, str) or bool(dt.date.fromisoformat(value))

    @checker.checks("uri")
    def uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme)) and " " not in value

    @checker.checks("uri-reference")
    def uri_reference(value: object) -> bool:
        return not isinstance(value, str) or (" " not in value and bool(urlsplit(value)))

    return checker


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    found = registry()
    schema = found.contents(FEED_SCHEMA)
    return Draft7Validator(schema, registry=found, format_checker=formats())


def problems(validator: Draft7Validator, document: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


# --- helpers ------------------------------------------------------------------------------


def local(library: Path, url: str) -> Path:
    """The file an absolute library URL stands for (it must be under LIBRARY_BASE)."""
    assert url.startswith(LIBRARY_BASE), url
    return library / unquote(url.removeprefix(LIBRARY_BASE))


def epubs(library: Path) -> dict[str, dict[str, Any]]:
    """Each article's EPUB (its path in the output folder) -> what its package says."""
    found = {}
    for path in sorted(library.glob("*/*.epub")):
        with zipfile.ZipFile(path) as archive:
            container = etree.fromstring(archive.read("META-INF/container.xml"))
            name = container.xpath("string(//*[local-name()='rootfile']/@full-path)")
            package = etree.fromstring(archive.read(name))
        unique = package.get("unique-identifier")
        found[path.relative_to(library).as_posix()] = {
            "identifier": package.xpath(f"string(//dc:identifier[@id='{unique}'])", namespaces=OPF),
            "title": package.xpath("string(//dc:title)", namespaces=OPF),
            "language": package.xpath("string(//dc:language)", namespaces=OPF),
            "creators": package.xpath("//dc:creator/text()", namespaces=OPF),
            "publisher": package.xpath("string(//dc:publisher)", namespaces=OPF),
            "description": package.xpath("string(//dc:description)", namespaces=OPF),
            "modified": package.xpath(
                "string(//opf:meta[@property='dcterms:modified'])", namespaces=OPF
            ),
            "size": path.stat().st_size,
        }
    assert len(found) >= 5, "the library fixture has five articles with an e-book"
    return found


def atom(path: Path) -> etree._Element:
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{{{NS['atom']}}}feed"
    return root


def entry_links(entry: etree._Element, rel: str) -> list[etree._Element]:
    return [link for link in entry.findall("atom:link", NS) if link.get("rel") == rel]


# --- the built library --------------------------------------------------------------------


def test_every_json_catalog_validates_against_the_opds2_schemas(
    library: Path, validator: Draft7Validator
) -> None:
    names = sorted(p.name for p in library.glob("catalog*.json"))
    assert {"catalog.json", "catalog-language-es-us.json", "catalog-audience-patients.json"} <= set(
        names
    )
    for name in names:
        document = json.loads((library / name).read_text(encoding="utf-8"))
        assert problems(validator, document) == [], name
        assert document["links"][0] == {
            "rel": "self",
            "href": LIBRARY_BASE + name,
            "type": "application/opds+json",
        }
        for publication in document["publications"]:
            # every address in the catalog is a file of the library
            for link in publication["links"] + publication["images"]:
                assert local(library, link["href"]).is_file(), link
            for link in publication["links"]:
                if "properties" in link:
                    size = local(library, link["href"]).stat().st_size
                    assert link["properties"]["size"] == size, link


def test_the_json_catalog_has_every_ebook_with_its_metadata(library: Path) -> None:
    books = epubs(library)
    document = json.loads((library / "catalog.json").read_text(encoding="utf-8"))
    meta = document["metadata"]
    assert meta["numberOfItems"] == len(books) == len(document["publications"])
    assert (meta["itemsPerPage"], meta["currentPage"]) == (100, 1)
    by_epub = {}
    for publication in document["publications"]:
        acquired = [l for l in publication["links"] if l["rel"] == OPEN_ACCESS]
        assert acquired[0]["type"] == "application/epub+zip"
        by_epub[unquote(acquired[0]["href"].removeprefix(LIBRARY_BASE))] = publication
        types = {l["type"] for l in acquired}
        assert {"application/pdf", "audio/mpeg", "audio/mp4", "application/zip"} <= types
        assert publication["metadata"]["@type"] == "http://schema.org/Book"
        assert [i["type"] for i in publication["images"]] == ["image/png", "image/png"]
    assert set(by_epub) == set(books)
    for href, facts in books.items():
        metadata = by_epub[href]["metadata"]
        assert metadata["identifier"] == facts["identifier"]
        assert metadata["title"] == facts["title"]
        assert metadata["language"] == facts["language"]
        assert metadata.get("author", []) == facts["creators"]
        assert metadata.get("publisher", "") == facts["publisher"]
        assert metadata.get("description", "") == facts["description"]
        assert metadata["modified"] == facts["modified"]
    assert any(p["metadata"].get("description") for p in document["publications"])
    assert any(p["metadata"].get("subject") for p in document["publications"])
    groups = {g["metadata"]["title"]: g["links"] for g in document["facets"]}
    assert set(groups) == {"Language", "Audience"}
    counts = {l["title"]: l["properties"]["numberOfItems"] for l in groups["Language"]}
    assert sum(counts.values()) == len(books) and counts["Español (Estados Unidos)"] == 1


def test_the_atom_catalog_has_an_entry_for_every_ebook(library: Path) -> None:
    books = epubs(library)
    root = atom(library / "catalog.xml")
    assert {k: v for k, v in root.nsmap.items() if k} == {
        k: v for k, v in NS.items() if k != "atom"
    }
    assert root.nsmap[None] == NS["atom"]
    assert root.findtext("atom:id", namespaces=NS) == LIBRARY_BASE + "catalog.xml"
    assert root.findtext("atom:author/atom:name", namespaces=NS)
    self_link = entry_links(root, "self")[0]
    assert (self_link.get("href"), self_link.get("type")) == (LIBRARY_BASE + "catalog.xml", KIND)
    assert entry_links(root, "start")[0].get("href") == LIBRARY_BASE + "catalog.xml"
    entries = root.findall("atom:entry", NS)
    assert len(entries) == len(books)
    updated = [e.findtext("atom:updated", namespaces=NS) for e in entries]
    assert root.findtext("atom:updated", namespaces=NS) == max(updated)
    assert updated == sorted(updated, reverse=True), "newest first"
    seen = set()
    for entry in entries:
        epub = [
            link
            for link in entry_links(entry, OPEN_ACCESS)
            if link.get("type") == "application/epub+zip"
        ]
        assert len(epub) == 1
        href = unquote(epub[0].get("href", "").removeprefix(LIBRARY_BASE))
        facts = books[href]
        seen.add(href)
        assert int(epub[0].get("length", "")) == facts["size"]
        assert entry.findtext("atom:id", namespaces=NS) == facts["identifier"]
        assert entry.findtext("dc:identifier", namespaces=NS) == facts["identifier"]
        assert entry.findtext("atom:title", namespaces=NS) == facts["title"]
        assert entry.findtext("dc:language", namespaces=NS) == facts["language"]
        assert entry.xpath("atom:author/atom:name/text()", namespaces=NS) == facts["creators"]
        assert entry.findtext("dc:publisher", namespaces=NS) == facts["publisher"]
        assert entry.findtext("atom:updated", namespaces=NS) == facts["modified"]
        assert (entry.findtext("atom:summary", namespaces=NS) or "") == facts["description"]
        for rel in ("http://opds-spec.org/image", "http://opds-spec.org/image/thumbnail"):
            (image,) = entry_links(entry, rel)
            assert (
                image.get("type") == "image/png" and local(library, image.get("href", "")).is_file()
            )
        (page,) = entry_links(entry, "alternate")
        assert page.get("type") == "text/html" and local(library, page.get("href", "")).is_file()
        # every further format, with its size on disk
        for link in entry_links(entry, OPEN_ACCESS):
            assert (
                int(link.get("length", "")) == local(library, link.get("href", "")).stat().st_size
            )
        kinds = [link.get("title") for link in entry_links(entry, OPEN_ACCESS)]
        assert kinds == [
            "E-book (EPUB)",
            "Print handout (PDF)",
            "Large-print handout (PDF)",
            "Narration (MP3)",
            "Audiobook (M4B)",
            "DAISY talking book (zip)",
            "Braille (BRF)",
        ]
    assert seen == set(books)
    described = [e for e in entries if e.find("atom:summary", NS) is not None]
    subjects = [e for e in entries if e.find("atom:category", NS) is not None]
    assert described and subjects, "the fixtures' descriptions and keywords reach the catalog"


def test_facet_feeds_list_only_their_entries(library: Path) -> None:
    root = atom(library / "catalog.xml")
    facets = entry_links(root, "http://opds-spec.org/facet")
    groups = {f.get(f"{{{NS['opds']}}}facetGroup") for f in facets}
    assert groups == {"Language", "Audience"}
    assert not any(f.get(f"{{{NS['opds']}}}activeFacet") for f in facets)
    total = len(root.findall("atom:entry", NS))
    for facet in facets:
        assert facet.get("type") == KIND
        feed = atom(local(library, facet.get("href", "")))
        entries = feed.findall("atom:entry", NS)
        assert len(entries) == int(facet.get(f"{{{NS['thr']}}}count", "")) > 0
        if facet.get(f"{{{NS['opds']}}}facetGroup") == "Language":
            wanted, field = facet.get("hreflang"), "dc:language"
        else:
            wanted, field = "patients", "dcterms:audience"
        assert {e.findtext(field, namespaces=NS) for e in entries} == {wanted}
        # the same facets on every page, this one marked active
        active = [
            f.get("href")
            for f in entry_links(feed, "http://opds-spec.org/facet")
            if f.get(f"{{{NS['opds']}}}activeFacet") == "true"
        ]
        assert active == [facet.get("href")]
        assert entry_links(feed, "start")[0].get("href") == LIBRARY_BASE + "catalog.xml"
    languages = [f for f in facets if f.get(f"{{{NS['opds']}}}facetGroup") == "Language"]
    assert sum(int(f.get(f"{{{NS['thr']}}}count", "")) for f in languages) == total
    assert {f.get("hreflang") for f in languages} == {"en-US", "es-US"}


def test_feedparser_reads_every_entry_with_its_links(library: Path) -> None:
    books = epubs(library)
    parsed = feedparser.parse((library / "catalog.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title and parsed.feed.id == LIBRARY_BASE + "catalog.xml"
    assert len(parsed.entries) == len(books)
    for item in parsed.entries:
        assert item.title and item.id and item.updated_parsed
        rels = [link.rel for link in item.links]
        assert rels.count(OPEN_ACCESS) == 7
        epub = next(link for link in item.links if link.type == "application/epub+zip")
        assert int(epub.length) == books[unquote(epub.href.removeprefix(LIBRARY_BASE))]["size"]
        assert item.language == books[unquote(epub.href.removeprefix(LIBRARY_BASE))]["language"]


# --- the schemas can fail -----------------------------------------------------------------


def test_the_schemas_reject_a_broken_feed(validator: Draft7Validator) -> None:
    good = {
        "metadata": {"title": "T"},
        "links": [
            {
                "rel": "self",
                "href": "https://x.example/catalog.json",
                "type": "application/opds+json",
            }
        ],
        "publications": [
            {
                "metadata": {"title": "B", "language": "en-US", "modified": "2026-01-02T03:04:05Z"},
                "links": [
                    {
                        "rel": OPEN_ACCESS,
                        "href": "https://x.example/b.epub",
                        "type": "application/epub+zip",
                    }
                ],
                "images": [{"href": "https://x.example/b.png", "type": "image/png"}],
            }
        ],
    }
    assert problems(validator, good) == []
    publication = good["publications"][0]  # type: ignore[index]
    broken: list[tuple[str, Any]] = [
        ("images", []),
        ("links", [{"rel": "alternate", "href": "https://x.example/b.html"}]),
        ("metadata", {"title": "B", "language": "not a language!"}),
        ("metadata", {"title": "B", "modified": "yesterday"}),
        ("metadata", {"title": "B", "identifier": "no scheme"}),
        ("links", [{"rel": OPEN_ACCESS, "href": "https://x.example/b.epub", "language": "??"}]),
    ]
    for key, value in broken:
        bad = json.loads(json.dumps(good))
        bad["publications"][0][key] = value
        assert problems(validator, bad), (key, value)
    assert publication["images"]  # the good one is unchanged
    assert problems(validator, {"metadata": {"title": "T"}, "links": [], "publications": []})


# --- pagination, on a shelf of synthetic entries --------------------------------------------


def synthetic(count: int) -> Shelf:
    """A shelf of `count` e-books (no build): two languages, three audiences, one date for
    many, so the order needs its title and slug."""
    made = []
    for n in range(count):
        slug = f"book-{n:03d}"
        downloads = (
            Download("page", f"{slug}/{slug}.html", "text/html", 1000 + n),
            Download("epub", f"{slug}/{slug}.epub", "application/epub+zip", 5000 + n),
            Download("mp3", f"{slug}/{slug}.mp3", "audio/mpeg", 9000 + n),
        )
        made.append(
            Entry(
                slug=slug,
                source=f"{slug}.md",
                identifier=f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
                title=f"Book {n % 7}",
                description=f"About book {n}.",
                language="es-US" if n % 5 == 0 else "en-US",
                audience=("patients", "caregivers", "professionals")[n % 3],
                grade=None,
                authors=("A. Writer",),
                publisher="Clinic",
                subjects=("health",),
                license="",
                modified=dt.datetime(2026, 1, 1 + n % 20, tzinfo=dt.UTC),
                downloads=downloads,
                duration_ms=61_500,
                chapters=(),
                captions="",
                group=slug,
                cover=f"library/covers/{slug}.png",
                thumbnail=f"library/covers/{slug}-thumb.png",
            )
        )
    return Shelf(tuple(reversed(made)), "Shelf", "https://x.example/lib/", "en-US", "Clinic")


def test_pages_of_one_hundred_linked_both_ways(validator: Draft7Validator) -> None:
    shelf = synthetic(250)
    made = catalog.files(shelf)
    assert made == catalog.files(shelf), "two calls give the same bytes"
    assert sorted(n for n in made if re.fullmatch(r"catalog(-\d+)?\.xml", n)) == [
        "catalog-2.xml",
        "catalog-3.xml",
        "catalog.xml",
    ]
    base = "https://x.example/lib/"
    names = ["catalog.xml", "catalog-2.xml", "catalog-3.xml"]
    order: list[str] = []
    for number, name in enumerate(names, 1):
        data = made[name]
        assert data is not None
        root = etree.fromstring(data)
        rels = {link.get("rel"): link.get("href") for link in root.findall("atom:link", NS)}
        assert rels["self"] == base + name
        assert rels["first"] == base + "catalog.xml" and rels["last"] == base + "catalog-3.xml"
        assert rels.get("previous") == (base + names[number - 2] if number > 1 else None)
        assert rels.get("next") == (base + names[number] if number < 3 else None)
        entries = root.findall("atom:entry", NS)
        assert len(entries) == (100, 100, 50)[number - 1]
        order += [e.findtext("atom:id", namespaces=NS) or "" for e in entries]
        document = json.loads(made[name.replace(".xml", ".json")] or b"")
        assert problems(validator, document) == []
        assert document["metadata"]["currentPage"] == number
        assert document["metadata"]["numberOfItems"] == 250
        links = {l["rel"]: l["href"] for l in document["links"]}
        assert links.get("next") == (
            base + names[number].replace(".xml", ".json") if number < 3 else None
        )
        assert links.get("previous") == (
            base + names[number - 2].replace(".xml", ".json") if number > 1 else None
        )
        assert len(document["publications"]) == len(entries)
    assert len(set(order)) == 250
    by_id = {e.identifier: e for e in shelf.entries}
    keys = [(-by_id[i].modified.timestamp(), by_id[i].title, by_id[i].slug) for i in order]
    assert keys == sorted(keys), "newest first, then title, then slug"
    # a facet's feed is paged too: 200 of the 250 are in English
    spanish = [n for n in made if n.startswith("catalog-language-es-us") and n.endswith(".xml")]
    assert spanish == ["catalog-language-es-us.xml"]
    english = sorted(
        n for n in made if n.startswith("catalog-language-en-us") and n.endswith(".xml")
    )
    assert english == ["catalog-language-en-us-2.xml", "catalog-language-en-us.xml"]
    second = etree.fromstring(made["catalog-language-en-us-2.xml"] or b"")
    assert len(second.findall("atom:entry", NS)) == 100
    # the same shelf in another order gives the same bytes
    shuffled = dataclasses.replace(
        shelf, entries=tuple(sorted(shelf.entries, key=lambda e: e.slug))
    )
    assert catalog.files(shuffled) == made


def test_facet_values_make_safe_distinct_file_names() -> None:
    shelf = synthetic(3)
    odd = [
        dataclasses.replace(e, audience=audience, slug=f"odd-{i}", identifier=f"urn:x:{i}")
        for i, (e, audience) in enumerate(
            zip(shelf.entries, ("../../etc", "Grown Ups", "grown-ups"), strict=True)
        )
    ]
    made = catalog.files(Shelf(tuple(odd), "S", "https://x.example/", "en-US", ""))
    names = sorted(n for n in made if n.startswith("catalog-audience-") and n.endswith(".xml"))
    assert names == [
        "catalog-audience-etc.xml",
        "catalog-audience-grown-ups-2x.xml",
        "catalog-audience-grown-ups.xml",
    ]
    assert all(re.fullmatch(r"[a-z0-9.-]+", n) for n in made)
