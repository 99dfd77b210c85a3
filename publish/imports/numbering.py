"""Word's list numbering, worked out the way Word shows it.

mammoth knows only whether a paragraph is in a bulleted or a numbered list, so a list set to
start at 5 came out as 1, 2, 3, and a list continued after a "Tip:" paragraph restarted at 1.
Here every numbered paragraph gets the number Word prints before it, from numbering.xml:

- each list definition (`w:abstractNum`) keeps one counter per level, shared by every list
  (`w:num`) that uses it, so numbering continues across paragraphs in between;
- a list's `w:lvlOverride/w:startOverride` (Word's "Restart at") starts its levels again;
- a level starts at its `w:start`, and starts again after a higher level (`w:lvlRestart`);
- the label is the level's `w:lvlText` ("%1.%2.") with each level's number in its own
  format (`w:numFmt`: decimal, letters, Roman numerals), or in decimal with `w:isLgl`.

A paragraph's list comes from its own `w:numPr` or from its paragraph style's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from publish.model.nodes import list_label

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# The number of an ordered list item, at the start of its paragraph's text, for the Markdown
# writer: MARK_OPEN format MARK_SEP value MARK_SEP label MARK_CLOSE. Private-use characters.
MARK_OPEN, MARK_SEP, MARK_CLOSE = "\ue003", "\ue005", "\ue004"
# Word's formats that Markdown lists (with a `{type=...}` for letters and Roman) can show.
LIST_TYPES = {
    "decimal": "1",
    "lowerLetter": "a",
    "upperLetter": "A",
    "lowerRoman": "i",
    "upperRoman": "I",
}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _val(node: Any, path: str) -> str | None:
    found = node.find(path, {"w": W}) if node is not None else None
    return None if found is None else found.get(_w("val"))


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Level:
    start: int = 0  # Word's default when a level gives none
    format: str = "decimal"
    text: str = ""  # "%1." - the label, with %N for level N's number
    restart: int | None = None  # w:lvlRestart: restarts after this level (0: never)
    legal: bool = False  # w:isLgl: every level's number in decimal
    style: str | None = None  # w:pStyle: the paragraph style this level belongs to


def _level(node: Any) -> Level:
    restart = _val(node, "w:lvlRestart")
    return Level(
        start=_int(_val(node, "w:start"), 0),
        format=_val(node, "w:numFmt") or "decimal",
        text=_val(node, "w:lvlText") or "",
        restart=_int(restart, 1) if restart is not None else None,
        legal=node.find("w:isLgl", {"w": W}) is not None,
        style=_val(node, "w:pStyle"),
    )


@dataclass
class Label:
    """What Word prints before a numbered paragraph."""

    format: str  # the level's w:numFmt
    value: int
    text: str  # the whole label, such as "5." or "2.1."
    level: int

    def mark(self) -> str:
        return f"{MARK_OPEN}{self.format}{MARK_SEP}{self.value}{MARK_SEP}{self.text}{MARK_CLOSE}"


def number_text(value: int, fmt: str) -> str:
    """`value` written in Word's number format `fmt`."""
    if fmt in ("lowerLetter", "upperLetter"):
        # Word repeats the letter: a..z, aa..zz, aaa...
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else ""
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):  # as a page writes them (the model's labels)
        return list_label(value, "I" if fmt == "upperRoman" else "i")
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(value)


@dataclass
class Numbering:
    """numbering.xml and the paragraph styles' lists, with the counters as Word keeps them."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # abstractNum -> numbering style
    nums: dict[str, str] = field(default_factory=dict)  # num -> abstractNum
    overrides: dict[str, dict[int, tuple[int | None, Level | None]]] = field(default_factory=dict)
    styles: dict[str, tuple[str | None, str | None, str | None]] = field(
        default_factory=dict
    )  # style -> (numId, ilvl, basedOn)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)  # nums whose overrides have been applied

    @staticmethod
    def read(numbering: Any, styles: Any) -> Numbering:
        found = Numbering()
        for node in numbering.findall("w:abstractNum", {"w": W}) if numbering is not None else []:
            key = node.get(_w("abstractNumId")) or ""
            levels = {_int(lvl.get(_w("ilvl")), 0): _level(lvl) for lvl in node.findall(_w("lvl"))}
            found.abstract[key] = levels
            link = _val(node, "w:numStyleLink")
            if link:
                found.links[key] = link
        for node in numbering.findall("w:num", {"w": W}) if numbering is not None else []:
            key = node.get(_w("numId")) or ""
            found.nums[key] = _val(node, "w:abstractNumId") or ""
            overrides: dict[int, tuple[int | None, Level | None]] = {}
            for override in node.findall(_w("lvlOverride")):
                start = _val(override, "w:startOverride")
                lvl = override.find(_w("lvl"))
                overrides[_int(override.get(_w("ilvl")), 0)] = (
                    _int(start, 0) if start is not None else None,
                    _level(lvl) if lvl is not None else None,
                )
            if overrides:
                found.overrides[key] = overrides
        for style in styles.findall("w:style", {"w": W}) if styles is not None else []:
            found.styles[style.get(_w("styleId")) or ""] = (
                _val(style, "w:pPr/w:numPr/w:numId"),
                _val(style, "w:pPr/w:numPr/w:ilvl"),
                _val(style, "w:basedOn"),
            )
        return found

    def _abstract_of(self, num: str) -> str | None:
        """The list definition a list uses, through a numbering style's link if it has one."""
        seen = set()
        key = self.nums.get(num)
        while key is not None and key in self.links and key not in seen:
            seen.add(key)
            linked = self.styles.get(self.links[key], (None, None, None))[0]
            if linked is None or linked not in self.nums:
                break
            key = self.nums[linked]
        return key if key in self.abstract else None

    def _style_list(self, style: str | None) -> tuple[str | None, str | None]:
        seen = set()
        while style and style not in seen:
            seen.add(style)
            num, ilvl, based = self.styles.get(style, (None, None, None))
            if num is not None:
                return num, ilvl
            style = based
        return None, None

    def label(self, paragraph: Any) -> Label | None:
        """The label Word prints before `paragraph` (counting it), or None if it has none."""
        props = paragraph.find(_w("pPr"))
        style = _val(props, "w:pStyle")
        num, ilvl = _val(props, "w:numPr/w:numId"), _val(props, "w:numPr/w:ilvl")
        if num is None:
            num, style_ilvl = self._style_list(style)
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num is None or num == "0":
            return None
        key = self._abstract_of(num)
        if key is None:
            return None
        levels = dict(self.abstract[key])
        overrides = self.overrides.get(num, {})
        for index, (_, replaced) in overrides.items():
            if replaced is not None:
                levels[index] = replaced
        if ilvl is None:  # a style's list at the level that names the style
            ilvl = next((str(i) for i, lvl in levels.items() if lvl.style == style), "0")
        level = _int(ilvl, 0)
        if level not in levels:
            return None
        counters = self.counters.setdefault(key, {})
        if num not in self.started:
            self.started.add(num)
            for index, (start, _) in overrides.items():
                if start is not None:
                    counters[index] = start - 1
        value = counters[level] + 1 if level in counters else levels[level].start
        counters[level] = value
        for deeper in [i for i in counters if i > level]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and restart - 1 >= level):
                del counters[deeper]
        return Label(levels[level].format, value, self._text(levels, level, counters), level)

    def _text(self, levels: dict[int, Level], level: int, counters: dict[int, int]) -> str:
        own = levels[level]
        text = own.text
        for index in range(9):
            if f"%{index + 1}" not in text:
                continue
            value = counters.get(index, levels[index].start if index in levels else 0)
            fmt = levels[index].format if index in levels else "decimal"
            if own.legal and fmt != "decimalZero":
                fmt = "decimal"
            text = text.replace(f"%{index + 1}", number_text(value, fmt))
        return text.strip()


def mark_numbers(root: Any, numbering: Numbering) -> int:
    """Put each numbered paragraph's label at the start of its text, as a run of its own,
    for the Markdown writer; the number of paragraphs marked. Bullets are not marked."""
    from lxml import etree

    marked = 0
    for paragraph in root.iter(_w("p")):
        label = numbering.label(paragraph)
        if label is None or label.format == "bullet":
            continue
        run = etree.Element(_w("r"))
        text = etree.SubElement(run, _w("t"))
        text.text = label.mark()
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        props = paragraph.find(_w("pPr"))
        paragraph.insert(0 if props is None else paragraph.index(props) + 1, run)
        marked += 1
    return marked
