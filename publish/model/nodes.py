"""Node types, and the order they are read in (`walk`, through publish.model.walk). Every block
carries the ID minted in `ids.py` and its 1-based source line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar, TypeAlias

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


LIST_STYLES = ("1", "a", "A", "i", "I")


def list_label(number: int, style: str = "1") -> str:
    """`number` as a list of this style shows it: 4, d, D, iv or IV (as HTML's ol type)."""
    if style in ("a", "A") and number > 0:
        letters = ""
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if style == "A" else letters
    if style in ("i", "I") and 0 < number < 4000:
        roman = ""
        for value, letters in (
            (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
        ):  # fmt: skip
            count, number = divmod(number, value)
            roman += letters * count
        return roman.upper() if style == "I" else roman
    return str(number)


@dataclass(frozen=True)
class ListItem:
    kind: ClassVar[str] = "item"
    id: str
    line: int
    blocks: tuple[Block, ...]
    checked: bool | None = None  # a task-list item's box: ticked or not; None: no box


@dataclass(frozen=True)
class ListBlock:
    kind: ClassVar[str] = "list"
    id: str
    line: int
    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1
    style: str = "1"  # how its items are numbered: 1, a, A, i or I (HTML's ol type)

    def label(self, number: int) -> str:
        """The number an item shows, without its full stop: "4", "d" or "iv"."""
        return list_label(number, self.style)


@dataclass(frozen=True)
class Quote:
    kind: ClassVar[str] = "quote"
    id: str
    line: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Callout:
    """A note, tip, important point, warning or caution (`> [!WARNING] Title`): shown with its
    label ("Warning", in the article's language) and the title if given, read with them. The
    title is a sentence of its own (ID `<callout>-title`, read, highlighted and captioned like
    any other), in the reading order as a heading is: before the callout's text."""

    kind: ClassVar[str] = "callout"
    id: str
    line: int
    type: str  # note, tip, important, warning or caution (publish.parse.callouts.TYPES)
    title: Sentence | None  # None: no title after the marker
    blocks: tuple[Block, ...]
    label_id: str = ""  # its label's, which names it (ids.callout_label)


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


Block = Paragraph | ListBlock | Quote | Callout | CodeBlock | Table | Figure | ThematicBreak

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
class Definition:
    """A glossary entry as it is shown and read: its term, then its definition with the
    expansion first ("International normalized ratio. A blood test..."). Each is a sentence
    with its own ID; the term's is the entry's, the anchor its first use links to."""

    kind: ClassVar[str] = "definition"
    id: str  # the entry's, as the term's
    line: int
    entry: GlossaryEntry
    term: Sentence
    text: Sentence


@dataclass(frozen=True)
class Glossary:
    """The glossary at the end of the article, after the footnotes: its heading (the page
    strings' "Glossary" in the article's language), then each definition."""

    kind: ClassVar[str] = "glossary"
    id: str
    line: int
    heading: Sentence
    definitions: tuple[Definition, ...]

    def sentences(self) -> Iterator[Sentence]:
        """What is read, in order: the heading, then each term and its definition."""
        yield self.heading
        for definition in self.definitions:
            yield definition.term
            yield definition.text


@dataclass(frozen=True)
class Closing:
    """The closing block: the front matter's `contact:` and `footer:`, the review record's
    line and the `sources:` list, each one sentence with its own ID. Every format shows it
    once, at the end, as real text; the narration reads it after the body, before the
    glossary; the PDF prints the contact and footer again at the foot of every page."""

    kind: ClassVar[str] = "closing"
    id: str
    line: int
    contact: Sentence | None = None
    footer: Sentence | None = None
    review: Sentence | None = None  # the review record's line (publish.parse.review)
    sources_title: Sentence | None = None  # "Sources", when the front matter lists any
    sources: tuple[Sentence, ...] = ()  # the front matter's `sources:`, one sentence each

    def sentences(self) -> Iterator[Sentence]:
        """What is shown and read, in order: the contact, the footer, the review, then the
        sources' title and each source."""
        lines = (self.contact, self.footer, self.review, self.sources_title, *self.sources)
        yield from (s for s in lines if s is not None)


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
    glossary_section: Glossary | None = None  # the glossary as shown and read, with its IDs
    closing: Closing | None = None  # the contact and footer lines, with their IDs

    def walk_sections(self) -> Iterator[Section]:
        """Every section, depth first, in reading order."""
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.sections))

    def sentences(self) -> Iterator[Sentence]:
        """Every sentence in reading order: title, headings, body, footnotes."""
        for sentence, _ in reading(self):
            yield sentence


def iter_inlines(nodes: tuple[Inline, ...]) -> Iterator[Inline]:
    """Every inline node, nested ones included."""
    for node in nodes:
        yield node
        if isinstance(node, CONTAINERS):
            yield from iter_inlines(node.children)


# ---------------------------------------------------------------- reading order
# The one traversal every reader of the model uses (through publish.model.walk), so speech,
# checks, the outline and the narration's chapters never disagree about what comes after
# what. It lives here, beside the nodes, because `Article.sentences()` reads it.

Node: TypeAlias = Section | Block | ListItem | TableCell | Footnote | Sentence


class Role(StrEnum):
    """Where a node sits: the title, a heading, the body, or a footnote."""

    TITLE = "title"
    HEADING = "heading"  # a section's heading, or a callout's title
    BODY = "body"
    NOTE = "note"
    IMAGE = "image"  # a figure's alt text: read aloud, announced; not body prose
    GLOSSARY = "glossary"  # a glossary term or definition, read after the footnotes
    CLOSING = "closing"  # the contact or footer line, read after the footnotes


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
    elif isinstance(block, Callout):
        if block.title is not None:  # read as a heading is: not body prose, its own group
            yield Step(block.title, depth + 1, Role.HEADING, section_id, top_id, block.title.id)
        for child in block.blocks:
            yield from _block(child, depth + 1, role, section_id, top_id, group)
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
    for step in walk(article):
        if isinstance(step.node, Sentence):
            yield step.node, step


def narrated(article: Article) -> Iterator[tuple[Sentence, Step]]:
    """Every sentence the narration reads, in order: the reading order, the closing block (the
    contact, then the footer, one paragraph each), then the glossary (its heading, then each
    term and its definition, one paragraph an entry)."""
    yield from reading(article)
    closing = article.closing
    if closing is not None:
        for sentence in closing.sentences():
            yield sentence, Step(sentence, 1, Role.CLOSING, closing.id, closing.id, sentence.id)
    glossary = article.glossary_section
    if glossary is None:
        return
    yield (
        glossary.heading,
        Step(glossary.heading, 1, Role.HEADING, glossary.id, glossary.id, glossary.heading.id),
    )
    for definition in glossary.definitions:
        for sentence in (definition.term, definition.text):
            yield (
                sentence,
                Step(sentence, 1, Role.GLOSSARY, glossary.id, glossary.id, definition.id),
            )
