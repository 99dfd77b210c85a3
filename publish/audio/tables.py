"""The narration's reading tables, one set per language, shipped as data in publish/data.

`acronyms-<lang>.tsv` says how each acronym is said (as a word, letter by letter, or
respelled), `abbreviations-<lang>.tsv` what an abbreviation stands for and where it may be
expanded, and `numerals-<lang>.tsv` the words before which a Roman numeral is a number, and
`units-<lang>.tsv` how a unit after a number is said, singular and plural. A
language with no tables of its own has none of these rules, except the acronyms, which
fall back to the English list (COVID and HIV are said alike in most languages).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

# The package's folder, as publish.checks.style finds its word lists.
_DATA = Path(__file__).resolve().parent.parent / "data"
LANGUAGES = frozenset({"en", "es"})
CONTEXTS = frozenset({"", "name", "after", "number"})
STYLES = frozenset({"cardinal", "regnal", "regnal-f"})


@dataclass(frozen=True)
class Abbreviation:
    written: str  # "b.i.d.", "Dr.", "q{n}h"
    said: str  # "twice a day", "Doctor", "every {n} hours"
    context: str = ""  # "", "name", "after" or "number" (see abbreviations-en.tsv)


@dataclass(frozen=True)
class Tables:
    """One language's reading tables."""

    acronyms: dict[str, str]  # "HIV": "" (letters); "COVID": "COVID"; "NICU": "nick-you"
    abbreviations: tuple[Abbreviation, ...]
    numerals: dict[str, str]  # "phase": "cardinal", "Henry": "regnal"
    lone: frozenset[str]  # numerals-table words after which a lone "I" is one: "type I"
    function_words: frozenset[str]  # lower-case: a run of them in capitals is shouting


def primary(language: str) -> str:
    return (language or "en").replace("_", "-").split("-")[0].lower()


def data_rows(name: str) -> list[list[str]]:
    """A tab-separated table's rows; `#` lines are comments. A missing file is no rows."""
    path = _DATA / name
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def _acronyms(code: str) -> dict[str, str]:
    said = {}
    for row in data_rows(f"acronyms-{code}.tsv"):
        written, how = row[0], row[1]
        said[written] = "" if how == "letters" else written if how == "word" else how
    return said


def _function_words(code: str) -> frozenset[str]:
    path = _DATA / f"function-words-{code}.txt"
    if not path.is_file():
        return frozenset()
    lines = (ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#"))
    return frozenset(w.lower() for line in lines for w in line.split())


@functools.lru_cache(maxsize=8)
def tables(language: str) -> Tables:
    """The reading tables for a BCP 47 tag ("en-US", "es-419")."""
    code = primary(language)
    own = code in LANGUAGES
    abbreviations = tuple(
        Abbreviation(row[0], row[1], row[2] if len(row) > 2 else "")
        for row in (data_rows(f"abbreviations-{code}.tsv") if own else [])
    )
    rows = data_rows(f"numerals-{code}.tsv") if own else []
    numerals = {row[0]: row[1] for row in rows}
    return Tables(
        _acronyms(code if own else "en"),
        abbreviations,
        numerals,
        frozenset(row[0] for row in rows if row[2:] == ["lone"]),
        _function_words(code if own else "en"),
    )


def problems() -> list[str]:
    """What is wrong in the shipped tables: a bad context or style, an empty reading, an
    acronym listed twice. Empty when they are sound (a test holds them so)."""
    found = []
    for code in sorted(LANGUAGES):
        seen: set[str] = set()
        for row in data_rows(f"acronyms-{code}.tsv"):
            if len(row) != 2 or not row[1].strip():
                found.append(f"acronyms-{code}.tsv: {row!r} needs an acronym and how it is said")
            elif row[0] in seen:
                found.append(f"acronyms-{code}.tsv: {row[0]} is listed twice")
            seen.add(row[0])
        for row in data_rows(f"abbreviations-{code}.tsv"):
            if len(row) not in (2, 3) or not row[1].strip():
                found.append(f"abbreviations-{code}.tsv: {row!r} needs what it is said as")
            elif len(row) == 3 and row[2] not in CONTEXTS:
                found.append(f"abbreviations-{code}.tsv: {row!r}: unknown place {row[2]!r}")
        width = 3 if code == "en" else 4
        for row in data_rows(f"units-{code}.tsv"):
            if len(row) != width or not all(row) or row[3:] not in ([], ["m"], ["f"]):
                found.append(f"units-{code}.tsv: {row!r} needs {width} columns")
        for row in data_rows(f"numerals-{code}.tsv"):
            if len(row) not in (2, 3) or row[1] not in STYLES or row[2:] not in ([], ["lone"]):
                found.append(f"numerals-{code}.tsv: {row!r}: the style is one of {sorted(STYLES)}")
    return found
