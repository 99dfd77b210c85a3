"""Front matter as typed data. Validation collects every error, then fails once."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from publish.config.checks import check_values
from publish.config.distribution import (
    Certifier,
    Contributor,
    Series,
    Subject,
    certifier,
    contributors,
    cover,
    identifier,
    recording,
    series,
    subjects,
)
from publish.config.fields import (
    FieldCheck,
    Value,
    check_mapping,
    choice,
    date,
    grade,
    language,
    number,
    one_line,
    text,
    texts,
    translations,
    url,
    whole,
)
from publish.config.pemat import pemat_answers
from publish.config.review import review_problems
from publish.diagnostics import Diagnostic, error
from publish.editions import EDITIONS, PAPERS

AUDIENCES = ("patients", "caregivers", "general", "professionals", "children")


@dataclass(frozen=True)
class GlossaryEntry:
    """A glossary term. The front matter gives it without an ID; the parser mints the ID."""

    kind: ClassVar[str] = "glossary-entry"
    id: str
    line: int
    term: str
    definition: str
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
    paper: str = ""  # "" when the front matter does not say (BuildOptions.resolved decides)
    edition: str = ""
    fit: int = 0  # pages the standard print edition must fit on (0: as many as it takes)
    speech_rate: float | None = None  # the narration's pace; None: BuildOptions.resolved
    certified_by: Certifier | None = None  # who certified the book's accessibility, if anyone
    identifier: str = ""  # urn:isbn:978..., doi:10..., or a urn; "" for the generated UUID only
    cover: str = ""  # the author's cover image, beside the source; "" for the generated one
    narration: str = ""  # a reader's recording, beside the source; "" to narrate with a voice
    contributors: tuple[Contributor, ...] = ()
    series: Series | None = None
    subjects: tuple[Subject, ...] = ()
    # other-language versions: tag -> a Markdown file beside this one
    translations: dict[str, str] = field(default_factory=dict, hash=False)
    checks: dict[str, Any] = field(default_factory=dict, hash=False)
    glossary: tuple[GlossaryEntry, ...] = field(default=(), repr=False)
    # printed on every page and read once at the end (the model's Closing); "" for none
    contact: str = ""  # who to call or visit: "Nurse line 555-0142 · 12 Elm St"
    footer: str = ""  # the rest of the footer line: "Rev. 2024-03 · PT-112"
    # the review record (issue 31): printed with the closing block, checked by `review`
    reviewed: dt.date | None = None
    reviewed_by: str = ""
    review_due: dt.date | None = None
    sources: tuple[str, ...] = ()  # references, each text that may hold a URL
    # a reviewer's PEMAT-P answers, item ID -> yes/no/na (publish.config.pemat)
    pemat: dict[str, str] = field(default_factory=dict, hash=False)

    @property
    def running_title(self) -> str:
        return self.short_title or self.title


FIELDS: dict[str, FieldCheck] = {
    "title": text,
    "short_title": text,
    "description": text,
    "language": language,
    "authors": texts,
    "publisher": text,
    "date": date,
    "keywords": texts,
    "license": text,
    "audience": choice(AUDIENCES),
    "reading_grade": grade,
    "url": url,
    "paper": choice(tuple(PAPERS)),
    "edition": choice(tuple(EDITIONS)),
    "fit": whole(1, 20),
    "speech_rate": number(0.5, 2.0),
    "certified_by": certifier,
    "translations": translations,
    "identifier": identifier,
    "cover": cover,
    "narration": recording,
    "contributors": contributors,
    "series": series,
    "subjects": subjects,
    "contact": one_line,
    "footer": one_line,
    "reviewed": date,
    "reviewed_by": text,
    "review_due": date,
    "sources": texts,
}
NESTED = ("checks", "glossary", "pemat")  # validated by their own tables
REQUIRED = ("title", "language")
GLOSSARY_FIELDS: dict[str, FieldCheck] = {
    "term": text,
    "definition": text,
    "expansion": text,
    "say": text,
    "ipa": text,
    "forms": texts,
}


def metadata_from(
    mapping: dict[str, Value], file: str, start_line: int, kind: str = "front matter"
) -> tuple[Metadata | None, list[Diagnostic]]:
    """Validate the front matter mapping (or a book file's: `kind`). Returns every problem
    found, not just the first."""
    from publish.config.schema import FRONT_MATTER, misplaced

    problems: list[Diagnostic] = []
    nested = {key: mapping.pop(key) for key in NESTED if key in mapping}
    for key in [k for k in mapping if k not in FIELDS]:
        wrong_place = misplaced(key, FRONT_MATTER)  # a build setting, such as `out`
        if wrong_place:
            problems.append(error("meta-misplaced", wrong_place, file, mapping.pop(key).line))
    values = check_mapping(
        mapping, FIELDS | dict.fromkeys(NESTED, text), kind.replace(" ", "-"), file, problems
    )
    for key in REQUIRED:
        if key not in mapping:
            problems.append(
                error(
                    "meta-missing",
                    f"the {kind} has no '{key}'; add a line '{key}: ...'",
                    file,
                    start_line,
                )
            )
    if "checks" in nested:
        values["checks"] = check_values(nested["checks"], file, problems)
    glossary = _glossary(nested["glossary"], file, problems) if "glossary" in nested else ()
    if "pemat" in nested:
        values["pemat"] = pemat_answers(nested["pemat"], file, problems)
    problems += review_problems(mapping, values, file)
    if problems:
        return None, problems
    return Metadata(glossary=glossary, **values), []


# What an `ipa:` may hold: IPA letters and their marks, stress, length, tie bars, spaces.
_IPA = re.compile(r"^[\s\w\u0250-\u02FF\u0300-\u036F\u1D00-\u1DBF.ˈˌːˑ‿͡|-]+$")


def _unsayable(fields: dict[str, Any]) -> str:
    """Why a glossary entry's `say:` or `ipa:` cannot be spoken, or ""."""
    term = fields["term"]
    say = fields.get("say", "")
    if say and not any(c.isalpha() for c in say):
        return (
            f"the glossary entry '{term}' has a `say:` with no letters ('{say}'), which no "
            "voice can speak; spell how it sounds, such as 'say: car tee'"
        )
    ipa = fields.get("ipa", "")
    if ipa and (not _IPA.match(ipa) or any(c.isdigit() for c in ipa)):
        return (
            f"the glossary entry '{term}' has an `ipa:` that is not IPA ('{ipa}'); write its "
            "sounds in IPA letters, such as 'ipa: kɑːr tiː', or use `say:` instead"  # noqa: RUF001
        )
    return ""


def _glossary(value: Value, file: str, problems: list[Diagnostic]) -> tuple[GlossaryEntry, ...]:
    if not isinstance(value.data, list):
        problems.append(
            error(
                "meta-bad-value",
                "'glossary' must be a list of entries with 'term' and 'definition'",
                file,
                value.line,
            )
        )
        return ()
    items = []
    seen: dict[str, int] = {}
    for entry in value.data:
        if not isinstance(entry.data, dict):
            problems.append(
                error(
                    "meta-bad-value",
                    "each glossary entry must be a mapping with 'term' and 'definition'",
                    file,
                    entry.line,
                )
            )
            continue
        fields = check_mapping(entry.data, GLOSSARY_FIELDS, "glossary", file, problems)
        missing = [k for k in ("term", "definition") if k not in entry.data]
        for key in missing:
            problems.append(
                error("meta-missing", f"this glossary entry has no '{key}'", file, entry.line)
            )
        if missing or len(fields) < len(entry.data):
            continue
        term = fields["term"]
        if term.lower() in seen:
            problems.append(
                error(
                    "meta-duplicate",
                    f"the glossary term '{term}' is already defined "
                    f"on line {seen[term.lower()]}; remove one",
                    file,
                    entry.line,
                )
            )
            continue
        seen[term.lower()] = entry.line
        unsayable = _unsayable(fields)
        if unsayable:
            problems.append(error("meta-unsayable", unsayable, file, entry.line))
            continue
        items.append(GlossaryEntry(id="", line=entry.line, **fields))
    return tuple(items)
