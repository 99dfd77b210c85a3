"""Braille from the model, with liblouis: each block translated (uncontracted or contracted,
from the language's tables) and laid out on pages of a set width and length, as braille
formatting guidelines (BANA, UKAAF) describe in simplified form:

* a title page, and a transcriber's note;
* headings: the first level centred, the next at cell 5, deeper ones at cell 7;
* paragraphs: first line at cell 3, runovers at cell 1;
* lists: items at cell 1, runovers at cell 3 (nested lists two cells further in);
* tables linearized, each row as "header: cell; header: cell";
* a callout's label ("Warning: Your medicines") on a line of its own before its text; a
  checklist item starts with its box, "[ ]" or "[x]";
* abbreviations with an expansion are expanded at first use; the closing block (contact and
  footer lines) and the glossary follow;
* print page indicators (a line of dashes with the print page number) where the standard
  PDF edition turns a page, and the braille page number on each page's last line.

Output is a BRF file: North American ASCII braille, CR LF line ends, a form feed per page.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

from publish.errors import EngineError, UsageError
from publish.model.nodes import (
    Article,
    Block,
    Callout,
    CodeBlock,
    Figure,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Sentence,
    Table,
    Term,
    iter_inlines,
)
from publish.parse.inlines import plain_text

BOXES = {False: "[ ] ", True: "[x] "}  # a checklist item's box: empty, ticked
DISPLAY = "en-us-brf.dis"  # North American ASCII braille, the BRF convention
TABLES = {  # primary language -> (uncontracted, contracted)
    "en": ("en-ueb-g1.ctb", "en-ueb-g2.ctb"),
    "es": ("es-g1.ctb", "es-g2.ctb"),
    "fr": ("fr-bfu-comp6.utb", "fr-bfu-g2.ctb"),
    "de": ("de-g1.ctb", "de-g2.ctb"),
    "pt": ("pt-pt-g1.utb", "pt-pt-g2.ctb"),
}
# The grade a language's readers usually get: contracted English (UEB grade 2); Spanish braille
# is usually uncontracted (ONCE's integral braille). (liblouis 3.24 reads contracted Spanish
# back badly, 80.7% of a handout's words, but the braille check compares braille with braille,
# so `--braille-grade 2` is checked as well.)
DEFAULT_GRADE = {"es": 1}


def default_grade(language: str) -> int:
    return DEFAULT_GRADE.get(language.split("-")[0].lower(), 2)


MIN_CELLS, MIN_LINES = 10, 4
PAGE_INDICATOR = "-"  # dots 3-6 in ASCII braille: a print page change line is made of them


@dataclass(frozen=True)
class Geometry:
    cells: int = 40
    lines: int = 25

    def check(self) -> None:
        if self.cells < MIN_CELLS or self.lines < MIN_LINES:
            raise UsageError(
                f"publish: a braille page of {self.cells} cells by {self.lines} lines is too small; "
                f"use at least {MIN_CELLS} cells and {MIN_LINES} lines (the usual page is 40 by 25)"
            )


@dataclass(frozen=True)
class Origin:
    """Where a stretch of a line's text comes from: characters `start` to `end` of the line
    are the text of the model node `node_id` (a sentence, a code block, a glossary entry)."""

    node_id: str
    start: int
    end: int


@dataclass
class Line:
    """One line of print text to translate, and how to lay it out."""

    text: str
    first: int = 0  # cells before the first line
    runover: int = 0  # cells before each further line
    centred: bool = False
    print_page: int | None = None  # a print page indicator instead of text
    blank_before: bool = False
    origins: tuple[Origin, ...] = ()  # the nodes its text comes from; labels come from none


@dataclass
class Braille:
    pages: list[list[str]]
    table: str
    grade: int
    geometry: Geometry
    front_pages: int = 1  # the title page(s), before the body


def tables_for(language: str, grade: int) -> tuple[str, str | None]:
    """The liblouis table list for a language and grade, and the fallback used, if any."""
    primary = language.split("-")[0].lower()
    if primary in TABLES:
        return f"{DISPLAY},{TABLES[primary][grade - 1]}", None
    return (
        f"{DISPLAY},{TABLES['en'][grade - 1]}",
        f"liblouis has no {primary} table publish knows; the English (UEB) table was used",
    )


def lou_translate() -> str:
    from publish.installed import program

    return program("lou_translate", "liblouis-bin and liblouis-data", "braille")


LINE_BUFFER = 600  # characters sent to liblouis at a time: its line buffer is bounded


def pieces(text: str, size: int = LINE_BUFFER) -> list[str]:
    """The text in pieces of about `size` characters, cut at spaces."""
    out, current = [], ""
    for word in text.split():
        if current and len(current) + len(word) + 1 > size:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*out, current] if current else [" "]


def translate(texts: list[str], table: str, backward: bool = False) -> list[str]:
    """Each text translated by liblouis, in one call; a long text in pieces, joined again."""
    if not texts:
        return []
    split = [pieces(t) for t in texts]
    # lou_translate reads backslash escapes (\x41) in its input: a backslash is written twice
    lines = [p.replace("\\", "\\\\") for parts in split for p in parts]
    done = subprocess.run(
        [lou_translate(), "--backward" if backward else "--forward", table],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise EngineError(f"publish: liblouis could not translate: {done.stderr.strip()}")
    out = iter(line.rstrip() for line in done.stdout.split("\n"))
    return [" ".join(next(out, "") for _ in parts).strip() for parts in split]


class Text:
    """A line's print text, put together piece by piece, with the node each piece came from."""

    def __init__(self, text: str = "") -> None:
        self.text = text
        self.origins: list[Origin] = []

    def add(self, text: str, node_id: str | None = None) -> Text:
        if node_id is not None and text:
            self.origins.append(Origin(node_id, len(self.text), len(self.text) + len(text)))
        self.text += text
        return self

    def join(self, sentences: tuple[Sentence, ...], sep: str = " ") -> Text:
        """The sentences' texts, as `sep.join` would put them."""
        for n, sentence in enumerate(sentences):
            self.add(sep if n else "").add(sentence.text, sentence.id)
        return self

    def extend(self, other: Text) -> Text:
        at = len(self.text)
        self.origins += [Origin(o.node_id, o.start + at, o.end + at) for o in other.origins]
        self.text += other.text
        return self

    def line(self, first: int = 0, runover: int = 0, **layout: bool) -> Line:
        return Line(self.text, first, runover, origins=tuple(self.origins), **layout)


def _text(sentences: tuple[Sentence, ...], expanded: set[str], into: Text | None = None) -> Text:
    """The sentences as print text, each abbreviation's expansion after its first use."""
    out = Text() if into is None else into
    for n, sentence in enumerate(sentences):
        text = plain_text(sentence.inlines)
        for node in iter_inlines(sentence.inlines):
            if isinstance(node, Term) and node.expansion and node.term_id not in expanded:
                expanded.add(node.term_id)
                shown = plain_text(node.children)
                text = text.replace(shown, f"{shown} ({node.expansion})", 1)
        out.add(" " if n else "").add(text, sentence.id)
    return out


def lines_of(article: Article, page_breaks: dict[str, int], strings: dict[str, str]) -> list[Line]:
    """The article as lines to translate, in reading order, with its print page changes."""
    out: list[Line] = []
    expanded: set[str] = set()

    def page(sentences: tuple[Sentence, ...], *ids: str) -> None:
        """A print page indicator for each page that starts at these sentences (or IDs)."""
        for node_id in [*(s.id for s in sentences), *ids]:
            if page_breaks.get(node_id, 1) > 1:
                out.append(Line("", print_page=page_breaks[node_id]))

    def blocks(items: tuple[Block, ...], depth: int = 0) -> None:
        for block in items:
            if isinstance(block, Paragraph):
                page(block.sentences)
                out.append(_text(block.sentences, expanded).line(2 + 2 * depth, 2 * depth))
            elif isinstance(block, ListBlock):
                for number, item in enumerate(block.items, block.start):
                    marker = f"{block.label(number)}. " if block.ordered else ""
                    if item.checked is not None:  # a checklist's box, ticked or not
                        marker += BOXES[item.checked]
                    for index, child in enumerate(item.blocks):
                        if isinstance(child, Paragraph) and index == 0:
                            page(child.sentences)
                            text = _text(child.sentences, expanded, Text(marker))
                            out.append(text.line(2 * depth, 2 * depth + 2))
                        else:
                            blocks((child,), depth + 1)
            elif isinstance(block, Quote):
                blocks(block.blocks, depth + 1)
            elif isinstance(block, Callout):  # its label (and title) on a line, then its text
                label = strings[f"callout_{block.type}"]
                named = Text(f"{label}: " if block.title else label)
                if block.title is not None:
                    page((block.title,))
                    _text((block.title,), expanded, named)
                out.append(named.line(2 * depth, 2 * depth + 2, blank_before=True))
                blocks(block.blocks, depth)
            elif isinstance(block, Table):
                header = [c.sentences for row in block.head for c in row]
                page(tuple(s for row in block.head for c in row for s in c.sentences))
                for row in block.body:
                    page(tuple(s for c in row for s in c.sentences))
                    # "header: cell; header: cell", or the cell alone where the header is empty
                    pairs = Text()
                    for n, (head, cell) in enumerate(zip(header, row, strict=False)):
                        pairs.add("; " if n else "")
                        if Text().join(head).text:
                            pairs.join(head).add(": ")
                        pairs.join(cell.sentences)
                    out.append(pairs.line(2 * depth, 2 * depth + 2))
            elif isinstance(block, Figure) and block.description is not None:
                page((block.description, *block.caption))
                caption = _text(block.caption, expanded) if block.caption else Text()
                said = Text(f"{strings['image']}: ").add(
                    block.description.text, block.description.id
                )
                if caption.text:
                    said.add(" " if block.description.text else "").extend(caption)
                out.append(said.line(2 * depth, 2 * depth + 2))
            elif isinstance(block, CodeBlock):
                code = Text().add(block.text, block.id)
                out.append(code.line(2 * depth, 2 * depth))

    def section(node: Section) -> None:
        if node.heading is not None:
            page((node.heading.sentence,))
            level = node.level
            text = Text().add(node.heading.sentence.text, node.heading.sentence.id)
            if level <= 2:
                out.append(text.line(centred=True, blank_before=True))
            else:
                indent = 4 if level == 3 else 6
                out.append(text.line(indent, indent, blank_before=True))
        blocks(node.blocks)
        for child in node.sections:
            section(child)

    for top in article.sections:
        section(top)
    if article.footnotes:
        out.append(Line(strings["notes"], centred=True, blank_before=True))
        for note in article.footnotes:
            for block in note.blocks:
                if isinstance(block, Paragraph):
                    page(block.sentences)
                    text = _text(block.sentences, expanded, Text(f"{note.number}. "))
                    out.append(text.line(0, 2))
    if article.closing is not None:  # the contact and footer lines, where they are heard
        for n, sentence in enumerate(article.closing.sentences()):
            out.append(Text().add(sentence.text, sentence.id).line(0, 2, blank_before=not n))
    if article.glossary:
        out.append(Line(strings["glossary"], centred=True, blank_before=True))
        for entry in article.glossary:
            page((), entry.id)
            term = f"{entry.term} ({entry.expansion})" if entry.expansion else entry.term
            out.append(Text().add(f"{term}: {entry.definition}", entry.id).line(0, 2))
    return out


def wrap(braille: str, width: int, first: int, runover: int, centred: bool) -> list[str]:
    """Braille text on lines of at most `width` cells, broken at spaces (a word longer than
    a line is split across lines)."""
    words = braille.split()
    lines: list[str] = []
    current = ""
    indent = first
    for word in words:
        while len(word) > width - indent:  # a URL or a very long word
            room = width - indent - len(current) - (1 if current else 0)
            if room <= 0:
                lines.append(" " * indent + current)
                current, indent = "", runover
                continue
            piece, word = word[:room], word[room:]
            lines.append(" " * indent + (f"{current} {piece}" if current else piece))
            current, indent = "", runover
        candidate = f"{current} {word}" if current else word
        if len(candidate) + indent > width:
            lines.append(" " * indent + current)
            current, indent = word, runover
        else:
            current = candidate
    if current:
        lines.append(" " * indent + current)
    if centred:
        lines = [line.strip().center(width).rstrip() for line in lines]
    return lines


def braille_numbers(count: int, table: str) -> dict[int, str]:
    """1 to `count` in braille ("#a", "#b"...), in one call to liblouis."""
    numbers = range(1, count + 1)
    return dict(
        zip(numbers, (n.strip() for n in translate([str(n) for n in numbers], table)), strict=True)
    )


def paginate(parts: list[list[str]], geometry: Geometry, table: str) -> list[list[list[str]]]:
    """Each part (the title page's lines, the body's) on pages of `geometry.lines` lines: text
    on all but the last, which carries the braille page number at its right, numbered on
    from one part to the next."""
    room = geometry.lines - 1
    chunked = [
        [part[start : start + room] for start in range(0, max(len(part), 1), room)]
        for part in parts
    ]
    numbers = braille_numbers(sum(len(pages) for pages in chunked), table)
    out: list[list[list[str]]] = []
    count = 0
    for pages in chunked:
        laid = []
        for lines in pages:
            count += 1
            laid.append([*lines, *[""] * (room - len(lines)), numbers[count].rjust(geometry.cells)])
        out.append(laid)
    return out


def render(
    article: Article,
    page_breaks: dict[str, int],
    geometry: Geometry,
    grade: int,
    strings: dict[str, str],
    note: str,
) -> Braille:
    """The article in braille: the title page (with the transcriber's note) and the body."""
    geometry.check()
    table, _ = tables_for(article.metadata.language, grade)
    meta = article.metadata
    front = [Line(meta.title, centred=True)]
    if meta.authors:
        front.append(Line(", ".join(meta.authors), centred=True, blank_before=True))
    if meta.publisher:
        front.append(Line(meta.publisher, centred=True, blank_before=True))
    front.append(Line(note, 0, 0, blank_before=True))
    body = lines_of(article, page_breaks, strings)
    everything = [*front, *body]
    translated = translate([line.text for line in everything if line.print_page is None], table)
    printed = max((line.print_page or 0 for line in body), default=0)
    numbers = braille_numbers(printed, table)
    laid: list[list[str]] = [[], []]  # the title page's lines, the body's
    texts = iter(translated)
    for index, line in enumerate(everything):
        target = laid[0] if index < len(front) else laid[1]
        if line.print_page is not None:
            number = numbers[line.print_page]
            target.append(PAGE_INDICATOR * (geometry.cells - len(number)) + number)
            continue
        if line.blank_before and target:
            target.append("")
        target += wrap(next(texts), geometry.cells, line.first, line.runover, line.centred)
    front_pages, body_pages = paginate(laid, geometry, table)
    return Braille(front_pages + body_pages, table, grade, geometry, len(front_pages))


def brf(braille: Braille) -> bytes:
    """CR LF line ends, a form feed after each page: the file an embosser or display reads."""
    pages = ["\r\n".join(line.rstrip() for line in page) for page in braille.pages]
    return ("\r\n\f".join(pages) + "\r\n\f").encode("ascii", "replace")
