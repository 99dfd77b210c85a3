"""The model as JSON (for `publish dump`) and as an indented outline (for tests and humans)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from publish.model.nodes import Article, Section, Sentence


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        kind = getattr(value, "kind", None)
        if kind:
            out["type"] = kind
        for f in dataclasses.fields(value):
            if f.name == "warnings":
                continue
            out[f.name] = _plain(getattr(value, f.name))
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_json(article: Article) -> str:
    return json.dumps(_plain(article), ensure_ascii=False, indent=1) + "\n"


def _sentences(items: tuple[Sentence, ...], depth: int) -> list[str]:
    return [f"{'  ' * depth}{s.id} @{s.line}: {s.text}" for s in items]


def _blocks(blocks: tuple[Any, ...], depth: int) -> list[str]:
    lines: list[str] = []
    pad = "  " * depth
    for b in blocks:
        extra = ""
        if b.kind == "list":
            extra = " ordered" if b.ordered else " bullet"
        elif b.kind == "figure":
            extra = f" src={b.image.src} alt={b.image.alt!r}"
        lines.append(f"{pad}{b.kind} {b.id} @{b.line}{extra}")
        if b.kind == "paragraph":
            lines += _sentences(b.sentences, depth + 1)
        elif b.kind == "list":
            for item in b.items:
                lines.append(f"{pad}  item {item.id}")
                lines += _blocks(item.blocks, depth + 2)
        elif b.kind == "quote":
            lines += _blocks(b.blocks, depth + 1)
        elif b.kind == "table":
            for row in (*b.head, *b.body):
                for cell in row:
                    lines.append(f"{pad}  {'th' if cell.header else 'td'} {cell.id}")
                    lines += _sentences(cell.sentences, depth + 2)
        elif b.kind == "figure":
            lines += _sentences(b.caption, depth + 1)
    return lines


def _section(section: Section, depth: int) -> list[str]:
    pad = "  " * depth
    heading = f" h{section.level}" if section.heading else ""
    lines = [f"{pad}section {section.id}{heading} @{section.line}"]
    if section.heading:
        lines += _sentences((section.heading.sentence,), depth + 1)
    lines += _blocks(section.blocks, depth + 1)
    for child in section.sections:
        lines += _section(child, depth + 1)
    return lines


def outline(article: Article) -> str:
    lines = _sentences((article.title,), 0)
    for section in article.sections:
        lines += _section(section, 0)
    for note in article.footnotes:
        lines.append(f"footnote {note.id} [{note.number}] refs={','.join(note.ref_ids)}")
        lines += _blocks(note.blocks, 1)
    return "\n".join(lines) + "\n"
