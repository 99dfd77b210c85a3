"""What the narration adds around callouts and checklists, so a listener hears what a reader
sees: a callout's label before its title, which is a sentence and a clip of its own ("Warning.
Blood thinners."), or before its first sentence when it has no title ("Note. Your nurse
will..."), "Checklist." before a checklist's first item, and after each item whether
its box is ticked, as a question the listener can answer: "Bring your list of medicines.
Done?" (or "Done." for a ticked box). The item is read exactly as written and the question
stands after it as its own sentence, so it is grammatical whatever the item says: a command,
a noun phrase or a question of its own. These are publish's words (the page strings), not
the writer's, so the fidelity check compares the writer's sentence without them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from publish.model.nodes import Article, Block, Callout, ListBlock, Paragraph, Sentence
from publish.model.walk import walk


def _first(blocks: tuple[Block, ...]) -> Sentence | None:
    """The first sentence inside these blocks, in reading order."""
    for block in blocks:
        found = _sentences(block)
        first = next(found, None)
        if first is not None:
            return first
    return None


def _sentences(block: Block) -> Iterator[Sentence]:
    if isinstance(block, Paragraph):
        yield from block.sentences
    elif isinstance(block, ListBlock):
        for item in block.items:
            for child in item.blocks:
                yield from _sentences(child)
    elif isinstance(block, Callout):
        for child in block.blocks:
            yield from _sentences(child)


_ENDED = re.compile(r"[.!?:;\u2026\u3002\uff01\uff1f\u061f]\W*$")  # the title ends a sentence


def spoken_marks(article: Article, strings: dict[str, str]) -> dict[str, tuple[str, str]]:
    """(words before, words after) by sentence ID, for the sentences that get any."""
    marks: dict[str, tuple[str, str]] = {}

    def add(sentence: Sentence, before: str = "", after: str = "") -> None:
        old_before, old_after = marks.get(sentence.id, ("", ""))
        marks[sentence.id] = (old_before + before, old_after + after)

    for step in walk(article):
        node = step.node
        if isinstance(node, Callout):
            label = strings[f"callout_{node.type}"]
            if node.title is not None:  # "Warning. Your medicines."
                add(node.title, f"{label}. ", "" if _ENDED.search(node.title.text) else ".")
            elif (first := _first(node.blocks)) is not None:
                add(first, f"{label}. ")
        elif isinstance(node, ListBlock) and any(i.checked is not None for i in node.items):
            for number, item in enumerate(node.items):
                head = item.blocks[0] if item.blocks else None
                if not isinstance(head, Paragraph) or not head.sentences:
                    continue
                if number == 0:
                    add(head.sentences[0], f"{strings['checklist']}. ")
                if item.checked is not None:
                    said = strings["check_done" if item.checked else "check_open"]
                    add(head.sentences[-1], after=f" {said}")
    return marks


def urgent_points(article: Article, strings: dict[str, str]) -> dict[str, str]:
    """Each warning and caution's label ("Warning: Your medicines") by the ID of its first
    sentence, its title's if it has one: where the DAISY book's NCC lets a listener jump."""
    points: dict[str, str] = {}
    for step in walk(article):
        node = step.node
        if isinstance(node, Callout) and node.type in ("warning", "caution"):
            first = node.title or _first(node.blocks)
            if first is not None:
                label = strings[f"callout_{node.type}"]
                points[first.id] = f"{label}: {node.title.text}" if node.title else label
    return points
