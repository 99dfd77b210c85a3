"""The package metadata retailers and libraries read: identifiers (an ISBN as the unique one,
the stable UUID beside it), creators and contributors with MARC relator roles, the series
(belongs-to-collection) and subjects with their BISAC or Thema authority."""

from __future__ import annotations

from typing import Any

from publish.config import Metadata

ONIX_ISBN13 = "15"  # ONIX code list 5: ISBN-13
ONIX_DOI = "06"


def identifiers(book: Any, meta: Metadata, stable: str) -> None:
    """The author's identifier (ISBN, DOI or URN) as the unique identifier, when there is one;
    the UUID derived from the source stays as a second identifier either way."""
    if not meta.identifier:
        book.set_identifier(stable)
        return
    book.set_identifier(meta.identifier)
    kind = ONIX_ISBN13 if meta.identifier.startswith("urn:isbn:") else None
    if meta.identifier.startswith("doi:"):
        kind = ONIX_DOI
    if kind is not None:
        book.add_metadata(
            None,
            "meta",
            kind,
            {"refines": "#id", "property": "identifier-type", "scheme": "onix:codelist5"},
        )
    book.add_metadata("DC", "identifier", stable, {"id": "uuid"})


def credits(book: Any, meta: Metadata) -> None:
    """Authors as dc:creator, everyone else as dc:contributor, each with its MARC role."""
    people = [(name, "aut") for name in meta.authors]
    people += [(c.name, c.role) for c in meta.contributors]
    for number, (name, role) in enumerate(people, 1):
        element = "creator" if role == "aut" else "contributor"
        uid = f"{element}-{number}"
        book.add_metadata("DC", element, name, {"id": uid})
        book.add_metadata(
            None,
            "meta",
            role,
            {"refines": f"#{uid}", "property": "role", "scheme": "marc:relators"},
        )


def series(book: Any, meta: Metadata) -> None:
    if meta.series is None:
        return
    book.add_metadata(
        None, "meta", meta.series.name, {"property": "belongs-to-collection", "id": "series"}
    )
    book.add_metadata(None, "meta", "series", {"refines": "#series", "property": "collection-type"})
    if meta.series.position is not None:
        book.add_metadata(
            None, "meta", meta.series.number, {"refines": "#series", "property": "group-position"}
        )


def subjects(book: Any, meta: Metadata) -> None:
    """Coded subjects with their authority and term; keywords and free subjects as words."""
    for keyword in meta.keywords:
        book.add_metadata("DC", "subject", keyword)
    for number, subject in enumerate(meta.subjects, 1):
        if not subject.scheme:
            book.add_metadata("DC", "subject", subject.name)
            continue
        uid = f"subject-{number}"
        book.add_metadata("DC", "subject", subject.name, {"id": uid})
        book.add_metadata(
            None, "meta", subject.scheme, {"refines": f"#{uid}", "property": "authority"}
        )
        book.add_metadata(None, "meta", subject.code, {"refines": f"#{uid}", "property": "term"})
