"""mammoth's HTML of a Word document, written as publish's Markdown: headings, paragraphs,
nested lists, tables with a header row, quotes, pictures, links, line breaks, footnotes and
spans in another language. Text is escaped, so nothing typed in Word becomes markup."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from publish.imports.callouts import GLYPHS, Callouts
from publish.imports.numbering import LIST_TYPES, MARK_CLOSE, MARK_OPEN, MARK_SEP, number_text
from publish.imports.pictures import PLACEHOLDER
from publish.imports.wordxml import LANG_CLOSE, LANG_OPEN, LANG_TAG_END
from publish.model.nodes import list_label

_SPECIAL = re.compile(r"([\\`*_\[\]<>{}|])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])(?=\s|$)")
_LANG = re.compile(f"{LANG_OPEN}([^{LANG_TAG_END}]*){LANG_TAG_END}(.*?){LANG_CLOSE}", re.DOTALL)
_MARKERS = re.compile(f"[{LANG_OPEN}{LANG_CLOSE}]|{LANG_OPEN}[^{LANG_TAG_END}]*{LANG_TAG_END}")
_NUMBER = re.compile(
    f"\\s*{MARK_OPEN}([^{MARK_SEP}]*){MARK_SEP}(-?\\d+){MARK_SEP}([^{MARK_CLOSE}]*){MARK_CLOSE}\\s*"
)
_NOTE = re.compile(r"^#(footnote|endnote)-(\d+)$")
_SPACES = re.compile(r"[ \t\r\f\v]+")  # not str.split(): a non-breaking space is the cleaner's


def escape(text: str) -> str:
    return _ENTITY.sub("&amp;", _SPECIAL.sub(r"\\\1", text))


PLACEHOLDER_TEXT = "Picture not imported"  # a picture no converter could make viewable
MAX_SPAN = 64  # columns one cell may cover; more is not a table a reader can follow


@dataclass(frozen=True)
class _Merged:
    """A merged cell: its table and row (from 1), value, and how many columns and rows."""

    table: int
    row: int
    text: str
    across: int
    down: int


@dataclass
class Converted:
    title: str = ""  # the Word Title paragraph's text, if there was one
    blocks: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # label -> text
    headers_guessed: int = 0  # tables whose first row was taken as the header
    flattened: list[str] = field(default_factory=list)  # what lost structure, quoted
    kept_labels: list[str] = field(default_factory=list)  # list numbers kept as text ("1.1.")
    tables: int = 0
    merged: list[_Merged] = field(default_factory=list)  # merged cells, repeated
    callouts: Callouts | None = None  # the callouts and checklist items made


class Writer:
    def __init__(self, language: str = "en") -> None:
        self.callouts = Callouts(language)
        self.out = Converted(callouts=self.callouts)

    # ------------------------------------------------------------------ inline

    def inline(self, node: Any, breaks: bool = True) -> str:
        parts = [escape(node.text or "")]
        for child in node:
            parts.append(self._inline_child(child, breaks))
            parts.append(escape(child.tail or ""))
        return "".join(parts)

    def _inline_child(self, child: Any, breaks: bool) -> str:
        tag = child.tag
        if tag == "br":
            return "\\\n" if breaks else " "
        if tag in ("strong", "b"):
            return _wrap(self.inline(child, breaks), "**")
        if tag in ("em", "i"):
            return _wrap(self.inline(child, breaks), "*")
        if tag == "img":
            return _image(child)
        if tag == "input" and child.get("type") == "checkbox":  # a content-control check box
            return GLYPHS[child.get("checked") is not None]
        if tag == "sup" and len(child) == 1 and child[0].tag == "a":
            found = _NOTE.match(child[0].get("href", ""))
            if found:
                return f"[^{_label(found)}]"
        if tag == "a":
            return self._link(child, breaks)
        return self.inline(child, breaks)  # span, sup, sub, u, s: their text

    def _link(self, node: Any, breaks: bool) -> str:
        href = node.get("href", "")
        text = self.inline(node, breaks)
        if not href or href.startswith("#"):  # bookmarks and Word's own anchors
            return text
        target = f"<{href}>" if re.search(r"[\s()<>]", href) else href
        return f"[{text}]({target})"

    # ------------------------------------------------------------------ blocks

    def block(self, node: Any, depth: int = 0) -> list[str]:
        tag = node.tag
        if tag in ("p", "div"):
            text = _tidy(_numbers_as_text(self.inline(node)))
            return [line_start(text)] if text else []
        if tag in ("ul", "ol"):
            return ["\n".join(self.listing(node, depth))]
        if tag == "table":
            return [self.table(node)]
        if tag == "blockquote":
            inner = [b for child in node for b in self.block(child, depth)]
            return ["\n>\n".join("\n".join(f"> {line}" for line in b.split("\n")) for b in inner)]
        if tag == "hr":
            return ["---"]
        return [b for child in node for b in self.block(child, depth)]

    def listing(self, node: Any, depth: int) -> list[str]:
        """The list's lines. An ordered list keeps Word's numbers: each run of items that
        count on by one is a Markdown list starting at its first number (a jump, a restart or
        another format starts a new list, with the other delimiter so no renderer joins the
        two), and letters or Roman numerals are said with a {type=...} line before it."""
        lines: list[str] = []
        kind, expected, delimiter = "", 0, ")"
        for item in (c for c in node if c.tag == "li"):
            text, nested = self._item(item, depth)
            label, text = _numbered(text)
            if node.tag != "ol":
                marker, text = "- ", self.callouts.item(text)
            elif label is not None and not label.simple:
                # "1.1." or "Step 1:": Markdown lists have one number, so the label is text
                self.out.kept_labels.append(label.text)
                marker, text = "- ", line_start(f"{escape(label.text)} {text}")
            else:
                text = self.callouts.item(text)
                own = LIST_TYPES[label.format] if label is not None else (kind or "1")
                value = label.value if label is not None else (expected or 1)
                if not lines or own != kind or value != expected:
                    delimiter = "." if delimiter == ")" else ")"
                    if own != "1":
                        lines += ["", f"{{type={own}}}"] if lines else [f"{{type={own}}}"]
                    kind = own
                expected = value + 1
                marker = f"{value}{delimiter} "
            lines.append(marker + text)
            lines += [" " * len(marker) + line if line else "" for line in nested]
        return lines

    def _item(self, item: Any, depth: int) -> tuple[str, list[str]]:
        """A list item's own text, and its nested lists' lines."""
        text_parts = [escape(item.text or "")]
        nested: list[str] = []
        for child in item:
            if child.tag in ("ul", "ol"):
                nested += self.listing(child, depth + 1)
                text_parts.append(escape(child.tail or ""))
            elif child.tag == "p":
                text_parts.append(" " + self.inline(child, breaks=False) + " ")
                text_parts.append(escape(child.tail or ""))
            else:
                text_parts.append(self._inline_child(child, breaks=False))
                text_parts.append(escape(child.tail or ""))
        if nested and nested[0].startswith("{type="):  # a block attribute needs a blank line
            nested = ["", *nested]
        return _tidy("".join(text_parts)), nested

    def table(self, node: Any) -> str:
        """A Markdown table. Merged cells, which Markdown cannot hold, have their value in each
        cell they cover (each one reported at its row)."""
        rows = [tr for tr in node.iter("tr") if _owner(tr) is node]
        if not rows:
            return ""
        self.out.tables += 1
        grid: list[dict[int, str]] = []
        below: dict[int, tuple[str, int]] = {}  # column -> (value, rows it still covers)
        for number, row in enumerate(rows, 1):
            line: dict[int, str] = {}
            column = 0
            for cell in (c for c in row if c.tag in ("td", "th")):
                while column in below:
                    column = self._carry(below, line, column)
                text = self._cell(cell)
                across = _span(cell.get("colspan"), MAX_SPAN)
                down = _span(cell.get("rowspan"), len(rows) - number + 1)
                if across > 1 or down > 1:
                    self.out.merged.append(_Merged(self.out.tables, number, text, across, down))
                for offset in range(across):
                    line[column + offset] = text
                    if down > 1:
                        below[column + offset] = (text, down - 1)
                column += across
            for left in sorted(c for c in below if c not in line):
                self._carry(below, line, left)
            grid.append(line)
        width = max(max(line, default=-1) + 1 for line in grid)
        cells = [[line.get(c, "") for c in range(width)] for line in grid]
        if not any(c.tag == "th" for c in rows[0]):
            self.out.headers_guessed += 1
        lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(r) + " |" for r in cells[1:]]
        return "\n".join(lines)

    @staticmethod
    def _carry(below: dict[int, tuple[str, int]], line: dict[int, str], column: int) -> int:
        """A cell merged down from the row above: its value again. The next column."""
        value, left = below[column]
        line[column] = value
        if left > 1:
            below[column] = (value, left - 1)
        else:
            del below[column]
        return column + 1

    def _cell(self, cell: Any) -> str:
        """The cell's text on one line: paragraphs, list items and a nested table's rows are
        kept apart by "; " where no full stop ends them, never glued into one word."""
        parts = [escape(cell.text or "")]
        for child in cell:
            if child.tag in ("ul", "ol"):
                items = [" ".join(li.itertext()) for li in child.iter("li")]
                self.out.flattened.append(_tidy("; ".join(items))[:60])
                parts += [escape(item) for item in items]
            elif child.tag == "table":
                self.out.flattened.append(_tidy("".join(child.itertext()))[:60])
                parts += [
                    escape(", ".join(" ".join(c.itertext()) for c in tr if c.tag in ("td", "th")))
                    for tr in child.iter("tr")
                ]
            else:
                parts.append(self.inline(child, breaks=False))
            parts.append(escape(child.tail or ""))
        text = ""
        for part in (_tidy(p.replace("\n", " ")) for p in parts):
            if part:
                joint = " " if not text or text[-1] in ".!?:;," else "; "
                text = f"{text}{joint}{part}" if text else part
        return text

    def note(self, item: Any) -> None:
        found = _NOTE.match("#" + item.get("id", ""))
        if not found:
            return
        backs = [
            a
            for a in item.iter("a")
            if a.get("href", "").startswith(("#footnote-ref-", "#endnote-ref-"))
        ]
        for back in backs:  # the "↑" link back to the reference
            _drop(back)
        text = " ".join(_tidy(self.inline(p, breaks=False)) for p in item if p.tag == "p")
        self.out.notes[_label(found)] = _tidy(text)


def convert(html: str, language: str = "en") -> Converted:
    """The blocks of `html`, with headings as ('#' * level) lines for the caller to place;
    boxes and lead words as callouts, check boxes as checklist items (publish.imports.callouts).
    """
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(f"<div>{html}</div>")
    writer = Writer(language)
    nodes = list(root)
    boxes = writer.callouts.membership(nodes)
    index = 0
    while index < len(nodes):
        node, box = nodes[index], boxes[index]
        index += 1
        if box is not None:
            parts = [(node.tag, writer.block(node))]
            while index < len(nodes) and boxes[index] == box:
                parts.append((nodes[index].tag, writer.block(nodes[index])))
                index += 1
            writer.out.blocks += writer.callouts.box(box, parts)
            continue
        tag = node.tag
        if tag == "ol" and node.find("li") is not None and _is_notes(node):
            for item in node:
                writer.note(item)
            continue
        if tag == "h1" and "doc-title" in (node.get("class") or "") and not writer.out.title:
            writer.out.title = _plain(_tidy(writer.inline(node, breaks=False)))
            continue
        if re.fullmatch(r"h[1-6]", tag):
            text = _tidy(_numbers_as_text(writer.inline(node, breaks=False)))
            if text:
                writer.out.blocks.append(f"{'#' * int(tag[1])} {text}")
            continue
        for block in (b for b in writer.block(node) if b.strip()):
            if tag == "p":
                writer.callouts.place(writer.out.blocks, block)
            else:
                writer.out.blocks.append(block)
    # Anywhere else (a table cell, a note), Word's number stays as text.
    writer.out.blocks = [_numbers_as_text(b) if MARK_OPEN in b else b for b in writer.out.blocks]
    return writer.out


def languages(text: str) -> str:
    """The language markers as spans: [bon rétablissement]{lang=fr-FR}."""
    text = _LANG.sub(lambda m: f"[{m.group(2)}]{{lang={m.group(1)}}}", text)
    return _MARKERS.sub("", text)


@dataclass(frozen=True)
class _Number:
    """Word's number before a list item (see publish.imports.numbering)."""

    format: str
    value: int
    text: str

    @property
    def simple(self) -> bool:
        """A number a Markdown list can show: "5.", "b)", "(iv)"."""
        bare = self.text.strip("().")
        if self.format not in LIST_TYPES or bare != number_text(self.value, self.format):
            return False
        # past z, Word writes aa, bb and a page ab, ac: those stay text
        return list_label(self.value, LIST_TYPES[self.format]) == bare


def _numbered(text: str) -> tuple[_Number | None, str]:
    """Word's number at the start of `text`, and the rest of the text."""
    found = _NUMBER.match(text)
    if not found:
        return None, text
    number = _Number(found.group(1), int(found.group(2)), found.group(3))
    return number, text[found.end() :]


def _numbers_as_text(text: str) -> str:
    """Word's numbers outside a list (a numbered heading or paragraph) kept as its words."""
    return _NUMBER.sub(lambda m: f" {escape(m.group(3))} " if m.group(3) else " ", text)


def _owner(row: Any) -> Any:
    """The table a row belongs to (not a table nested in one of its cells)."""
    node = row.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def _span(value: str | None, most: int) -> int:
    try:
        return max(1, min(int(value or 1), most))
    except ValueError:
        return 1


def _is_notes(node: Any) -> bool:
    return all(_NOTE.match("#" + (li.get("id") or "")) for li in node if li.tag == "li")


def _label(found: re.Match[str]) -> str:
    return found.group(2) if found.group(1) == "footnote" else f"e{found.group(2)}"


def _wrap(text: str, mark: str) -> str:
    """**text**, with the spaces Word leaves inside the bold run moved outside it."""
    inner = text.strip()
    if not inner:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{inner}{mark}{trail}"


def _image(node: Any) -> str:
    """![alt](src); nothing for a picture the importer could not keep (it reports those)."""
    if not node.get("src"):
        kind = node.get(PLACEHOLDER)
        if not kind:
            return ""
        alt = " ".join((node.get("alt") or "").split()) or "it has no description in Word"
        return escape(f"[{PLACEHOLDER_TEXT} ({kind}): {alt}]")
    alt = escape(" ".join((node.get("alt") or "").split()))
    return f"![{alt}]({node.get('src')})"


def _tidy(text: str) -> str:
    """Spaces collapsed on each line; lines kept (a hard break is backslash, newline)."""
    lines = [_SPACES.sub(" ", line).strip(" ") for line in text.split("\n")]
    return "\n".join(lines).strip("\n ")


def _plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def line_start(text: str) -> str:
    """A paragraph that starts like a heading, quote or list item stays a paragraph."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


def _drop(node: Any) -> None:
    parent = node.getparent()
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)
