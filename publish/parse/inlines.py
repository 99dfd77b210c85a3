"""Inline content: markdown-it inline nodes to model inlines, glossary terms, sentence slicing."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from publish.config.metadata import GlossaryEntry
from publish.model.nodes import (
    CONTAINERS,
    Code,
    Image,
    Inline,
    LineBreak,
    Link,
    NoteRef,
    SoftBreak,
    Term,
    Text,
)
from publish.parse.sentences import OBJECT, boundaries

_CODE_PUNCT = re.compile(r"[.!?\u2026]")


def flat_text(inlines: Iterable[Inline]) -> str:
    """Text with one character per position the slicer counts; breaks are newlines."""
    parts: list[str] = []
    for node in inlines:
        parts.append(_flat(node))
    return "".join(parts)


def _flat(node: Inline) -> str:
    if isinstance(node, Text):
        return node.text
    if isinstance(node, (SoftBreak, LineBreak)):
        return "\n"
    if isinstance(node, Code):
        return _CODE_PUNCT.sub("x", node.text)
    if isinstance(node, (NoteRef, Image)):
        return OBJECT
    return flat_text(node.children)


def plain_text(inlines: Iterable[Inline]) -> str:
    """What a reader reads: images by their alt text, note references dropped, spaces folded."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            parts.append(node.text)
        elif isinstance(node, (SoftBreak, LineBreak)):
            parts.append(" ")
        elif isinstance(node, Image):
            parts.append(node.alt)
        elif isinstance(node, CONTAINERS):
            parts.append(plain_text(node.children))
    return " ".join("".join(parts).split())


def slice_inlines(inlines: Sequence[Inline], start: int, end: int) -> tuple[Inline, ...]:
    """The part of `inlines` between flat-text offsets start and end; containers are clipped."""
    out: list[Inline] = []
    pos = 0
    for node in inlines:
        length = len(_flat(node))
        lo, hi = pos, pos + length
        pos = hi
        if hi <= start or lo >= end:
            continue
        if isinstance(node, (Text, Code)):
            a, b = max(start - lo, 0), min(end - lo, length)
            if (a, b) == (0, length):
                out.append(node)
            else:
                out.append(dataclasses.replace(node, text=node.text[a:b]))
        elif isinstance(node, CONTAINERS):
            children = slice_inlines(node.children, max(start - lo, 0), min(end - lo, length))
            out.append(dataclasses.replace(node, children=children))
        else:
            out.append(node)
    return tuple(out)


def split_sentences(
    inlines: Sequence[Inline],
) -> list[tuple[tuple[Inline, ...], int]]:
    """Each sentence's inlines and the number of line breaks before it."""
    text = flat_text(inlines)
    return [(slice_inlines(inlines, a, b), text.count("\n", 0, a)) for a, b in boundaries(text)]


class TermMarker:
    """Wraps glossary terms found in text in Term nodes, remembering first uses."""

    def __init__(self, items: Sequence[GlossaryEntry], ids: Sequence[str]) -> None:
        self._patterns: list[tuple[re.Pattern[str], GlossaryEntry, str]] = []
        for item, term_id in sorted(zip(items, ids, strict=True), key=lambda p: -len(p[0].term)):
            words = sorted({item.term, *item.forms}, key=len, reverse=True)
            case_sensitive = sum(c.isupper() for c in item.term) >= 2 and not any(
                c.islower() for c in item.term
            )
            flags = 0 if case_sensitive else re.IGNORECASE
            alternatives = "|".join(re.escape(w) for w in words)
            pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", flags)
            self._patterns.append((pattern, item, term_id))
        self._seen: set[str] = set()

    def mark(self, inlines: Sequence[Inline]) -> tuple[Inline, ...]:
        if not self._patterns:
            return tuple(inlines)
        out: list[Inline] = []
        for node in inlines:
            if isinstance(node, Text):
                out.extend(self._mark_text(node.text, 0))
            elif isinstance(node, CONTAINERS) and not isinstance(node, (Link, Term)):
                out.append(dataclasses.replace(node, children=self.mark(node.children)))
            else:
                out.append(node)
        return tuple(out)

    def _mark_text(self, text: str, index: int) -> list[Inline]:
        if index >= len(self._patterns):
            return [Text(text)] if text else []
        pattern, item, term_id = self._patterns[index]
        out: list[Inline] = []
        last = 0
        for match in pattern.finditer(text):
            out.extend(self._mark_text(text[last : match.start()], index + 1))
            first = term_id not in self._seen
            self._seen.add(term_id)
            out.append(Term(term_id, (Text(match.group(0)),), item.expansion, first))
            last = match.end()
        out.extend(self._mark_text(text[last:], index + 1))
        return out
