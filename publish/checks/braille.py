"""The braille edition, checked: no line wider than the page, no page longer than it, and the
BRF's braille the same, word for word, as the source's translated with the same tables
(compared in braille space: see braille_compare)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from publish.checks import CheckResult, Subject, skipped
from publish.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from publish.checks.braille_compare import BrailleDifference

SHOWN = 50  # differences reported one by one; the rest are counted


def _quote(text: str, width: int = 60) -> str:
    return f'"{text if len(text) <= width else text[: width - 1].rstrip() + "…"}"'


def describe(difference: BrailleDifference, file: str) -> str:
    """What an author reads: the file and braille page, the source's words, and what the
    braille has instead, read back into print."""
    where = f"{file}, braille page {difference.page}" if difference.page else file
    if difference.kind == "missing":
        return (
            f"{where}: the braille leaves out {_quote(difference.print_words)} "
            f"(braille {_quote(difference.expected)})"
        )
    said = f"{_quote(difference.found)}, which reads back as {_quote(difference.read_back)}"
    if difference.kind == "extra":
        return f"{where}: the braille has {said}, which the source does not have"
    return (
        f"{where}: the source has {_quote(difference.print_words)} (braille "
        f"{_quote(difference.expected)}); the braille has {said}"
    )


def braille_check(subject: Subject) -> CheckResult:
    folder, brf = subject.folder, subject.names.brf
    if not (folder / f"{brf}.json").is_file() and not (folder / brf).is_file():
        return skipped("braille", "Braille", "no braille was built")
    # on use: see Check.quick
    from publish.checks.braille_compare import UnreadableBrailleError, compare

    try:
        made = compare(subject.article, folder, subject.names)
    except UnreadableBrailleError as problem:
        finding = subject.locate("braille-unreadable", str(problem), Severity.ERROR)
        return CheckResult.from_findings("braille", "Braille", [finding], "", {})
    cells, lines = made.about.cells, made.about.lines
    findings: list[Diagnostic] = []
    wide = [
        (n, i, len(line))
        for n, p in enumerate(made.page_lines, 1)
        for i, line in enumerate(p, 1)
        if len(line) > cells
    ]
    long = [(n, len(p)) for n, p in enumerate(made.page_lines, 1) if len(p) > lines]
    for page, line, width in wide[:5]:
        findings.append(
            subject.locate(
                "braille-width", f"braille page {page}, line {line} has {width} cells, over {cells}"
            )
        )
    for page, count in long[:5]:
        findings.append(
            subject.locate("braille-length", f"braille page {page} has {count} lines, over {lines}")
        )
    for difference in made.differences[:SHOWN]:
        findings.append(
            subject.locate(
                "braille-difference",
                describe(difference, made.file.name),
                Severity.ERROR,
                difference.node_id,
            )
        )
    if len(made.differences) > SHOWN:
        findings.append(
            subject.locate(
                "braille-difference",
                f"{made.file.name}: {len(made.differences) - SHOWN} more braille differences "
                "from the source; rebuild the braille",
                Severity.ERROR,
            )
        )
    if not made.words:
        findings.append(
            subject.locate("braille-empty", "the braille has no body text", Severity.ERROR)
        )
    metrics = {
        "pages": made.pages,
        "cells": cells,
        "lines": lines,
        "table": made.about.table,
        "grade": made.about.grade,
        "words": made.words,
        "differences": len(made.differences),
        "different": [
            {
                "node_id": d.node_id,
                "page": d.page,
                "source": d.print_words,
                "expected": d.expected,
                "found": d.found,
                "read_back": d.read_back,
            }
            for d in made.differences[:20]
        ],
    }
    return CheckResult.from_findings(
        "braille",
        "Braille",
        findings,
        f"{made.pages} pages of {cells} x {lines}; all {made.words} braille words are the "
        "source's, translated with the same tables",
        metrics,
    )


class BrailleCheck:
    name = "braille"
    title = "Braille"
    quick = False

    def run(self, subject: Subject) -> CheckResult:
        return braille_check(subject)
