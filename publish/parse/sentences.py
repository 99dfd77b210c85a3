"""Rule-based sentence boundaries for English prose.

Works on a flat string in which inline objects (images, note references) are
one U+FFFC character each, so boundaries map back onto the inline tree.
"""

from __future__ import annotations

import re

OBJECT = "\ufffc"

# Abbreviations after which a period never ends a sentence.
NEVER_ENDS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "rev",
        "hon",
        "st",
        "sr",
        "jr",
        "vs",
        "cf",
        "e.g",
        "i.e",
        "fig",
        "figs",
        "no",
        "nos",
        "vol",
        "approx",
        "ca",
        "est",
        "dept",
        "univ",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "mt",
        "ft",
        "ave",
        "blvd",
        "p",
        "pp",
        "ch",
        "sec",
        "eq",
        "al",
    ]
)
# Abbreviations that may end a sentence: a boundary only before a typical sentence opener.
MAY_END = frozenset(
    [
        "etc",
        "u.s",
        "u.k",
        "u.n",
        "m.d",
        "ph.d",
        "d.o",
        "r.n",
        "b.sc",
        "m.sc",
        "inc",
        "ltd",
        "co",
        "corp",
        "a.m",
        "p.m",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
    ]
)
OPENERS = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "a",
        "an",
        "in",
        "on",
        "at",
        "for",
        "but",
        "and",
        "or",
        "if",
        "when",
        "while",
        "after",
        "before",
        "our",
        "your",
        "their",
        "there",
        "here",
        "what",
        "why",
        "how",
        "some",
        "most",
        "many",
        "one",
        "two",
        "many",
        "all",
        "each",
        "however",
        "also",
        "then",
        "so",
        "as",
        "with",
    ]
)

_CANDIDATE = re.compile(
    r"""(?P<end>[.!?\u2026]+)            # terminal punctuation
        (?P<close>[)\]"'\u201d\u2019\ufffc]*)  # closing quotes, brackets, note references
        (?P<space>\s+)
        (?=(?P<next>[\"'\u201c\u2018(\[]*\S))""",
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NEXT_WORD = re.compile(r"[\"'\u201c\u2018(\[]*([^\s]+)")


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    after = text[match.end("space") :]
    next_word = _NEXT_WORD.match(after)
    if not next_word:
        return False
    word = next_word.group(1)
    first = word[0]
    if first.islower():
        return False
    if match.group("end") != ".":
        return True
    before = _WORD_BEFORE.search(text[: match.start("end")])
    if before is None:
        return True
    token = before.group(1).lower().rstrip(".")
    if len(token) == 1 and before.group(1).isupper() and match.start("end") == before.end():
        # A single capital initial ("J. Smith") rarely ends a sentence.
        return False
    if token in NEVER_ENDS:
        return False
    if token in MAY_END:
        return re.sub(r"\W", "", word).lower() in OPENERS
    return True


def boundaries(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences in text, with surrounding space trimmed."""
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for match in _CANDIDATE.finditer(text):
        if match.start() < start or not _is_boundary(text, match):
            continue
        spans.append((start, match.end("close")))
        start = match.end("space")
    end = len(text.rstrip())
    if end > start:
        spans.append((start, end))
    return spans


def split(text: str) -> list[str]:
    """The sentences of a plain string."""
    return [text[a:b] for a, b in boundaries(text)]
