"""What every writer of the library shares: the `Shelf` (its entries and its own facts) and
the names of its folders. A leaf module, so the writers never import the finisher."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

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

    def url(self, href: str) -> str:
        """An absolute address for a path in the output folder (needs the base URL)."""
        return self.base_url + quote(href)
