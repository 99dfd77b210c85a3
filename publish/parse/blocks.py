"""What the block tree may hold, checked before it is built: how deep lists, quotes and
callouts nest (the nesting limit, which stops hostile input), and the `{...}` line before a
block, which sets only an ordered list's numbers."""

from __future__ import annotations

from collections.abc import Callable

from markdown_it.tree import SyntaxTreeNode

from publish.diagnostics import Diagnostic, error
from publish.errors import SourceError
from publish.limits import Limits
from publish.model.nodes import LIST_STYLES

NESTED = ("blockquote", "callout", "bullet_list", "ordered_list")


def check_blocks(
    root: SyntaxTreeNode, limits: Limits, file: str, line: Callable[[SyntaxTreeNode], int]
) -> list[Diagnostic]:
    """Every block's attribute problems; a block nested past the limit is an error at once
    (SourceError), as the limits are. `line` gives a node's line in the file."""
    problems: list[Diagnostic] = []
    stack = [(child, 1) for child in root.children]
    while stack:
        node, depth = stack.pop()
        nested = node.type in NESTED
        if nested and depth > limits.nesting:
            message = limits.exceeded("nesting", depth, "the depth of lists and quotes here")
            raise SourceError("limit", [error("limit-nesting", message, file, line(node))])
        problems += _attribute_problems(node, file, line)
        stack.extend((child, depth + nested) for child in node.children if child.type != "inline")
    return problems


def _attribute_problems(
    node: SyntaxTreeNode, file: str, line: Callable[[SyntaxTreeNode], int]
) -> list[Diagnostic]:
    """A {...} line before a block sets only an ordered list's numbers: {type=a}, A, i or I
    (an ID or a class is the build's to give)."""
    allowed = {"ordered_list": {"start"}, "th": {"style"}, "td": {"style"}}.get(node.type, set())
    problems = []
    for key, value in node.attrs.items():
        if key in allowed or (
            key == "type" and node.type == "ordered_list" and value in LIST_STYLES
        ):
            continue
        where = "before a numbered list" if node.type == "ordered_list" else "here"
        problems.append(
            error(
                "block-attribute",
                f"'{{{key}={value}}}' {where} is not something publish can show; only "
                "{type=a}, {type=A}, {type=i} or {type=I} before a numbered list "
                "(letters or Roman numerals) is; remove the line or correct it",
                file,
                max(line(node) - 1, 1),
            )
        )
    return problems
