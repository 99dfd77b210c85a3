"""What every writer of the library shares: the `Shelf` (its entries and its own facts) and
the names of its folders. A leaf module, so the writers never import the finisher."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import quote

from publish.config.brand import Brand
from publish.library.entries import Entry

FOLDER = "library"  # the library's own files (covers, chapters, images)
SEARCH = "pagefind"  # the search index, written by Pagefind
STATE = f"{FOLDER}/manifest.json"  # what the library was made from, and the files it made


@dataclass(frozen=True)
class Shelf:
    """Everything the library's writers need: the entries and the library's own facts."""

    entries: tuple[Entry, ...]
    title: str
    base_url: str  # ends with "/"; "" when not given (then no feed is written)
    language: str  # the library page's own language: its articles' most common one
    publisher: str  # the articles' most common publisher, or ""
    brand: Brand = field(default_factory=Brand)  # the project's house style

    def url(self, href: str) -> str:
        """An absolute address for a path in the output folder (needs the base URL)."""
        return self.base_url + quote(href)


def utc(moment: dt.datetime) -> dt.datetime:
    """The moment in UTC; a naive one is taken as UTC (never the machine's zone, so every
    build agrees)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def paging(number: int, count: int) -> list[tuple[str, int]]:
    """RFC 5005's links of page `number` of `count`: first, previous, next and last, as
    (rel, page number)."""
    found = [("first", 1)]
    if number > 1:
        found.append(("previous", number - 1))
    if number < count:
        found.append(("next", number + 1))
    found.append(("last", count))
    return found
