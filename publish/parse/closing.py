"""The closing block from the front matter's `contact:` and `footer:`, and the review record's
line (publish.parse.review): one sentence each, with the IDs ids.py mints for them, at the
lines they are written on."""

from __future__ import annotations

from collections.abc import Callable

from publish.config import Metadata
from publish.model.ids import IdMinter
from publish.model.nodes import Closing, Sentence, Text
from publish.parse.review import review_line
from publish.strings import strings_for

FIELDS = ("contact", "footer", "review")  # in the order they are shown and read


def closing_block(
    metadata: Metadata, ids: IdMinter, line_of: Callable[[str], int]
) -> Closing | None:
    """The block, or None when the front matter has neither field. Each line is one sentence,
    never split ("Rev. 2024-03" is not two): it is printed and read as written."""
    values = {"contact": metadata.contact, "footer": metadata.footer}
    values["review"] = review_line(metadata)
    written = {name: values[name] for name in FIELDS if values[name]}
    if not written and not metadata.sources:
        return None
    block_id = ids.closing()
    lines = {
        name: Sentence(
            ids.closing_line(block_id, name), _line(name, metadata, line_of), (Text(value),), value
        )
        for name, value in written.items()
    }
    title, sources = _sources(metadata, ids, block_id, line_of("sources"))
    first = min(s.line for s in [*lines.values(), *sources])
    return Closing(
        block_id,
        first,
        lines.get("contact"),
        lines.get("footer"),
        lines.get("review"),
        title,
        sources,
    )


def _sources(
    metadata: Metadata, ids: IdMinter, block_id: str, line: int
) -> tuple[Sentence | None, tuple[Sentence, ...]]:
    """The "Sources" list's title, in the article's language, and one sentence a reference."""
    if not metadata.sources:
        return None, ()
    word = strings_for(metadata.language)["sources"]
    title = Sentence(ids.closing_line(block_id, "sources"), line, (Text(word),), word)
    items = tuple(
        Sentence(ids.closing_line(block_id, f"source-{n}"), line, (Text(text),), text)
        for n, text in enumerate(metadata.sources, start=1)
    )
    return title, items


def _line(name: str, metadata: Metadata, line_of: Callable[[str], int]) -> int:
    """The front-matter line a closing line comes from: the review's is its date's."""
    if name != "review":
        return line_of(name)
    return line_of("reviewed" if metadata.reviewed is not None else "review_due")
