"""The closing block from the front matter's `contact:` and `footer:`: one sentence each, with
the IDs ids.py mints for them, at the lines they are written on."""

from __future__ import annotations

from collections.abc import Callable

from publish.config import Metadata
from publish.model.ids import IdMinter
from publish.model.nodes import Closing, Sentence, Text

FIELDS = ("contact", "footer")  # in the order they are shown and read


def closing_block(
    metadata: Metadata, ids: IdMinter, line_of: Callable[[str], int]
) -> Closing | None:
    """The block, or None when the front matter has neither field. Each line is one sentence,
    never split ("Rev. 2024-03" is not two): it is printed and read as written."""
    written = {name: getattr(metadata, name) for name in FIELDS if getattr(metadata, name)}
    if not written:
        return None
    block_id = ids.closing()
    lines = {
        name: Sentence(ids.closing_line(block_id, name), line_of(name), (Text(value),), value)
        for name, value in written.items()
    }
    first = min(s.line for s in lines.values())
    return Closing(block_id, first, lines.get("contact"), lines.get("footer"))
