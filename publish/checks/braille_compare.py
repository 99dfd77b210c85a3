"""The braille edition compared with the source in braille space, word by word.

liblouis reads some contractions back ambiguously ("mg", a letter sign, a capital passage),
so reading the BRF back into print and comparing words fails correct braille. Instead the
source is translated forward, with the same tables and the same lines the renderer uses,
laid out with the same wrapping, and compared with the BRF as it is on disk once the layout
(title pages, page numbers, print page indicators, indentation, blank lines) is set aside.
Each expected braille word knows the model node (sentence) and the print words it came from,
so every difference names the sentence and quotes the source.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from publish.model.nodes import Sentence
from publish.model.walk import walk
from publish.render.braille import Line, braille_numbers, lines_of, tables_for, translate, wrap
from publish.strings import strings_for

if TYPE_CHECKING:
    from publish.model.nodes import Article
    from publish.names import OutputNames

# A print page indicator: dots 3-6 across the line, then the print page number (written as
# the language's braille writes numbers), the line's full width.
PRINT_PAGE = re.compile(r"-{3,}\S+")
BRAILLE_ASCII = re.compile(r"[\x20-\x7e]*")  # the 64 cells, and lower case for some of them


class UnreadableBrailleError(Exception):
    """A BRF (or its .brf.json) that cannot be compared: missing, cut short, not braille."""

    def __init__(self, file: Path, problem: str) -> None:
        super().__init__(f"{file.name} {problem}")
        self.file = file
        self.problem = problem


@dataclass(frozen=True)
class BrailleDifference:
    """Braille a reader would find different from the source's.

    `expected` is empty when the BRF has braille the source does not give; `found` (and
    `read_back`) is empty when the BRF leaves the source's words out."""

    sentence: Sentence | None  # the model sentence, when the words come from one
    node_id: str | None  # the sentence's ID, or a code block's or glossary entry's; None: a label
    print_words: str  # the source's words, in print
    expected: str  # their braille (ASCII braille, as in the BRF)
    found: str  # the braille the BRF has instead
    read_back: str  # `found` read back into print by liblouis, for a sighted author
    page: int | None  # the braille page (1 is the title page) where it is, when known

    @property
    def kind(self) -> str:
        """Changed, missing (the BRF leaves words out) or extra (the BRF adds some)."""
        return "extra" if not self.expected else "missing" if not self.found else "changed"


@dataclass
class BrailleComparison:
    """The BRF on disk against the source's braille."""

    file: Path  # the BRF
    about: About  # how it was made, from its .brf.json
    page_lines: list[list[str]]  # every page's lines as on disk, page numbers included
    words: int  # braille words the source gives
    differences: list[BrailleDifference]

    @property
    def pages(self) -> int:
        return len(self.page_lines)

    @property
    def same(self) -> bool:
        """True when a reader finds the source's words, and nothing else, in the braille."""
        return not self.differences


@dataclass(frozen=True)
class Word:
    """One braille word the source gives, and where it comes from."""

    braille: str
    node_id: str | None
    line: int  # the index of its Line
    start: int  # its print words, start to end, among the Line's words
    end: int


@dataclass(frozen=True)
class Token:
    """Braille between spaces on one line of the page: a word, or the piece of a word that
    is longer than a line."""

    cells: str
    word: int  # the expected Word it is part of (on the source's side); -1 on the BRF's side
    page: int | None = None  # the braille page it is on (on the BRF's side)


def cells_of(text: str) -> str:
    """ASCII braille with lower case as upper case: the same cells (`a` and `A` are dot 1)."""
    return "".join(chr(ord(c) - 32) if "`" <= c <= "~" else c for c in text)


@dataclass(frozen=True)
class About:
    """What the .brf.json beside a BRF says about how it was made."""

    brf: str  # the BRF's file name, beside the .brf.json
    table: str  # the liblouis table list
    grade: int
    cells: int
    lines: int
    pages: int
    front_pages: int  # the title page(s), before the body


def about_of(folder: Path, names: OutputNames) -> About:
    """The .brf.json beside the BRF: how the braille was made."""
    path = folder / f"{names.brf}.json"
    if not path.is_file():
        raise UnreadableBrailleError(path, "is missing: it says how the braille was made")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        about = About(
            str(data["brf"]),
            str(data["table"]),
            int(data["grade"]),
            int(data["cells"]),
            int(data["lines"]),
            int(data["pages"]),
            int(data["front_pages"]),
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as problem:
        raise UnreadableBrailleError(path, f"cannot be read ({problem!r})") from None
    if not about.brf or Path(about.brf).name != about.brf:
        raise UnreadableBrailleError(path, f"names {about.brf!r}, not a file beside it")
    return about


def read_pages(path: Path, pages: int) -> list[list[str]]:
    """The BRF's pages, each as its lines; `pages` is how many the .brf.json says it has."""
    if not path.is_file():
        raise UnreadableBrailleError(path, "is missing; rebuild the braille")
    data = path.read_bytes()
    if not data.isascii():
        at = next(n for n, byte in enumerate(data) if byte > 127)
        raise UnreadableBrailleError(
            path, f"is not ASCII braille: byte {at} is {data[at]:#x}, outside ASCII"
        )
    text = data.decode("ascii")
    if not text.endswith("\r\n\f"):
        raise UnreadableBrailleError(path, "ends in the middle of a page: it is cut short")
    out = [page.split("\r\n") for page in text.split("\r\n\f")[:-1]]
    for number, page in enumerate(out, 1):
        for line_number, line in enumerate(page, 1):
            if not BRAILLE_ASCII.fullmatch(line):
                bad = next(c for c in line if not BRAILLE_ASCII.fullmatch(c))
                raise UnreadableBrailleError(
                    path,
                    f"is not ASCII braille: page {number}, line {line_number} has {bad!r}",
                )
    if len(out) != pages:
        raise UnreadableBrailleError(
            path,
            f"has {len(out)} page{'' if len(out) == 1 else 's'}, but {pages} were made: "
            "it is cut short or changed",
        )
    return out


def found_tokens(pages: list[list[str]], about: About) -> list[list[Token]]:
    """The body's braille as the reader meets it, line by line: no title pages, braille
    page numbers, print page indicators, indentation or blank lines."""
    numbers = braille_numbers(len(pages), about.table)
    out = []
    for number, page in enumerate(pages[about.front_pages :], about.front_pages + 1):
        if page and page[-1] == numbers[number].rjust(about.cells):
            page = page[:-1]  # without its number
        for line in page:
            text = cells_of(line).strip()
            if text and not (len(line) == about.cells and PRINT_PAGE.fullmatch(text)):
                out.append([Token(t, -1, number) for t in text.split()])
    return out


def _print_words(line: Line) -> tuple[list[str], list[str | None]]:
    """A line's print words, and the node each comes from: a label's words (a list number,
    "Image:") go with the node after them, or else before them, on the line."""
    found = list(re.finditer(r"\S+", line.text))
    nodes: list[str | None] = []
    for match in found:
        inside = [
            o.node_id for o in line.origins if o.start < match.end() and o.end > match.start()
        ]
        nodes.append(inside[0] if inside else None)
    for n, node in enumerate(nodes):
        if node is None:
            after = [m for m in nodes[n:] if m is not None]
            before = [m for m in nodes[:n] if m is not None]
            nodes[n] = after[0] if after else before[-1] if before else None
    return [m.group() for m in found], nodes


def _spans(alone: list[list[str]], braille: list[str]) -> list[tuple[int, int]]:
    """For each braille word of a line, the print words it comes from: the print words,
    translated one at a time (`alone`), aligned with the line translated whole."""
    flat = [(cell, n) for n, cells in enumerate(alone) for cell in cells]
    if [cell for cell, _ in flat] == braille:  # the usual case: word for word
        return [(n, n + 1) for _, n in flat]
    matcher = difflib.SequenceMatcher(None, [c for c, _ in flat], braille, autojunk=False)
    spans: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            spans += [(flat[i][1], flat[i][1] + 1) for i in range(i1, i2)]
            continue
        if j1 == j2:
            continue
        low = flat[i1][1] if i1 < i2 else (flat[i1 - 1][1] + 1 if i1 else 0)
        high = flat[i2 - 1][1] + 1 if i1 < i2 else (flat[i2][1] if i2 < len(flat) else len(alone))
        if high <= low:  # braille between two print words: give it the one before
            low, high = max(min(low, len(alone)) - 1, 0), max(min(low, len(alone)), 1)
        count = j2 - j1
        for k in range(count):
            start = low + k * (high - low) // count
            spans.append((start, max(low + (k + 1) * (high - low) // count, start + 1)))
    return spans


@dataclass
class Expected:
    """The source's braille body, laid out as the renderer lays it out."""

    lines: list[Line]
    prints: list[list[str]]  # each Line's print words
    words: list[Word]
    tokens: list[list[Token]]  # each layout line's tokens


def expected_braille(article: Article, table: str, cells: int) -> Expected:
    """The body's braille from the model: the renderer's lines, translated whole as it
    translates them (so capital and numeric passages come out the same), each word traced to
    its print words by translating those alone too and aligning the two."""
    lines = [
        line
        for line in lines_of(article, {}, strings_for(article.metadata.language))
        if line.print_page is None
    ]
    prints = [_print_words(line) for line in lines]
    # one call to liblouis: the lines whole, then each print word alone
    both = translate(
        [line.text for line in lines] + [w for words, _ in prints for w in words], table
    )
    whole, alone = both[: len(lines)], iter(both[len(lines) :])
    words: list[Word] = []
    tokens: list[list[Token]] = []
    for index, (line, braille, (printed, nodes)) in enumerate(
        zip(lines, whole, prints, strict=True)
    ):
        own = [next(alone).split() for _ in printed]
        cells_in = braille.split()
        first_word = len(words)
        for word, (start, end) in zip(cells_in, _spans(own, cells_in), strict=True):
            words.append(Word(cells_of(word), nodes[start] if nodes else None, index, start, end))
        number, used = first_word, 0
        for laid in wrap(braille, cells, line.first, line.runover, line.centred):
            row = []
            for piece in laid.split():
                row.append(Token(cells_of(piece), number))
                used += len(piece)
                if used >= len(words[number].braille):
                    number, used = number + 1, 0
            tokens.append(row)
    return Expected(lines, [p for p, _ in prints], words, tokens)


def _difference(
    expected: Expected,
    ours: list[Token],
    theirs: list[Token],
    near: Token | None,
    page: int | None,
    sentences: dict[str, Sentence],
) -> BrailleDifference:
    """The difference between the source's tokens `ours` and the BRF's `theirs`; `near` is
    the source's token beside them when `ours` is empty, `page` the BRF's page there."""
    numbers = sorted({t.word for t in ours})
    words = [expected.words[n] for n in numbers]
    printed: list[str] = []
    for word in words:
        quote = " ".join(expected.prints[word.line][word.start : word.end])
        if not printed or printed[-1] != quote:
            printed.append(quote)
    node = words[0].node_id if words else (expected.words[near.word].node_id if near else None)
    return BrailleDifference(
        sentences.get(node or ""),
        node,
        " ".join(printed),
        " ".join(w.braille for w in words),
        " ".join(t.cells for t in theirs),
        "",
        theirs[0].page if theirs else page,
    )


def differences(
    expected: Expected, found: list[list[Token]], sentences: dict[str, Sentence]
) -> list[BrailleDifference]:
    """Where the BRF's words differ from the source's: lines compared first (the layout is
    the same, so nearly all are equal), then the words of the lines that differ."""
    ours_lines = [tuple(t.cells for t in row) for row in expected.tokens]
    theirs_lines = [tuple(t.cells for t in row) for row in found]
    if ours_lines == theirs_lines:
        return []
    out = []
    for i1, i2, j1, j2 in regions(ours_lines, theirs_lines):
        ours = [t for row in expected.tokens[i1:i2] for t in row]
        theirs = [t for row in found[j1:j2] for t in row]
        by_word = difflib.SequenceMatcher(
            None, [t.cells for t in ours], [t.cells for t in theirs], autojunk=False
        )
        for kind, a1, a2, b1, b2 in by_word.get_opcodes():
            if kind == "equal":
                continue
            near = ours[a1 - 1] if a1 else ours[a1] if ours else None
            beside = theirs[min(b1, len(theirs) - 1)] if theirs else _around(found, j1)
            page = beside.page if beside else None
            if kind == "delete":  # one difference for each sentence left out
                start = a1
                for n in range(a1, a2 + 1):
                    if n == a2 or _node(expected, ours[n]) != _node(expected, ours[start]):
                        left_out = ours[start:n]
                        out.append(_difference(expected, left_out, [], near, page, sentences))
                        start = n
            else:
                changed = _difference(expected, ours[a1:a2], theirs[b1:b2], near, page, sentences)
                out.append(changed)
    return out


RESYNC = 3  # lines that must agree again after a difference
REACH = 500  # lines looked through, on each side, to find where they agree again


def regions(
    ours: list[tuple[str, ...]], theirs: list[tuple[str, ...]]
) -> Iterator[tuple[int, int, int, int]]:
    """Where two sequences of lines differ, as (i1, i2, j1, j2): walked side by side, and at
    each difference resumed at the nearest place where RESYNC lines agree again. Linear for
    a few local differences, and never misled by a handout's repeated lines as a longest
    common block would be."""
    i = j = 0
    while i < len(ours) or j < len(theirs):
        if i < len(ours) and j < len(theirs) and ours[i] == theirs[j]:
            i, j = i + 1, j + 1
            continue
        where: dict[tuple[str, ...], list[int]] = {}
        for k in range(j, min(j + REACH, len(theirs))):
            where.setdefault(theirs[k], []).append(k)
        best = (len(ours), len(theirs))  # no place agrees again: they differ to the end
        for di in range(min(REACH, len(ours) - i)):
            if di >= sum(best) - i - j:
                break
            for k in where.get(ours[i + di], []):
                if di + k - j < sum(best) - i - j and _agree(ours, theirs, i + di, k):
                    best = (i + di, k)
                    break
        yield i, best[0], j, best[1]
        i, j = best


def _agree(ours: list[tuple[str, ...]], theirs: list[tuple[str, ...]], i: int, j: int) -> bool:
    count = min(RESYNC, len(ours) - i)
    return count == min(RESYNC, len(theirs) - j) and ours[i : i + count] == theirs[j : j + count]


def _around(found: list[list[Token]], line: int) -> Token | None:
    """The BRF's token at the start of `line`, or the last one before it."""
    after = [row[0] for row in found[line : line + 1] if row]
    before = [row[-1] for row in found[:line][-1:] if row]
    return next(iter(after + before), None)


def _node(expected: Expected, token: Token) -> str | None:
    return expected.words[token.word].node_id


def compare(article: Article, folder: Path, names: OutputNames) -> BrailleComparison:
    """The BRF in `folder`, as it is on disk, against the article's braille. Raises
    UnreadableBrailleError (naming the file) when the BRF or its .brf.json cannot be read."""
    about = about_of(folder, names)
    language = article.metadata.language
    made = {tables_for(language, grade)[0]: grade for grade in (1, 2)}
    if made.get(about.table) != about.grade:
        raise UnreadableBrailleError(
            folder / f"{names.brf}.json",
            f"says the braille is grade {about.grade} from {about.table}, which is not how "
            f"publish makes {language} braille",
        )
    pages = read_pages(folder / about.brf, about.pages)
    expected = expected_braille(article, about.table, about.cells)
    found = found_tokens(pages, about)
    sentences = {s.id: s for s in (step.node for step in walk(article)) if isinstance(s, Sentence)}
    different = differences(expected, found, sentences)
    said = iter(translate([d.found for d in different if d.found], about.table, backward=True))
    return BrailleComparison(
        folder / about.brf,
        about,
        pages,
        len(expected.words),
        [replace(d, read_back=next(said)) if d.found else d for d in different],
    )
