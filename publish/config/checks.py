"""Which checks gate a build, and their thresholds: the front matter's `checks:` over the
project's `[checks]` over these defaults."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from publish.config.fields import (
    FieldCheck,
    Value,
    boolean,
    check_mapping,
    choice,
    choices,
    number,
    whole,
)
from publish.diagnostics import Diagnostic, error

# Readability formulas by the language they were made for; the first is that language's
# gate unless the project picks another (publish.language uses these).
ENGLISH_FORMULAS = (
    "smog",
    "flesch_kincaid",
    "flesch_reading_ease",
    "gunning_fog",
    "coleman_liau",
    "dale_chall",
)
SPANISH_FORMULAS = ("inflesz", "fernandez_huerta")  # Szigriszt-Pazos on the INFLESZ scale
FORMULAS = ENGLISH_FORMULAS + SPANISH_FORMULAS
GRADE_FORMULAS = tuple(f for f in FORMULAS if f != "flesch_reading_ease")


def check_names() -> tuple[str, ...]:
    from publish import registry

    return registry.names(registry.CHECKS)


@dataclass(frozen=True)
class CheckConfig:
    gates: tuple[str, ...] = (
        "source",
        "readability",
        "html",
        "epub",
        "pdf",
        "audio",
        "daisy",
        "braille",
        "fidelity",
        "review",
    )
    # The readability gate's formula. SMOG is the one advised for English health text; a
    # language it does not fit uses its own first formula (publish.language.FORMULAS).
    formula: str = "smog"
    long_sentence_words: int = 20
    rare_word_zipf: float = 3.0
    long_paragraph_sentences: int = 5
    long_paragraph_words: int = 100
    # the PEMAT-P estimate's bar, in percent, for understandability and actionability alike
    pemat_threshold: int = 70
    strict: bool = False  # warnings fail too
    # the review record (publish.checks.review): "error" fails an overdue review, "warn"
    # only warns; a review due within review_warn_days warns
    review: str = "error"
    review_warn_days: int = 30

    def updated(self, values: dict[str, Any]) -> CheckConfig:
        return replace(self, **values)


CHECK_FIELDS: dict[str, FieldCheck] = {
    "gates": choices(check_names),
    "formula": choice(GRADE_FORMULAS),
    "long_sentence_words": whole(5),
    "rare_word_zipf": number(0, 8),
    "long_paragraph_sentences": whole(2),
    "long_paragraph_words": whole(20),
    "pemat_threshold": whole(0, 100),
    "strict": boolean,
    "review": choice(("error", "warn")),
    "review_warn_days": whole(0, 366),
}


def check_values(value: Value, file: str, problems: list[Diagnostic]) -> dict[str, Any]:
    """The typed `checks` settings of one mapping; problems are added, each at its line."""
    if not isinstance(value.data, dict):
        problems.append(
            error(
                "meta-bad-value",
                "'checks' must be a mapping, such as 'gates: [readability, html]'",
                file,
                value.line,
            )
        )
        return {}
    return check_mapping(value.data, CHECK_FIELDS, "checks", file, problems)
