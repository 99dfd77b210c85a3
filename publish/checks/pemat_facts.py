"""What the PEMAT-P items are judged on, gathered in one walk of the article, and the shape
of an answer: yes, no, na or none (for a reviewer), with the evidence behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from publish.checks.readability import words
from publish.config.checks import CheckConfig
from publish.model.nodes import (
    Article,
    Figure,
    ListBlock,
    Paragraph,
    Section,
    Sentence,
    Strong,
    Table,
    iter_inlines,
)
from publish.model.walk import Role, walk


@dataclass(frozen=True)
class Evidence:
    """A line behind an answer: the sentence (by ID, quoted in the finding) or block there."""

    note: str
    node_id: str | None = None
    line: int | None = None


@dataclass
class Answer:
    answer: str | None  # yes, no, na; None: for a reviewer
    reason: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Facts:
    """What the items are judged on, gathered in one walk of the article."""

    article: Article
    config: CheckConfig
    sentences: list[Sentence] = field(default_factory=list)
    first_paragraph: Paragraph | None = None
    sections: list[Section] = field(default_factory=list)
    lists: list[ListBlock] = field(default_factory=list)
    callouts: list[Any] = field(default_factory=list)
    strong: list[Sentence] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    checklist: list[Any] = field(default_factory=list)
    last_block: Any = None
    words: int = 0


def gather(article: Article, config: CheckConfig) -> Facts:
    facts = Facts(article, config)
    for step in walk(article):
        node: Any = step.node
        if isinstance(node, Section):
            facts.sections.append(node)
        elif isinstance(node, Sentence) and step.role in (Role.BODY, Role.NOTE):
            facts.sentences.append(node)
            if any(isinstance(n, Strong) for n in iter_inlines(node.inlines)):
                facts.strong.append(node)
        elif isinstance(node, Paragraph) and step.role is Role.BODY:
            facts.first_paragraph = facts.first_paragraph or node
        elif isinstance(node, ListBlock):
            facts.lists.append(node)
            facts.checklist += [i for i in node.items if getattr(i, "checked", None) is not None]
        elif getattr(node, "kind", "") == "callout":  # the model's Callout (issue 31)
            facts.callouts.append(node)
        elif isinstance(node, Figure):
            facts.figures.append(node)
        elif isinstance(node, Table):
            facts.tables.append(node)
    last = list(article.walk_sections())
    facts.last_block = last[-1].blocks[-1] if last and last[-1].blocks else None
    facts.words = sum(len(words(s.text)) for s in facts.sentences)
    return facts


def said(sentence: Sentence, note: str = "") -> Evidence:
    return Evidence(note, sentence.id, sentence.line)


def walk_block(block: Any) -> list[Sentence]:
    """The sentences of one block, nested ones included (a list's items, a callout's body)."""
    if isinstance(block, Paragraph):
        return list(block.sentences)
    out: list[Sentence] = []
    for child in getattr(block, "blocks", ()):
        out += walk_block(child)
    for item in getattr(block, "items", ()):
        for child in item.blocks:
            out += walk_block(child)
    for row in (*getattr(block, "head", ()), *getattr(block, "body", ())):
        for cell in row:
            out += list(cell.sentences)
    return out
