"""The article in reading order: the one traversal every reader of the model uses.

Speech, checks, the outline and the narration's chapters all walk the article
through `walk()`, so they can never disagree about what comes after what.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from publish.model.nodes import (
        Article,
        Block,
        Footnote,
        Image,
        ListItem,
        Section,
        Sentence,
        TableCell,
    )

    Node: TypeAlias = Section | Block | ListItem | TableCell | Footnote | Sentence


class Role(StrEnum):
    """Where a node sits: the title, a heading, the body, or a footnote."""

    TITLE = "title"
    HEADING = "heading"
    BODY = "body"
    NOTE = "note"
    IMAGE = "image"  # a figure's alt text: read aloud, announced; not body prose


TITLE_ID = "title"  # the `section_id` and `top_id` of the title
NOTES_ID = "notes"  # the `section_id` and `top_id` of every footnote


@dataclass(frozen=True)
class Step:
    """One node met on the walk.

    `section_id` is the innermost section (TITLE_ID or NOTES_ID outside sections), `top_id`
    the top-level section it belongs to, and `group` the paragraph-like unit of a sentence
    (a paragraph, a table row, a caption...): sentences with the same group are read as one
    paragraph. `depth` is the nesting depth, for outlines.
    """

    node: Node
    depth: int
    role: Role
    section_id: str
    top_id: str
    group: str = ""


def walk(article: Article) -> Iterator[Step]:
    """Every section, block, list item, table cell, footnote and sentence, in reading order."""
    yield Step(article.title, 0, Role.TITLE, TITLE_ID, TITLE_ID, TITLE_ID)
    for top in article.sections:
        yield from _section(top, 0, top.id)
    for note in article.footnotes:
        yield Step(note, 0, Role.NOTE, NOTES_ID, NOTES_ID)
        for number, block in enumerate(note.blocks):
            # A footnote is read as one paragraph per top-level block.
            yield from _block(block, 1, Role.NOTE, NOTES_ID, NOTES_ID, f"{note.id}/{number}")


def _section(section: Section, depth: int, top_id: str) -> Iterator[Step]:
    yield Step(section, depth, Role.BODY, section.id, top_id)
    if section.heading is not None:
        yield Step(
            section.heading.sentence,
            depth + 1,
            Role.HEADING,
            section.id,
            top_id,
            section.heading.id,
        )
    for block in section.blocks:
        yield from _block(block, depth + 1, Role.BODY, section.id, top_id, None)
    for child in section.sections:
        yield from _section(child, depth + 1, top_id)


def _block(
    block: Block, depth: int, role: Role, section_id: str, top_id: str, group: str | None
) -> Iterator[Step]:
    """A block and what it holds. `group` fixes the group of every sentence inside, if given."""
    from publish.model.nodes import Figure, ListBlock, Paragraph, Quote, Table

    yield Step(block, depth, role, section_id, top_id)

    def sentences(items: tuple[Sentence, ...], at: int, own: str) -> Iterator[Step]:
        for sentence in items:
            yield Step(sentence, at, role, section_id, top_id, group or own)

    if isinstance(block, Paragraph):
        yield from sentences(block.sentences, depth + 1, block.id)
    elif isinstance(block, ListBlock):
        for item in block.items:
            yield Step(item, depth + 1, role, section_id, top_id)
            for child in item.blocks:
                yield from _block(child, depth + 2, role, section_id, top_id, group)
    elif isinstance(block, Quote):
        for child in block.blocks:
            yield from _block(child, depth + 1, role, section_id, top_id, group)
    elif isinstance(block, Table):
        for number, row in enumerate((*block.head, *block.body), start=1):
            for cell in row:
                yield Step(cell, depth + 1, role, section_id, top_id)
                yield from sentences(cell.sentences, depth + 2, f"{block.id}/r{number}")
    elif isinstance(block, Figure):
        if block.description is not None:
            yield Step(block.description, depth + 1, Role.IMAGE, section_id, top_id, block.id)
        yield from sentences(block.caption, depth + 1, block.id)


def reading(article: Article) -> Iterator[tuple[Sentence, Step]]:
    """Every sentence in reading order with its place: title, headings, body, footnotes."""
    from publish.model.nodes import Sentence

    for step in walk(article):
        if isinstance(step.node, Sentence):
            yield step.node, step


@dataclass(frozen=True)
class ImageUse:
    """An image where it is used: its source line and the ID of the node that holds it."""

    image: Image
    line: int
    node_id: str


def images(article: Article) -> Iterator[ImageUse]:
    """Every image: figures first, then images inside sentences, each in reading order."""
    from publish.model.nodes import Figure, Image, Sentence, iter_inlines

    steps = list(walk(article))
    for step in steps:
        if isinstance(step.node, Figure):
            yield ImageUse(step.node.image, step.node.line, step.node.id)
    for step in steps:
        if isinstance(step.node, Sentence):
            for inline in iter_inlines(step.node.inlines):
                if isinstance(inline, Image):
                    yield ImageUse(inline, step.node.line, step.node.id)


def step_numbers(article: Article) -> dict[str, int]:
    """The number every format shows before an ordered list item, by the ID of the item's
    first sentence: "4" for the fourth step of a list that starts at 1."""
    from publish.model.nodes import ListBlock, Paragraph

    numbers: dict[str, int] = {}
    for step in walk(article):
        block = step.node
        if isinstance(block, ListBlock) and block.ordered:
            for number, item in enumerate(block.items, block.start):
                first = item.blocks[0] if item.blocks else None
                if isinstance(first, Paragraph) and first.sentences:
                    numbers[first.sentences[0].id] = number
    return numbers
