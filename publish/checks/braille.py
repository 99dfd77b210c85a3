"""The braille edition, checked: no line wider than the page, no page longer than it, and the
text back-translated by liblouis matching the source's words (at least MIN_ACCURACY)."""

from __future__ import annotations

import difflib
import json
import re

from publish.checks import CheckResult, Subject, skipped
from publish.diagnostics import Diagnostic, Severity
from publish.render.braille import lines_of, translate
from publish.strings import strings_for

MIN_ACCURACY = 0.98  # of the source's words, found again in order in the back-translation
_INDICATOR = re.compile(r"^-{3,}\S+$")
# Words as runs of letters (with inner apostrophes and hyphens) and runs of digits apart:
# liblouis reads some punctuation back as a digit stuck to the word before ("imagen:" comes
# back "imagen3" from Spanish braille), which is not a lost word.
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+")


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text.replace("\u2019", "'"))]


def body_text(pages: list[list[str]], front_pages: int) -> str:
    """The body's braille as one text: no title pages, page numbers or print page lines."""
    kept = []
    for page in pages[front_pages:]:
        kept += [line for line in page[:-1] if line.strip() and not _INDICATOR.match(line.strip())]
    return " ".join(line.strip() for line in kept)


def braille_check(subject: Subject) -> CheckResult:
    about_path = subject.folder / f"{subject.names.brf}.json"
    if not about_path.is_file():
        return skipped("braille", "Braille", "no braille was built")
    about = json.loads(about_path.read_text(encoding="utf-8"))
    raw = (subject.folder / about["brf"]).read_bytes().decode("ascii", "replace")
    pages = [p.split("\r\n") for p in raw.split("\r\n\f")[:-1]]
    cells, lines = int(about["cells"]), int(about["lines"])
    findings: list[Diagnostic] = []
    wide = [
        (n, i, len(line))
        for n, p in enumerate(pages, 1)
        for i, line in enumerate(p, 1)
        if len(line) > cells
    ]
    long = [(n, len(p)) for n, p in enumerate(pages, 1) if len(p) > lines]
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
    strings = strings_for(subject.article.metadata.language)
    source = words(
        " ".join(
            line.text for line in lines_of(subject.article, {}, strings) if line.print_page is None
        )
    )
    back = words(
        translate([body_text(pages, int(about["front_pages"]))], about["table"], backward=True)[0]
    )
    matcher = difflib.SequenceMatcher(a=source, b=back, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    accuracy = kept / len(source) if source else 0.0
    missed = [
        " ".join(source[i1:i2])
        for tag, i1, i2, _, _ in matcher.get_opcodes()
        if tag in ("replace", "delete")
    ]
    if accuracy < MIN_ACCURACY:
        findings.append(
            subject.locate(
                "braille-back-translation",
                f"liblouis reads back {accuracy:.1%} of the words (at least {MIN_ACCURACY:.0%} "
                f"needed); lost: {'; '.join(missed[:5])}",
                Severity.ERROR,
            )
        )
    elif not source:
        findings.append(
            subject.locate("braille-empty", "the braille has no body text", Severity.ERROR)
        )
    metrics = {
        "pages": len(pages),
        "cells": cells,
        "lines": lines,
        "table": about["table"],
        "grade": about["grade"],
        "words": len(source),
        "back_translation_accuracy": round(accuracy, 4),
        "tolerance": MIN_ACCURACY,
        "not_read_back": missed[:20],
    }
    return CheckResult.from_findings(
        "braille",
        "Braille",
        findings,
        f"{len(pages)} pages of {cells} x {lines}; liblouis reads back {accuracy:.1%} of "
        f"{len(source)} words (at least {MIN_ACCURACY:.0%})",
        metrics,
    )


class BrailleCheck:
    name = "braille"
    title = "Braille"
    quick = False

    def run(self, subject: Subject) -> CheckResult:
        return braille_check(subject)
