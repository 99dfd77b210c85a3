"""Boxes drawn in Word, found before mammoth reads the document (it keeps no shading and no
borders): consecutive paragraphs that share one shading (`w:shd` with a fill) or one border
(`w:pBdr`), set on the paragraph or by its style, and a table of one cell that is shaded or
bordered. Where a box is clearly a callout (it holds paragraphs and lists, and is not most of
the document), each of its paragraphs gets a marker at the start of its text for the Markdown
writer (publish.imports.callouts), and a one-cell table gives its cell's paragraphs to the
body in its place. Where it is not clear, the box is left as it is: silently for a shaded
heading or a whole page shaded, with a note for a box that holds a heading, a table or a
picture among its text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# BOX_OPEN number BOX_SEP kind BOX_CLOSE at the start of each paragraph of a box (kind: one of
# KINDS' keys). Private-use characters, which no document contains.
BOX_OPEN, BOX_SEP, BOX_CLOSE = "\ue006", "\ue008", "\ue007"
KINDS = {"s": "a shaded box", "b": "a bordered box", "t": "a one-cell table drawn as a box"}
MOST_PARAGRAPHS = 15  # a box with more is a page, not a callout
_NO_FILL = frozenset({"", "auto", "ffffff", "none"})
_NO_LINE = frozenset({"", "nil", "none"})
_SIDES = ("top", "left", "bottom", "right")
_HEADING = re.compile(r"heading \d|title|subtitle", re.IGNORECASE)
_QUOTES = frozenset({"quote", "intense quote"})  # mammoth makes these quotes (STYLE_MAP)
_OBJECTS = ("drawing", "pict", "object", "txbxContent")


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class Marked:
    """What was found: the boxes marked (by number, their kind's key), and the boxes left as
    they were, each with its first paragraph and why."""

    boxes: dict[int, str] = field(default_factory=dict)
    left: list[tuple[Any, str]] = field(default_factory=list)  # (paragraph, message)


class _Styles:
    """The paragraph and table styles of styles.xml, with their `w:basedOn` chains."""

    def __init__(self, root: Any) -> None:
        self.by_id: dict[str, Any] = {}
        self.default = ""
        for style in root.findall(_w("style")) if root is not None else []:
            style_id = str(style.get(_w("styleId")) or "")
            self.by_id[style_id] = style
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true"):
                self.default = style_id

    def name(self, style_id: str) -> str:
        style = self.by_id.get(style_id)
        node = style.find(_w("name")) if style is not None else None
        return str(node.get(_w("val")) or "").lower() if node is not None else style_id.lower()

    def chain(self, style_id: str) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id in self.by_id and style_id not in seen and len(seen) < 20:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(_w("basedOn"))
            style_id = str(based.get(_w("val")) or "") if based is not None else ""

    def inherited(self, style_id: str, path: str) -> Any:
        """The first `path` (such as w:pPr/w:shd) along the style's chain."""
        for style in self.chain(style_id):
            found = style.find(path, {"w": W})
            if found is not None:
                return found
        return None


def _fill(shading: Any) -> str:
    if shading is None:
        return ""
    fill = str(shading.get(_w("fill")) or "").lower()
    if fill not in _NO_FILL:
        return fill
    color = str(shading.get(_w("color")) or "").lower()
    solid = shading.get(_w("val")) == "solid" and color not in _NO_FILL
    return color if solid else ""


def _lines(borders: Any) -> tuple[tuple[str, str], ...]:
    """The sides drawn, with how: a box has both sides, or a top and a bottom; a line under
    or over a paragraph alone is a rule, not a box."""
    if borders is None:
        return ()
    drawn = {}
    for side in borders:
        name = str(side.tag).rsplit("}", 1)[-1]
        value = str(side.get(_w("val")) or "")
        if value not in _NO_LINE:
            drawn[name] = f"{value} {side.get(_w('sz'))} {side.get(_w('color'))}"
    sides = set(drawn) & set(_SIDES)
    boxed = {"left", "right"} & sides or {"top", "bottom"} <= sides
    return tuple(sorted(drawn.items())) if boxed else ()


def _style_of(paragraph: Any, styles: _Styles) -> str:
    node = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
    return str(node.get(_w("val")) or "") if node is not None else styles.default


def _look(paragraph: Any, styles: _Styles) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """The paragraph's box: its fill and its borders, or None for a paragraph in no box."""
    style = _style_of(paragraph, styles)
    if styles.name(style) in _QUOTES:
        return None
    props = paragraph.find(_w("pPr"))
    shading = props.find(_w("shd")) if props is not None else None
    borders = props.find(_w("pBdr")) if props is not None else None
    if shading is None:
        shading = styles.inherited(style, "w:pPr/w:shd")
    if borders is None:
        borders = styles.inherited(style, "w:pPr/w:pBdr")
    fill, lines = _fill(shading), _lines(borders)
    return (fill, lines) if fill or lines else None


def _has_text(paragraph: Any) -> bool:
    if any((t.text or "").strip() for t in paragraph.iter(_w("t"))):
        return True
    return paragraph.find(f".//{_w('sym')}") is not None


def _blocks(parent: Any) -> Iterator[Any]:
    """The paragraphs and tables of the body (or a cell), through block content controls."""
    for child in parent:
        if child.tag in (_w("p"), _w("tbl")):
            yield child
        elif child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _blocks(content)


def mark_boxes(root: Any, styles_root: Any) -> Marked:
    """Mark the paragraphs of each clear box, and put each one-cell box's paragraphs in its
    table's place; what was marked and what was left."""
    body = root.find(_w("body"))
    marked = Marked()
    if body is None:
        return marked
    styles = _Styles(styles_root)
    total = sum(1 for p in root.iter(_w("p")) if _has_text(p))
    blocks = list(_blocks(body))
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.tag == _w("tbl"):
            _table(block, styles, total, marked)
            index += 1
            continue
        look = _look(block, styles)
        if look is None:
            index += 1
            continue
        group, tables = [block], 0
        index += 1
        while index < len(blocks):
            if blocks[index].tag == _w("p") and _look(blocks[index], styles) == look:
                group.append(blocks[index])
            elif (  # the same box on both sides of a table: a box that holds a table
                blocks[index].tag == _w("tbl")
                and index + 1 < len(blocks)
                and blocks[index + 1].tag == _w("p")
                and _look(blocks[index + 1], styles) == look
            ):
                tables += 1
            else:
                break
            index += 1
        kind = "s" if look[0] else "b"
        _decide(group, kind, styles, total, marked, "a table" if tables else "")
    return marked


def _table(table: Any, styles: _Styles, total: int, marked: Marked) -> None:
    """A table of one cell, shaded or bordered, is a box: its paragraphs in its place."""
    rows = table.findall(_w("tr"))
    cells = rows[0].findall(_w("tc")) if len(rows) == 1 else []
    if len(cells) != 1 or not _framed(table, cells[0], styles):
        return
    inside = list(_blocks(cells[0]))
    paragraphs = [b for b in inside if b.tag == _w("p")]
    holds = "a table" if len(paragraphs) < len(inside) else ""
    if not _decide(paragraphs, "t", styles, total, marked, holds):
        return
    parent = table.getparent()
    place = parent.index(table)
    for offset, paragraph in enumerate(paragraphs):
        parent.insert(place + offset, paragraph)
    parent.remove(table)


def _framed(table: Any, cell: Any, styles: _Styles) -> bool:
    """Whether the table draws a box: a fill or borders, its own or its style's."""
    props = table.find(_w("tblPr"))
    style = props.find(_w("tblStyle")) if props is not None else None
    style_id = str(style.get(_w("val")) or "") if style is not None else ""
    fills = [cell.find(f"{_w('tcPr')}/{_w('shd')}"), table.find(f"{_w('tblPr')}/{_w('shd')}")]
    fills += [
        styles.inherited(style_id, "w:tcPr/w:shd"),
        styles.inherited(style_id, "w:tblPr/w:shd"),
    ]
    if any(_fill(f) for f in fills):
        return True
    borders = [cell.find(f"{_w('tcPr')}/{_w('tcBorders')}")]
    borders.append(props.find(_w("tblBorders")) if props is not None else None)
    borders.append(styles.inherited(style_id, "w:tblPr/w:tblBorders"))
    return any(_lines(b) for b in borders if b is not None)


def _decide(
    paragraphs: list[Any], kind: str, styles: _Styles, total: int, marked: Marked, holds: str
) -> bool:
    """Mark the box's paragraphs if it is clearly a callout; whether it was marked."""
    said = [p for p in paragraphs if _has_text(p)]
    if not said:
        return False
    headings = [p for p in said if _HEADING.fullmatch(styles.name(_style_of(p, styles)))]
    if len(headings) == len(said):
        return False  # a shaded heading: its look only
    if len(said) > MOST_PARAGRAPHS or 2 * len(said) > total:
        return False  # most of the document: a page's look, not a box in it
    objects = [p for p in said if any(p.find(f".//{_w(o)}") is not None for o in _OBJECTS)]
    holds = holds or ("a heading" if headings else "") or ("a picture" if objects else "")
    if holds:
        message = (
            f"{KINDS[kind]} in Word, holding {holds}, came in as ordinary paragraphs; if it "
            "is a note or a warning, make it a callout: > [!NOTE] (or [!WARNING]...) on a "
            "line before it, and > at the start of each of its lines"
        )
        marked.left.append((said[0], message))
        return False
    number = len(marked.boxes) + 1
    marked.boxes[number] = kind
    for paragraph in said:
        _mark(paragraph, f"{BOX_OPEN}{number}{BOX_SEP}{kind}{BOX_CLOSE}")
    return True


def _mark(paragraph: Any, text: str) -> None:
    """`text` as a run of its own at the start of the paragraph (before its list number)."""
    from lxml import etree

    run = etree.Element(_w("r"))
    node = etree.SubElement(run, _w("t"))
    node.text = text
    props = paragraph.find(_w("pPr"))
    paragraph.insert(0 if props is None else paragraph.index(props) + 1, run)
