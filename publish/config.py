"""Front matter as typed data. Validation collects every error, then fails once."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from publish.diagnostics import Diagnostic, error

# BCP 47, simplified: language, optional script, region and variants.
BCP47 = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-[a-zA-Z0-9]{5,8})*$")
AUDIENCES = ("patients", "caregivers", "general", "professionals", "children")
PAPERS = ("a4", "letter")
EDITIONS = ("standard", "large-print")


@dataclass(frozen=True)
class GlossaryItem:
    term: str
    definition: str
    line: int
    expansion: str = ""
    say: str = ""
    ipa: str = ""
    forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Metadata:
    title: str
    language: str
    description: str = ""
    short_title: str = ""
    authors: tuple[str, ...] = ()
    publisher: str = ""
    date: dt.date | None = None
    keywords: tuple[str, ...] = ()
    license: str = ""
    audience: str = "general"
    reading_grade: float = 8.0
    url: str = ""
    paper: str = "a4"
    edition: str = "standard"
    certified_by: str = ""
    checks: dict[str, Any] = field(default_factory=dict, hash=False)
    glossary: tuple[GlossaryItem, ...] = field(default=(), repr=False)

    @property
    def running_title(self) -> str:
        return self.short_title or self.title


@dataclass(frozen=True)
class Value:
    """A YAML scalar or collection with the 1-based line it starts on."""

    data: Any
    line: int


FieldCheck = Callable[[Value], tuple[Any, str | None]]


def _text(v: Value) -> tuple[Any, str | None]:
    if isinstance(v.data, str) and v.data.strip():
        return " ".join(v.data.split()), None
    if isinstance(v.data, (int, float)) and not isinstance(v.data, bool):
        return str(v.data), None
    return None, "must be non-empty text"


def _texts(v: Value) -> tuple[Any, str | None]:
    items = v.data if isinstance(v.data, list) else [v.data]
    out = []
    for item in items:
        data = item.data if isinstance(item, Value) else item
        if not isinstance(data, str) or not data.strip():
            return None, "must be text or a list of text"
        out.append(" ".join(data.split()))
    return tuple(out), None


def _language(v: Value) -> tuple[Any, str | None]:
    if isinstance(v.data, str) and BCP47.match(v.data):
        return v.data, None
    return None, "must be a BCP 47 language tag such as en, en-US or fr-CA"


def _date(v: Value) -> tuple[Any, str | None]:
    if isinstance(v.data, dt.datetime):
        return v.data.date(), None
    if isinstance(v.data, dt.date):
        return v.data, None
    return None, "must be a date written YYYY-MM-DD"


def _grade(v: Value) -> tuple[Any, str | None]:
    if isinstance(v.data, (int, float)) and not isinstance(v.data, bool) and 1 <= v.data <= 20:
        return float(v.data), None
    return None, "must be a school grade between 1 and 20, such as 8"


def _choice(options: tuple[str, ...]) -> FieldCheck:
    def check(v: Value) -> tuple[Any, str | None]:
        if isinstance(v.data, str) and v.data.lower() in options:
            return v.data.lower(), None
        return None, "must be one of " + ", ".join(options)

    return check


def _url(v: Value) -> tuple[Any, str | None]:
    if isinstance(v.data, str) and re.match(r"^https?://\S+$", v.data):
        return v.data, None
    return None, "must be an http or https URL"


def _plain(value: Any) -> Any:
    if isinstance(value, Value):
        return _plain(value.data)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _checks(v: Value) -> tuple[Any, str | None]:
    from publish.checks.config import validate

    data = _plain(v)
    if not isinstance(data, dict):
        return None, "must be a mapping, such as 'gates: [readability, html]'"
    values, problems = validate(data)
    return (values, None) if not problems else (None, "; ".join(problems))


FIELDS: dict[str, FieldCheck] = {
    "title": _text,
    "short_title": _text,
    "description": _text,
    "language": _language,
    "authors": _texts,
    "publisher": _text,
    "date": _date,
    "keywords": _texts,
    "license": _text,
    "audience": _choice(AUDIENCES),
    "reading_grade": _grade,
    "url": _url,
    "paper": _choice(PAPERS),
    "edition": _choice(EDITIONS),
    "certified_by": _text,
    "checks": _checks,
}
REQUIRED = ("title", "language")
GLOSSARY_FIELDS: dict[str, FieldCheck] = {
    "term": _text,
    "definition": _text,
    "expansion": _text,
    "say": _text,
    "ipa": _text,
    "forms": _texts,
}


def _unknown_key(key: str, known: list[str], where: str) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known keys are: {', '.join(known)}"
    return f"unknown {where} key '{key}'{hint}"


def _check_mapping(
    mapping: dict[str, Value],
    fields: dict[str, FieldCheck],
    where: str,
    file: str,
    problems: list[Diagnostic],
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in mapping.items():
        check = fields.get(key)
        if check is None:
            problems.append(error("meta-unknown-key", _unknown_key(key, list(fields), where), file, value.line))
            continue
        parsed, problem = check(value)
        if problem:
            problems.append(error("meta-bad-value", f"'{key}' {problem}", file, value.line))
        else:
            values[key] = parsed
    return values


def metadata_from(
    mapping: dict[str, Value], file: str, start_line: int
) -> tuple[Metadata | None, list[Diagnostic]]:
    """Validate the front matter mapping. Returns every problem found, not just the first."""
    problems: list[Diagnostic] = []
    glossary_value = mapping.pop("glossary", None)
    values = _check_mapping(mapping, FIELDS, "front-matter", file, problems)
    for key in REQUIRED:
        if key not in mapping:
            problems.append(
                error("meta-missing", f"the front matter has no '{key}'; add a line '{key}: ...'",
                      file, start_line)
            )
    glossary = _glossary(glossary_value, file, problems) if glossary_value is not None else ()
    if problems:
        return None, problems
    return Metadata(glossary=glossary, **values), []


def _glossary(value: Value, file: str, problems: list[Diagnostic]) -> tuple[GlossaryItem, ...]:
    if not isinstance(value.data, list):
        problems.append(error("meta-bad-value", "'glossary' must be a list of entries with 'term' "
                              "and 'definition'", file, value.line))
        return ()
    items = []
    seen: dict[str, int] = {}
    for entry in value.data:
        if not isinstance(entry.data, dict):
            problems.append(error("meta-bad-value", "each glossary entry must be a mapping with "
                                  "'term' and 'definition'", file, entry.line))
            continue
        fields = _check_mapping(entry.data, GLOSSARY_FIELDS, "glossary", file, problems)
        missing = [k for k in ("term", "definition") if k not in entry.data]
        for key in missing:
            problems.append(error("meta-missing", f"this glossary entry has no '{key}'", file, entry.line))
        if missing or len(fields) < len(entry.data):
            continue
        term = fields["term"]
        if term.lower() in seen:
            problems.append(error("meta-duplicate", f"the glossary term '{term}' is already defined "
                                  f"on line {seen[term.lower()]}; remove one", file, entry.line))
            continue
        seen[term.lower()] = entry.line
        items.append(GlossaryItem(line=entry.line, **fields))
    return tuple(items)
