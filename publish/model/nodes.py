"""Node types. Every block carries the ID minted in `ids.py` and its 1-based source line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from publish.config.metadata import GlossaryEntry, Metadata
from publish.diagnostics import Diagnostic

# ---------------------------------------------------------------- inlines


@dataclass(frozen=True)
class Text:
    kind: ClassVar[str] = "text"
    text: str


@dataclass(frozen=True)
class SoftBreak:
    """A line break in the source that reads as a space."""

    kind: ClassVar[str] = "softbreak"


@dataclass(frozen=True)
class LineBreak:
    kind: ClassVar[str] = "linebreak"


@dataclass(frozen=True)
class Code:
    kind: ClassVar[str] = "code"
    text: str


@dataclass(frozen=True)
class Emphasis:
    kind: ClassVar[str] = "emphasis"
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    kind: ClassVar[str] = "strong"
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    kind: ClassVar[str] = "link"
    href: str
    children: tuple[Inline, ...]
    title: str = ""


@dataclass(frozen=True)
class Span:
    """Text in another language or direction than the page."""

    kind: ClassVar[str] = "span"
    children: tuple[Inline, ...]
    lang: str = ""
    dir: str = ""


@dataclass(frozen=True)
class Term:
    """An occurrence of a glossary term; `first` marks its first use in the article."""

    kind: ClassVar[str] = "term"
    term_id: str
    children: tuple[Inline, ...]
    expansion: str = ""
    first: bool = False


@dataclass(frozen=True)
class NoteRef:
    kind: ClassVar[str] = "noteref"
    note_id: str
    number: int
    ref_id: str


@dataclass(frozen=True)
class Image:
    """An image; `src` is a path inside the source folder or a data URL the build made."""

    kind: ClassVar[str] = "image"
    src: str
    alt: str
    title: str = ""
    width: int = 0  # percent of the text column the author asked for ({width=50%}); 0: auto


Inline = (
    Text | SoftBreak | LineBreak | Code | Emphasis | Strong | Link | Span | Term | NoteRef | Image
)
CONTAINERS = (Emphasis, Strong, Link, Span, Term)

# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Sentence:
    kind: ClassVar[str] = "sentence"
    id: str
    line: int
    inlines: tuple[Inline, ...]
    text: str


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    id: str
    line: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class ListItem:
    kind: ClassVar[str] = "item"
    id: str
    line: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ListBlock:
    kind: ClassVar[str] = "list"
    id: str
    line: int
    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True)
class Quote:
    kind: ClassVar[str] = "quote"
    id: str
    line: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class CodeBlock:
    kind: ClassVar[str] = "codeblock"
    id: str
    line: int
    text: str
    language: str = ""


@dataclass(frozen=True)
class TableCell:
    kind: ClassVar[str] = "cell"
    id: str
    header: bool
    sentences: tuple[Sentence, ...]
    align: str = ""


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    id: str
    line: int
    head: tuple[tuple[TableCell, ...], ...]
    body: tuple[tuple[TableCell, ...], ...]


@dataclass(frozen=True)
class Figure:
    """An image on its own line. Its alt text is a sentence of its own (`description`, ID
    `<figure>-alt`), so a listener hears it, announced, with an ID like every other; an image
    marked decorative (empty alt) has none."""

    kind: ClassVar[str] = "figure"
    id: str
    line: int
    image: Image
    caption: tuple[Sentence, ...] = ()
    description: Sentence | None = None


@dataclass(frozen=True)
class ThematicBreak:
    kind: ClassVar[str] = "hr"
    id: str
    line: int


Block = Paragraph | ListBlock | Quote | CodeBlock | Table | Figure | ThematicBreak

# ---------------------------------------------------------------- structure


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    id: str
    line: int
    level: int
    sentence: Sentence


@dataclass(frozen=True)
class Section:
    """A heading and what follows it up to the next heading of the same or higher rank.

    `heading` is None only for the introduction before the first heading.
    `level` is the output heading level (2 for top sections: the title is level 1).
    """

    kind: ClassVar[str] = "section"
    id: str
    line: int
    level: int
    heading: Heading | None
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Footnote:
    kind: ClassVar[str] = "footnote"
    id: str
    line: int
    number: int
    blocks: tuple[Block, ...]
    ref_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    kind: ClassVar[str] = "article"
    slug: str
    source: str
    metadata: Metadata
    title: Sentence
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)

    def walk_sections(self) -> Iterator[Section]:
        """Every section, depth first, in reading order."""
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.sections))

    def sentences(self) -> Iterator[Sentence]:
        """Every sentence in reading order: title, headings, body, footnotes."""
        from publish.model.walk import reading

        for sentence, _ in reading(self):
            yield sentence


def iter_inlines(nodes: tuple[Inline, ...]) -> Iterator[Inline]:
    """Every inline node, nested ones included."""
    for node in nodes:
        yield node
        if isinstance(node, CONTAINERS):
            yield from iter_inlines(node.children)
