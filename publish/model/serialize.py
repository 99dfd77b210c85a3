"""The model as JSON (for `publish dump`) and as an indented outline (for tests and humans)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from publish.config.metadata import Metadata
from publish.model.nodes import Article
from publish.model.walk import Step, walk

# The front matter's glossary is dumped as it was written: entries get IDs only in the model.
_FRONT_MATTER_GLOSSARY = ("term", "definition", "line", "expansion", "say", "ipa", "forms")


def _plain(value: Any) -> Any:
    if isinstance(value, Metadata):
        out = _fields(value)
        out["glossary"] = [
            {k: _plain(getattr(g, k)) for k in _FRONT_MATTER_GLOSSARY} for g in value.glossary
        ]
        return out
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _fields(value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    kind = getattr(value, "kind", None)
    if kind:
        out["type"] = kind
    for f in dataclasses.fields(value):
        if f.name != "warnings":
            out[f.name] = _plain(getattr(value, f.name))
    return out


def to_json(article: Article) -> str:
    return json.dumps(_plain(article), ensure_ascii=False, indent=1) + "\n"


def _line(step: Step) -> str:
    """One node of the outline: kind, ID and source line, indented by depth."""
    node: Any = step.node
    pad = "  " * step.depth
    kind = node.kind
    if kind == "sentence":
        return f"{pad}{node.id} @{node.line}: {node.text}"
    if kind == "section":
        heading = f" h{node.level}" if node.heading else ""
        return f"{pad}section {node.id}{heading} @{node.line}"
    if kind == "item":
        return f"{pad}item {node.id}"
    if kind == "cell":
        return f"{pad}{'th' if node.header else 'td'} {node.id}"
    if kind == "footnote":
        return f"{pad}footnote {node.id} [{node.number}] refs={','.join(node.ref_ids)}"
    extra = ""
    if kind == "list":
        extra = " ordered" if node.ordered else " bullet"
    elif kind == "figure":
        extra = f" src={node.image.src} alt={node.image.alt!r}"
    return f"{pad}{kind} {node.id} @{node.line}{extra}"


def outline(article: Article) -> str:
    """The model as an indented outline, one node a line, in reading order."""
    return "\n".join(_line(step) for step in walk(article)) + "\n"
