"""Callouts and checklists in the Markdown written from Word.

A callout (`> [!WARNING] Title`, publish.parse.callouts) comes from a box that
publish.imports.boxes marked, or from a paragraph that starts with a lead word ("Warning:",
"**Note:**", or the label in the document's language, such as "Advertencia:"). The type is the
lead word's; a box without one is a note, unless its first line starts with a type's name.
No word is lost or changed: the lead word becomes the label only when it is the very label
the page shows in the document's language; otherwise it stays in the text. A lead word with a
short line after it on the same line (before a line break, or as a box's first paragraph) has
that line as the callout's title.

A check box at the start of a paragraph or a list item (a content control, which mammoth
reads as a check box input, or a box character: ☐ ☑ ☒, or Wingdings' boxes, which mammoth
reads as 🞏 🞎 🗹 🗷) makes a checklist item (`- [ ] item`, `- [x] item`); consecutive ones are
one list. A content-control box anywhere else stays in the text as ☐ or ☒.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publish.imports.boxes import BOX_CLOSE, BOX_OPEN, BOX_SEP, KINDS
from publish.parse.callouts import TYPES

# ☐, Wingdings F06F and F0A8 (as mammoth maps a w:sym, and as the private-use characters a
# run in the Wingdings font holds), □
UNTICKED = frozenset("\u2610\U0001f78f\U0001f78e\u25a1\uf06f\uf0a8")
TICKED = frozenset("\u2611\u2612\U0001f5f9\U0001f5f7\uf0fe\uf0fd")  # ☑ ☒, F0FE and F0FD
GLYPHS = {False: "\u2610", True: "\u2612"}  # a content-control box kept as text
TITLE_WORDS, TITLE_CHARS = 10, 60  # the most a title line may be
ENGLISH = {kind: kind.capitalize() for kind in TYPES}
_MARKS = re.compile(f"{BOX_OPEN}(\\d+){BOX_SEP}(\\w){BOX_CLOSE}")
_WORD = re.compile(r"(\*\*|\*)?([^\W\d_]+)")
_CALLOUT_LINE = re.compile(r"^> \[!(?:" + "|".join(t.upper() for t in TYPES) + r")\]")
_TASK_LINE = re.compile(r"^(?:>\s?)*\s*(?:[-*+]|\d+[.)])\s+\[[ x]\](?:\s|$)")


@dataclass(frozen=True)
class Made:
    """A callout the import made: its type, what it came from, its lead word as written (""
    for none), whether that word became its label, and its title."""

    type: str
    boxed: str  # the box it came from (KINDS), "" for a paragraph with a lead word
    lead: str
    label: bool
    title: str


@dataclass(frozen=True)
class _Lead:
    type: str
    word: str
    rest: str  # the Markdown after it
    colon: bool  # "Warning:" (else the word was its first line alone)


class Callouts:
    """The callouts and checklist items of one document, as its Markdown is written."""

    def __init__(self, language: str) -> None:
        from publish.strings import strings_for

        page = strings_for(language or "en")
        self.labels = {kind: page.get(f"callout_{kind}", ENGLISH[kind]) for kind in TYPES}
        self.words = {w.casefold(): kind for kind, w in (*ENGLISH.items(), *self.labels.items())}
        self.made: list[Made] = []
        self.ticked = 0
        self.unticked = 0
        self._open = -1  # the block of the checklist still open, in the blocks written

    # ------------------------------------------------------------------ boxes

    def membership(self, nodes: list[Any]) -> list[str | None]:
        """Each top-level node's box ("3s"), or None, with the markers taken out of the text.
        A box is kept only if it is whole paragraphs and lists, side by side."""
        found: list[str | None] = []
        broken: set[str] = set()
        for node in nodes:
            keys = _strip(node)
            whole = len(keys) == (1 if node.tag == "p" else len(list(node.iter("li"))))
            if keys and (len(set(keys)) > 1 or node.tag not in ("p", "ul", "ol") or not whole):
                broken |= set(keys)
            found.append(keys[0] if keys else None)
        ended: set[str] = set()
        for previous, key in zip([None, *found], found, strict=False):
            if key is not None and key != previous and key in ended:
                broken.add(key)  # a box in two places
            if previous is not None and previous != key:
                ended.add(previous)
        return [None if key in broken else key for key in found]

    def box(self, key: str, parts: list[tuple[str, list[str]]]) -> list[str]:
        """The blocks of a marked box, (tag, blocks) for each of its nodes: one callout, or
        the blocks as they were if nothing is left to say below its label."""
        items: list[tuple[str, str]] = []
        for tag, blocks in parts:
            for block in (b for b in blocks if b.strip()):
                task = self._task(block) if tag == "p" else None
                if task is not None and items and items[-1][0] == "tasks":
                    items[-1] = ("tasks", f"{items[-1][1]}\n{task}")
                else:
                    items.append(("tasks", task) if task is not None else (tag, block))
        made = self._callout(items, KINDS[key[-1]])
        return [made] if made else [text for _, text in items]

    # ------------------------------------------------------------------ paragraphs

    def place(self, out: list[str], block: str) -> None:
        """Add a top-level paragraph's block to `out`: as a checklist item (joining the list
        just before it), as a callout for a lead word, or as it is."""
        task = self._task(block)
        if task is not None:
            if self._open == len(out) - 1 and out:
                out[-1] = f"{out[-1]}\n{task}"
            else:
                out.append(task)
            self._open = len(out) - 1
            return
        out.append(self._callout([("p", block)], "") or block)

    def item(self, text: str) -> str:
        """A list item's text, with its check box as `[ ]` or `[x]`."""
        if text[:1] not in UNTICKED | TICKED or not text[1:].strip():
            return text
        ticked = self._count(text[0])
        return f"[{'x' if ticked else ' '}] {text[1:].lstrip()}"

    def _count(self, glyph: str) -> bool:
        ticked = glyph in TICKED
        self.ticked += ticked
        self.unticked += not ticked
        return ticked

    def _task(self, block: str) -> str | None:
        if block[:1] not in UNTICKED | TICKED or not block[1:].strip():
            return None
        ticked = self._count(block[0])
        first, *more = block[1:].lstrip().split("\n")
        return "\n".join([f"- [{'x' if ticked else ' '}] {first}", *(f"      {m}" for m in more)])

    # ------------------------------------------------------------------ callouts

    def _callout(self, items: list[tuple[str, str]], boxed: str) -> str | None:
        """The callout for these blocks, (kind, Markdown) each, or None where it is not clear."""
        if not items:
            return None
        kind, first = items[0]
        body, title = items[1:], ""
        lead = self._lead(first) if kind == "p" else None
        if lead is not None:
            label = lead.word.casefold() == self.labels[lead.type].casefold()
            if label:
                rest, title = self._titled(lead, bool(body))
                body = ([("p", rest)] if rest else []) + body
            else:
                body = items
            made = Made(lead.type, boxed, lead.word, label, title)
        elif boxed:
            named = _WORD.match(first) if kind == "p" else None
            word = named.group(2) if named and named.group(2).casefold() in self.words else ""
            made = Made(self.words.get(word.casefold(), "note"), boxed, word, False, "")
            body = items
        else:
            return None
        if not body:
            return None
        self.made.append(made)
        lines = [f"> [!{made.type.upper()}]" + (f" {title}" if title else "")]
        for number, (part, text) in enumerate(body):
            if number or part != "p":
                lines.append(">")
            lines += [f"> {line}" if line else ">" for line in text.split("\n")]
        return "\n".join(lines)

    def _lead(self, text: str) -> _Lead | None:
        """The lead word at the start of a paragraph's Markdown: "Warning:", "**Warning:**",
        "**Warning**:", "**Warning: the rest**", or the word alone on the first line."""
        found = _WORD.match(text)
        if found is None or found.group(2).casefold() not in self.words:
            return None
        opener, at = found.group(1) or "", found.end()
        closed = bool(opener) and text.startswith(opener, at)
        at += len(opener) if closed else 0
        colon = text.startswith(":", at)
        at += colon
        if opener and not closed and colon and text.startswith(opener, at):
            at, closed = at + len(opener), True
        rest = text[at:]
        if rest.startswith("\\\n"):
            rest = rest[2:]
        elif not rest.strip():
            rest = ""
        elif colon and rest[0] == " ":
            rest = rest.lstrip(" ")
        else:
            return None  # "Warning signs", "Note that": words, not a lead
        if opener and not closed:
            if not colon or not rest or "\n" in rest.split(opener, 1)[0]:
                return None
            rest = opener + rest  # "**Warning: Your medicines**": the emphasis goes on
        word = found.group(2)
        return _Lead(self.words[word.casefold()], word, rest, colon)

    @staticmethod
    def _titled(lead: _Lead, more: bool) -> tuple[str, str]:
        """The text left after the lead word, and the title taken from it: its first line,
        when a line break or (in a box) another block follows it and it reads as a title."""
        if not lead.colon or not lead.rest:
            return lead.rest, ""
        line, _, after = lead.rest.partition("\\\n")
        if after and _titleish(line):
            return after, line
        if not after and more and _titleish(line):
            return "", line
        return lead.rest, ""


def _article(word: str) -> str:
    return "an" if word[:1] in "AEIOU" else "a"


def _titleish(line: str) -> bool:
    plain = re.sub(r"[*_\\]", "", line).strip()
    return (
        0 < len(plain) <= TITLE_CHARS
        and len(plain.split()) <= TITLE_WORDS
        and not plain.endswith((".", "!", "?", ":", ";", ","))
        and "![" not in line
        and "\n" not in line
    )


def _strip(node: Any) -> list[str]:
    """The box markers in `node`'s text, as "3s", taken out of it."""
    keys: list[str] = []

    def take(text: str | None) -> str | None:
        if not text or BOX_OPEN not in text:
            return text
        keys.extend(f"{m.group(1)}{m.group(2)}" for m in _MARKS.finditer(text))
        return _MARKS.sub("", text)

    for element in node.iter():
        if isinstance(element.tag, str):
            element.text = take(element.text)
        if element is not node:
            element.tail = take(element.tail)
    return keys


def callout_notes(target: Path, source: str, callouts: Callouts | None) -> list[str]:
    """The import report's line for each callout made, at its line, and one for the
    checklist items."""
    if callouts is None:
        return []
    lines = source.split("\n")
    places = [n for n, line in enumerate(lines, 1) if _CALLOUT_LINE.match(line)]
    if len(places) != len(callouts.made):  # cannot happen: escaped text never starts so
        places = [0] * len(callouts.made)
    notes = []
    for made, line in zip(callouts.made, places, strict=True):
        where = f"{target}:{line}" if line else str(target)
        kind = made.type.upper()
        what = made.boxed or f'the paragraph starting "{made.lead}"'
        said = f"{what} became {_article(kind)} {kind} callout"
        if made.label:
            said += f', its lead word "{made.lead}" now the label'
        elif made.lead:
            shown = callouts.labels[made.type]
            said += f', since it starts "{made.lead}"' if made.boxed else ""
            if made.lead.casefold() != shown.casefold():
                said += f' ("{made.lead}" stays in its text: the label reads "{shown}")'
        if made.title:
            said += f', with the title "{made.title}"'
        notes.append(f"{where}: {said}; check the type")
    count = callouts.ticked + callouts.unticked
    if count:
        first = next((n for n, line in enumerate(lines, 1) if _TASK_LINE.match(line)), 0)
        notes.append(
            f"{target}:{first}: {count} check box(es) became checklist items (- [ ] and - [x]): "
            f"{callouts.ticked} ticked and {callouts.unticked} not; check each is as it "
            "should be"
        )
    return notes
