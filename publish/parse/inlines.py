"""Inline content: markdown-it inline nodes to model inlines, glossary terms, sentence slicing."""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence

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
from publish.parse.sentences import OBJECT, Segmenter

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


class _Slicer:
    """Slices one inline sequence many times, in time proportional to each slice.

    Each sequence's flat-text offsets are computed once (keyed by the sequence object, alive
    for the slicer's life) and searched by bisection, so a long paragraph of many sentences
    is not walked from its start for every sentence.
    """

    def __init__(self) -> None:
        self._offsets: dict[int, list[int]] = {}

    def offsets(self, nodes: Sequence[Inline]) -> list[int]:
        found = self._offsets.get(id(nodes))
        if found is None:
            found = [0]
            for node in nodes:
                found.append(found[-1] + self.length(node))
            self._offsets[id(nodes)] = found
        return found

    def length(self, node: Inline) -> int:
        if isinstance(node, CONTAINERS):
            return self.offsets(node.children)[-1]
        return len(_flat(node))

    def slice(self, nodes: Sequence[Inline], start: int, end: int) -> tuple[Inline, ...]:
        """The part of `nodes` between flat-text offsets start and end; containers clipped."""
        offsets = self.offsets(nodes)
        out: list[Inline] = []
        for index in range(max(bisect.bisect_right(offsets, start) - 1, 0), len(nodes)):
            lo, hi = offsets[index], offsets[index + 1]
            if lo >= end:
                break
            if hi <= start:
                continue
            node = nodes[index]
            if isinstance(node, (Text, Code)):
                a, b = max(start - lo, 0), min(end - lo, hi - lo)
                if (a, b) == (0, hi - lo):
                    out.append(node)
                else:
                    out.append(dataclasses.replace(node, text=node.text[a:b]))
            elif isinstance(node, CONTAINERS):
                children = self.slice(node.children, max(start - lo, 0), min(end - lo, hi - lo))
                out.append(dataclasses.replace(node, children=children))
            else:
                out.append(node)
        return tuple(out)


def split_sentences(
    inlines: Sequence[Inline], segmenter: Segmenter, most: int | None = None
) -> Iterator[tuple[tuple[Inline, ...], int, int]]:
    """Each sentence's inlines, the line breaks before it and its length in characters.

    Raises TooManySentencesError past `most`; lazily, so a caller can stop at a long sentence."""
    text = flat_text(inlines)
    slicer = _Slicer()
    breaks, counted = 0, 0
    for a, b in segmenter.boundaries(text, most):
        breaks += text.count("\n", counted, a)
        counted = a
        yield slicer.slice(inlines, a, b), breaks, b - a


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
