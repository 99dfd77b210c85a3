"""The article in reading order: the one traversal every reader of the model uses.

Speech, checks, the outline and the narration's chapters all walk the article
through `walk()`, so they can never disagree about what comes after what. The walk itself is
defined beside the nodes (publish.model.nodes), since `Article.sentences()` reads it; this
module is where readers take it from, with the images and step numbers found along it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from publish.model.nodes import (
    NOTES_ID,
    TITLE_ID,
    Article,
    Figure,
    Image,
    ListBlock,
    Paragraph,
    Role,
    Sentence,
    Step,
    iter_inlines,
    narrated,
    reading,
    walk,
)

__all__ = [
    "NOTES_ID",
    "TITLE_ID",
    "ImageUse",
    "Role",
    "Step",
    "images",
    "narrated",
    "reading",
    "step_numbers",
    "walk",
]


@dataclass(frozen=True)
class ImageUse:
    """An image where it is used: its source line and the ID of the node that holds it."""

    image: Image
    line: int
    node_id: str


def images(article: Article) -> Iterator[ImageUse]:
    """Every image: figures first, then images inside sentences, each in reading order."""
    steps = list(walk(article))
    for step in steps:
        if isinstance(step.node, Figure):
            yield ImageUse(step.node.image, step.node.line, step.node.id)
    for step in steps:
        if isinstance(step.node, Sentence):
            for inline in iter_inlines(step.node.inlines):
                if isinstance(inline, Image):
                    yield ImageUse(inline, step.node.line, step.node.id)


def step_numbers(article: Article) -> dict[str, str]:
    """The number every format shows before an ordered list item, by the ID of the item's
    first sentence: "4" for the fourth step of a list that starts at 1, "d" in a list of
    letters."""
    numbers: dict[str, str] = {}
    for step in walk(article):
        block = step.node
        if isinstance(block, ListBlock) and block.ordered:
            for number, item in enumerate(block.items, block.start):
                first = item.blocks[0] if item.blocks else None
                if isinstance(first, Paragraph) and first.sentences:
                    numbers[first.sentences[0].id] = block.label(number)
    return numbers
