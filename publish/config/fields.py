"""Validating a mapping read from YAML or TOML against a table of fields: every problem at once,
each with its file and line, and a did-you-mean for a misspelt key."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from publish.diagnostics import Diagnostic, error

# BCP 47, simplified: language, optional script, region and variants.
BCP47 = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-[a-zA-Z0-9]{5,8})*$")


@dataclass(frozen=True)
class Value:
    """A scalar or collection with the 1-based line it starts on."""

    data: Any
    line: int


FieldCheck = Callable[[Value], tuple[Any, str | None]]


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # no format can hold these


def text(v: Value) -> tuple[Any, str | None]:
    if isinstance(v.data, str) and CONTROL.search(v.data):
        return None, _control(v.data)
    if isinstance(v.data, str) and v.data.strip():
        return " ".join(v.data.split()), None
    if isinstance(v.data, (int, float)) and not isinstance(v.data, bool):
        return str(v.data), None
    return None, "must be non-empty text"


def one_line(v: Value) -> tuple[Any, str | None]:
    """Text that prints as one line on every page (a running footer's): quoted text, with no
    line break inside it. A number is refused, not turned into text: `contact: 5550142` has
    lost the hyphen a reader needs."""
    if not isinstance(v.data, str) or not v.data.strip():
        return None, 'must be one line of text, such as "Nurse line 555-0142"'
    if "\n" in v.data.strip():
        return None, (
            "must be one line (it prints at the foot of every page); write it on one line, "
            "parts separated by ' · '"
        )
    return " ".join(v.data.split()), None


def _control(data: str) -> str:
    found = CONTROL.search(data)
    code = f"U+{ord(found.group()):04X}" if found else "?"
    return f"holds an invisible control character ({code}); delete it and type the text again"


def texts(v: Value) -> tuple[Any, str | None]:
    items = v.data if isinstance(v.data, list) else [v.data]
    out = []
    for item in items:
        data = item.data if isinstance(item, Value) else item
        if not isinstance(data, str) or not data.strip():
            return None, "must be text or a list of text"
        if CONTROL.search(data):
            return None, _control(data)
        out.append(" ".join(data.split()))
    return tuple(out), None


def language(v: Value) -> tuple[Any, str | None]:
    if isinstance(v.data, str) and BCP47.match(v.data):
        return v.data, None
    return None, "must be a BCP 47 language tag such as en, en-US or fr-CA"


def date(v: Value) -> tuple[Any, str | None]:
    if isinstance(v.data, dt.datetime):
        return v.data.date(), None
    if isinstance(v.data, dt.date):
        return v.data, None
    if isinstance(v.data, str):
        return None, f"is '{v.data}', which is not a date; write a real date as YYYY-MM-DD"
    return None, "must be a date written YYYY-MM-DD"


def grade(v: Value) -> tuple[Any, str | None]:
    if isinstance(v.data, (int, float)) and not isinstance(v.data, bool) and 1 <= v.data <= 20:
        return float(v.data), None
    return None, "must be a school grade between 1 and 20, such as 8"


def choice(options: tuple[str, ...]) -> FieldCheck:
    def check(v: Value) -> tuple[Any, str | None]:
        if isinstance(v.data, str) and v.data.lower() in options:
            return v.data.lower(), None
        close = difflib.get_close_matches(str(v.data).lower(), options, n=1)
        if close:
            return None, f"is '{v.data}'; did you mean '{close[0]}'? (one of {', '.join(options)})"
        return None, "must be one of " + ", ".join(options)

    return check


def choices(
    options: Callable[[], tuple[str, ...]],
    *,
    allow_all: bool = False,
    what: str = "name",
    aliases: dict[str, str] | None = None,
    every: Callable[[], tuple[str, ...]] | None = None,
) -> FieldCheck:
    """A list of names (or one name) from `options`; 'all' for every one when allowed (in the
    order `every` gives, if it is given). `aliases` are names people reach for ('mp3'), with
    the name they mean ('audio')."""

    def check(v: Value) -> tuple[Any, str | None]:
        known = options()
        items = v.data if isinstance(v.data, list) else [v.data]
        names = [str(i.data if isinstance(i, Value) else i).strip().lower() for i in items]
        if allow_all and names == ["all"]:
            return (every or options)(), None
        bad = [n for n in names if n not in known]
        if not names:
            return None, f"must list names from {', '.join(known)}"
        if bad:
            meant = (aliases or {}).get(bad[0])
            close = [meant] if meant in known else difflib.get_close_matches(bad[0], known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"choose from {', '.join(known)}"
            return None, f"has the unknown {what} '{bad[0]}'; {hint}"
        return tuple(dict.fromkeys(names)), None

    return check


def url(v: Value) -> tuple[Any, str | None]:
    if isinstance(v.data, str) and re.match(r"^https?://\S+$", v.data):
        return v.data, None
    return None, "must be an http or https URL"


def base_url(v: Value) -> tuple[Any, str | None]:
    """An absolute http(s) address with a host, kept with one closing slash so that names
    join onto it: https://clinic.example/handouts/."""
    from urllib.parse import urlsplit

    raw = v.data.strip() if isinstance(v.data, str) else ""
    try:
        parts = urlsplit(raw)
        host = parts.hostname  # parses the host and port: "http://[::1/" is refused here
        parts.port  # noqa: B018
    except ValueError:
        parts, host = urlsplit(""), None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") and host and not re.search(r"\s", raw):
        if parts.query or parts.fragment:
            return None, "must be a folder's address, with no ?query or #fragment"
        if "@" in parts.netloc:
            return None, "must not hold a user name or password (every feed would show it)"
        address = parts._replace(scheme=scheme, netloc=parts.netloc.lower()).geturl()
        return address.rstrip("/") + "/", None
    return (
        None,
        "must be an absolute http or https address, such as https://clinic.example/handouts/",
    )


def boolean(v: Value) -> tuple[Any, str | None]:
    if isinstance(v.data, bool):
        return v.data, None
    return None, "must be true or false"


def whole(low: int, high: int | None = None) -> FieldCheck:
    def check(v: Value) -> tuple[Any, str | None]:
        ok = isinstance(v.data, int) and not isinstance(v.data, bool) and v.data >= low
        if ok and (high is None or v.data <= high):
            return v.data, None
        upper = f" and at most {high}" if high is not None else ""
        return None, f"must be a whole number of at least {low}{upper}"

    return check


def number(low: float, high: float) -> FieldCheck:
    def check(v: Value) -> tuple[Any, str | None]:
        if (
            isinstance(v.data, (int, float))
            and not isinstance(v.data, bool)
            and low <= v.data <= high
        ):
            return float(v.data), None
        return None, f"must be a number from {low:g} to {high:g}"

    return check


def path(v: Value) -> tuple[Any, str | None]:
    from pathlib import Path

    if isinstance(v.data, str) and v.data.strip():
        return Path(v.data.strip()), None
    return None, "must be a folder or file path"


def translations(v: Value) -> tuple[Any, str | None]:
    """Other-language versions of this source: a mapping of BCP 47 tag to a Markdown file
    beside it (or below it), such as {es-US: lavado-de-manos.md}."""
    hint = "must map language tags to Markdown files beside this one, such as 'es: guia.md'"
    if not isinstance(v.data, dict) or not v.data:
        return None, hint
    found: dict[str, str] = {}
    for key, item in v.data.items():
        tag = key.data if isinstance(key, Value) else key
        file = item.data if isinstance(item, Value) else item
        if not isinstance(tag, str) or not BCP47.match(tag):
            return None, f"'{tag}' is not a BCP 47 language tag; {hint}"
        if not isinstance(file, str) or not file.endswith(".md"):
            return None, f"the {tag} version '{file}' is not a .md file; {hint}"
        parts = file.replace("\\", "/").split("/")
        if file.startswith("/") or ".." in parts or ":" in file:
            return None, f"the {tag} version '{file}' is outside this folder; {hint}"
        found[tag] = file
    return found, None


def unknown_key(key: str, known: list[str], where: str) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known keys are: {', '.join(known)}"
    return f"unknown {where} key '{key}'{hint}"


def check_mapping(
    mapping: dict[str, Value],
    fields: dict[str, FieldCheck],
    where: str,
    file: str,
    problems: list[Diagnostic],
) -> dict[str, Any]:
    """The typed values of `mapping`; every unknown key and bad value goes into `problems`."""
    values: dict[str, Any] = {}
    for key, value in mapping.items():
        check = fields.get(key)
        if check is None:
            problems.append(
                error("meta-unknown-key", unknown_key(key, list(fields), where), file, value.line)
            )
            continue
        parsed, problem = check(value)
        if problem:
            problems.append(error("meta-bad-value", f"'{key}' {problem}", file, value.line))
        else:
            values[key] = parsed
    return values
