"""The one place IDs are made.

IDs are derived from the structure, never from a counter shared across the
whole article, so editing one paragraph changes no ID outside its section:

* a section's ID is the slug of its heading (``intro`` before the first heading);
* a block's ID is its parent's ID, a letter for its kind and its ordinal
  among siblings of that kind (``overcoming-challenges-p2``);
* a sentence's ID is its block's ID plus ``-s`` and its ordinal;
* the glossary is ``glossary`` (its heading ``glossary-h``), a term's ID is ``term-`` and its
  slug, and its definition's the term's plus ``-def``;
* a callout's title is its ID plus ``-title``, and its label (the title with the word
  "Warning" before it, which names the callout) its ID plus ``-label``;
* the closing block (the front matter's ``contact:`` and ``footer:``) is ``closing``, its
  lines ``closing-contact`` and ``closing-footer``; minted after the body, so adding them
  changes no other ID.

Every ID is a valid XML ID and HTML ID, so the same string serves the HTML
page, the EPUB, the SMIL files, the captions and the reports.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath
from typing import Any

KIND_LETTERS = {
    "paragraph": "p",
    "list": "l",
    "item": "i",
    "quote": "q",
    "callout": "a",  # an aside
    "codeblock": "c",
    "table": "t",
    "figure": "f",
    "hr": "r",
}
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _words(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:60].rstrip("-")


def slugify(text: str, fallback: str = "section") -> str:
    """Lower-case ASCII words joined by hyphens; starts with a letter."""
    slug = _words(text)
    if not slug:
        return fallback
    if not slug[0].isalpha():
        slug = f"{fallback[0]}-{slug}"
    return slug


def name_from(text: str, fallback: str, limit: int = 100) -> str:
    """A file name for a title or a file's name in any script: transliterated to ASCII
    (anyascii: "洗手的方法" is "xi-shou-de-fang-fa", "Как мыть руки" "kak-myt-ruki"), lower
    case, words joined by hyphens; `fallback-` and a short stable hash of the text when no
    letter or digit is left (a title of emoji)."""
    import hashlib
    import unicodedata

    from anyascii import anyascii

    pieces = []
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            pieces.append(char)
        elif unicodedata.category(char).startswith("S"):
            pieces.append(" ")  # a symbol or an emoji names no word ("🙂" is ":slight_smile:")
        elif unicodedata.name(char, "").startswith("CJK"):
            pieces.append(f" {anyascii(char)} ")  # one syllable a character: keep them apart
        else:
            pieces.append(anyascii(char))
    ascii_text = "".join(pieces)
    if any(c.isalnum() for c in ascii_text):
        return slugify(ascii_text, fallback)[:limit].rstrip("-")
    return f"{fallback}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


def source_slug(path: str | PurePath, book: bool = False) -> str:
    """The one name of a source's output folder and files: its file name's stem, slugified
    (`source/Cell Therapy.md` -> `cell-therapy`). A book's YAML file names its book alike."""
    return slugify(PurePath(path).stem, "book" if book else "article")


class IdMinter:
    """Mints unique IDs for one article. Create one per parse."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def _unique(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self._taken:
            n += 1
            candidate = f"{base}-{n}"
        self._taken.add(candidate)
        return candidate

    def section(self, heading_text: str | None) -> str:
        if heading_text is None:
            return self._unique("intro")
        return self._unique(slugify(heading_text))

    def block(self, parent_id: str, kind: str, ordinal: int) -> str:
        return self._unique(f"{parent_id}-{KIND_LETTERS[kind]}{ordinal}")

    def callout_title(self, callout_id: str) -> str:
        """The sentence holding a callout's title (`> [!WARNING] Your medicines`):
        `getting-ready-a3-title`; minted before the callout's text."""
        return self._unique(f"{callout_id}-title")

    def callout_label(self, callout_id: str) -> str:
        """A callout's label ("Warning: Blood thinners"), which names it: `intro-a1-label`."""
        return self._unique(f"{callout_id}-label")

    def heading(self, section_id: str) -> str:
        return self._unique(f"{section_id}-h")

    def title(self) -> str:
        return self._unique("title")

    def description(self, figure_id: str) -> str:
        """The sentence holding a figure's alt text."""
        return self._unique(f"{figure_id}-alt")

    def sentence(self, parent_id: str, ordinal: int) -> str:
        return self._unique(f"{parent_id}-s{ordinal}")

    def cell(self, table_id: str, row: int, column: int) -> str:
        return self._unique(f"{table_id}-r{row}c{column}")

    def footnote(self, label: str) -> str:
        return self._unique(f"fn-{_words(label) or 'note'}")

    def footnote_ref(self, note_id: str, ordinal: int) -> str:
        return self._unique(f"{note_id}-ref{ordinal}")

    def term(self, term: str) -> str:
        return self._unique(f"term-{_words(term) or 'term'}")

    def glossary(self) -> str:
        """The glossary's own section, read after the footnotes."""
        return self._unique("glossary")

    def closing(self) -> str:
        """The closing block: the contact and footer lines, read after the footnotes."""
        return self._unique("closing")

    def closing_line(self, closing_id: str, field: str) -> str:
        """One line of the closing block, named by its front-matter field: `closing-contact`."""
        return self._unique(f"{closing_id}-{field}")

    def definition(self, term_id: str) -> str:
        """A glossary definition, as shown and read after its term."""
        return self._unique(f"{term_id}-def")


BOOK_NAMESPACE = "6f1c9d52-8f0e-4c55-9a57-2b1f3c6d8e01"


def book_uuid(article: Any) -> str:
    """The book's UUID URN, derived from its URL (or its name and title): the same in every
    rebuild, never random. The EPUB, the DAISY book and the reports share it."""
    import uuid

    meta = article.metadata
    key = meta.url or f"{article.slug}\n{meta.title}"
    return f"urn:uuid:{uuid.uuid5(uuid.UUID(BOOK_NAMESPACE), key)}"
