"""Callouts (`> [!WARNING] Title` on a quote's first line, as GitHub and Obsidian write them)
and task lists (`- [ ] item`, `- [x] item`), found in markdown-it's block tokens, and the
mistakes an author can make with them.

A core rule runs after the block parser and before the inline one. It turns such a quote's
`blockquote_open`/`blockquote_close` into `callout_open`/`callout_close` (so the syntax tree
has a "callout" node) with the type in the opening token's meta, puts the title, if any, in a
`callout_title` node of its own (its inline content parsed as any other: emphasis, links...)
and drops the marker line from the first paragraph; a list item's `[ ]` or `[x]` becomes
`checked` in the item's meta. The builder asks the functions below what is wrong, and
reports it at its line, since only it knows the file and the front matter's offset.
"""

from __future__ import annotations

import difflib
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from publish.diagnostics import Diagnostic, error

TYPES = ("note", "tip", "important", "warning", "caution")
URGENT = ("warning", "caution")  # the ones with an icon, and an NCC point in DAISY
_MARKER = re.compile(r"\[!([^\]\s]*)\][ \t]*([^\n]*)(?:\n|$)")
_BOX = re.compile(r"\[([ xX])\](?:[ \t]+|$)")


def callout_plugin(md: MarkdownIt) -> None:
    """Add the rule that finds callouts and task-list items."""
    md.core.ruler.after("block", "callouts", _rule)


def _rule(state: StateCore) -> None:
    tokens = state.tokens
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "blockquote_open" and _is_callout(tokens, index):
            _callout(tokens, index)
        elif token.type == "list_item_open" and _starts(tokens, index, _BOX):
            inline = tokens[index + 2]
            found = _BOX.match(inline.content)
            assert found is not None
            token.meta["checked"] = found.group(1) != " "
            inline.content = inline.content[found.end() :]
        index += 1


def _starts(tokens: list[Token], index: int, pattern: re.Pattern[str]) -> bool:
    """Whether the block opened at `index` starts with a paragraph that starts with `pattern`."""
    if index + 2 >= len(tokens) or tokens[index + 1].type != "paragraph_open":
        return False
    return bool(pattern.match(tokens[index + 2].content))


def _is_callout(tokens: list[Token], index: int) -> bool:
    return _starts(tokens, index, _MARKER)


def _callout(tokens: list[Token], index: int) -> None:
    opening, paragraph, inline = tokens[index], tokens[index + 1], tokens[index + 2]
    found = _MARKER.match(inline.content)
    assert found is not None
    opening.type = "callout_open"
    opening.tag = "aside"
    opening.meta["callout"] = found.group(1)
    for closing in tokens[index + 1 :]:  # the matching close is the next at the same level
        if closing.type == "blockquote_close" and closing.level == opening.level:
            closing.type = "callout_close"
            closing.tag = "aside"
            break
    title = found.group(2).strip()
    marker_line = [inline.map[0], inline.map[0] + 1] if inline.map else None
    rest = inline.content[found.end() :]
    if rest.strip():
        inline.content = rest
        for token in (paragraph, inline):
            if token.map:
                token.map = [token.map[0] + 1, token.map[1]]
    else:  # the marker line was the whole paragraph
        del tokens[index + 1 : index + 4]
    if title:
        tokens[index + 1 : index + 1] = _title(title, opening.level + 1, marker_line)


def _title(content: str, level: int, line: list[int] | None) -> list[Token]:
    """A `callout_title` node holding the title as inline content, at the marker's line."""
    opening = Token("callout_title_open", "p", 1, map=line, level=level, block=True)
    inline = Token("inline", "", 0, map=line, level=level + 1, content=content, children=[])
    closing = Token("callout_title_close", "p", -1, level=level, block=True)
    return [opening, inline, closing]


def _check_type(written: str) -> tuple[str, str]:
    """(the callout's type, "") for a known type, any case; ("", a message) for another."""
    kind = written.lower()
    if kind in TYPES:
        return kind, ""
    close = difflib.get_close_matches(kind, TYPES, n=1, cutoff=0.5)
    hint = f"; did you mean [!{close[0].upper()}]?" if close else ""
    known = ", ".join(f"[!{t.upper()}]" for t in TYPES)
    return "", f"'[!{written}]' is not a callout type publish knows ({known}){hint}"


def callout_problems(written: str, empty: bool, file: str, line: int) -> list[Diagnostic]:
    """What is wrong with a callout written `[!written]` at `line`: a type publish does not
    know (with a did-you-mean), or nothing below its marker."""
    problems = []
    _, problem = _check_type(written)
    if problem:
        problems.append(error("callout-type", problem, file, line))
    if empty:
        problems.append(
            error(
                "callout-empty",
                f"the [!{written}] callout has nothing in it; write its text on the "
                "next lines, each starting with '>'",
                file,
                line,
            )
        )
    return problems


def callout_type(written: str) -> str:
    """The callout's type for a known one written in any case (`Warning`); "" for another."""
    return _check_type(written)[0]


def item_problem(checked: bool | None, empty: bool, file: str, line: int) -> Diagnostic | None:
    """A checklist item with a box and nothing after it: a check box with no label."""
    if checked is None or not empty:
        return None
    return error(
        "checklist-empty",
        "this checklist item has a box and nothing to check; write what "
        "to do after it ('- [ ] Bring your medicines'), or remove it",
        file,
        line,
    )


def cell_problem(text: str, file: str, line: int) -> Diagnostic | None:
    """A table cell that starts with a check box (`[ ] item`), which a table cannot hold."""
    if not _BOX.match(text):
        return None
    return error(
        "checklist-in-table",
        "a table cell cannot hold a check box ('[ ]' or '[x]'); "
        "write the checklist as a list below the table "
        "('- [ ] item'), or remove the brackets",
        file,
        line,
    )
