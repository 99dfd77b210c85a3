"""Front matter for distribution: an ISBN, DOI or URN; the author's own cover; contributors with
MARC relator roles; a series and its position; subjects with a BISAC or Thema code; who
certified the book's accessibility. Each is a field check like every other, so a mistake is
reported at its line with how to fix it."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from publish.config.fields import Value

# Roles people are credited for, as MARC relator codes (id.loc.gov/vocabulary/relators).
ROLES = {
    "author": "aut",
    "editor": "edt",
    "translator": "trl",
    "illustrator": "ill",
    "narrator": "nrt",
    "photographer": "pht",
    "reviewer": "rev",
    "adapter": "adp",
    "cover designer": "cov",
    "designer": "dsr",
    "compiler": "com",
    "consultant": "csl",
    "contributor": "ctb",
}
ROLE_NAMES = {code: name for name, code in ROLES.items()}
SCHEMES = {"bisac": "BISAC", "thema": "THEMA"}
# BISAC: three letters and six digits (HEA039000). Thema: a subject code (letters, then
# digits or letters: MJCL, MBNH3) or a qualifier (a digit 1-6 first: 1KBB).
CODES = {
    "bisac": re.compile(r"^[A-Z]{3}[0-9]{6}$"),
    "thema": re.compile(r"^(?:[A-Z]{1,2}[A-Z0-9]{0,6}|[1-6][A-Z0-9-]{1,10})$"),
}
DOI = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
URN = re.compile(r"^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class Contributor:
    name: str
    role: str  # a MARC relator code: edt, trl, ill, nrt...

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)


@dataclass(frozen=True)
class Series:
    name: str
    position: float | None = None

    @property
    def number(self) -> str:
        """The position as people write it: 2, or 2.5 for a book between two."""
        if self.position is None:
            return ""
        return f"{self.position:g}"


@dataclass(frozen=True)
class Subject:
    name: str  # the words a reader sees
    scheme: str = ""  # BISAC or THEMA; "" for a free keyword
    code: str = ""


@dataclass(frozen=True)
class Certifier:
    """Who evaluated and certified the book's accessibility (EPUB Accessibility 1.1's
    a11y:certifiedBy), with their credential and the URL of their report when given."""

    name: str
    credential: str = ""  # a11y:certifierCredential
    report: str = ""  # a11y:certifierReport, an http(s) URL


def isbn13_check_digit(digits: str) -> int:
    """The check digit of the first 12 digits of an ISBN-13 (weights 1, 3, 1, 3...)."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10


def identifier(v: Value) -> tuple[Any, str | None]:
    """An ISBN-13 (hyphens and spaces allowed), a DOI or a URN, as a URN or doi: string."""
    if not isinstance(v.data, str | int) or isinstance(v.data, bool):
        return None, "must be an ISBN-13 (such as 978-0-306-40615-7), a DOI or a URN"
    text = str(v.data).strip()
    bare = re.sub(r"^(?:urn:)?isbn:?\s*", "", text, flags=re.IGNORECASE)
    digits = re.sub(r"[\s-]", "", bare)
    if digits.isdigit() or re.fullmatch(r"[\d\s-]+[Xx]?", bare):
        if len(digits) != 13 or not digits.isdigit():
            return None, (
                f"'{text}' has {len(digits)} digits; an ISBN-13 has 13 (an ISBN-10 needs "
                "978 in front and a new check digit)"
            )
        if not digits.startswith(("978", "979")):
            return None, f"'{text}' is not an ISBN-13: those start with 978 or 979"
        expected = isbn13_check_digit(digits)
        if int(digits[12]) != expected:
            return None, (
                f"'{text}' is not a valid ISBN-13: its check digit is {digits[12]}, but the "
                f"first 12 digits need {expected}; check the number with your ISBN agency"
            )
        return f"urn:isbn:{digits}", None
    found = DOI.match(text)
    if found:
        return f"doi:{found.group(1)}", None
    if URN.match(text):
        return text, None
    return None, f"'{text}' is not an ISBN-13, a DOI (10.xxxx/...) or a URN (urn:...)"


def cover(v: Value) -> tuple[Any, str | None]:
    """A JPEG or PNG file beside the source (or below it)."""
    hint = "must name a JPEG or PNG file beside this one, such as 'cover.jpg'"
    return _beside(v, (".jpg", ".jpeg", ".png"), "a .jpg or .png", hint)


def _beside(v: Value, suffixes: tuple[str, ...], what: str, hint: str) -> tuple[Any, str | None]:
    """A file name inside the source's folder, ending in one of `suffixes`."""
    if not isinstance(v.data, str) or not v.data.strip():
        return None, hint
    name = v.data.strip()
    parts = name.replace("\\", "/").split("/")
    if name.startswith("/") or ".." in parts or ":" in name:
        return None, f"'{name}' is outside this folder; {hint}"
    if not name.lower().endswith(suffixes):
        return None, f"'{name}' is not {what}; {hint}"
    return name, None


# A reader's recording (publish.parse.recording reads them): what libsndfile and ffmpeg decode.
RECORDING_SUFFIXES = (".wav", ".flac", ".mp3", ".m4a", ".ogg", ".oga", ".opus")


def recording(v: Value) -> tuple[Any, str | None]:
    """A recording of the text read aloud, beside the source (or below it)."""
    hint = "must name a WAV, FLAC, MP3, M4A or OGG file beside this one, such as 'reading.wav'"
    return _beside(v, RECORDING_SUFFIXES, "a recording", hint)


def _plain(item: Any) -> Any:
    return item.data if isinstance(item, Value) else item


def contributors(v: Value) -> tuple[Any, str | None]:
    hint = "must be a list of 'name: ...' and 'role: ...' pairs, such as '- {name: Ann Lee, role: editor}'"
    if not isinstance(v.data, list) or not v.data:
        return None, hint
    found = []
    for item in v.data:
        data = _plain(item)
        if not isinstance(data, dict):
            return None, hint
        fields = {str(_plain(k)): _plain(value) for k, value in data.items()}
        unknown = set(fields) - {"name", "role"}
        if unknown:
            return None, f"has the unknown key '{min(unknown)}'; {hint}"
        name, role = fields.get("name"), str(fields.get("role", "")).strip().lower()
        if not isinstance(name, str) or not name.strip():
            return None, f"has an entry without a name; {hint}"
        code = ROLES.get(role) or (role if role in ROLE_NAMES else None)
        if code is None:
            close = difflib.get_close_matches(role, list(ROLES), n=1)
            tip = f"did you mean '{close[0]}'?" if close else f"choose from {', '.join(ROLES)}"
            return None, f"gives {name} the role '{role}'; {tip}"
        found.append(Contributor(" ".join(name.split()), code))
    return tuple(found), None


def series(v: Value) -> tuple[Any, str | None]:
    hint = "must be a series name, or 'name: ...' and 'position: 2'"
    data = _plain(v.data)
    if isinstance(data, str) and data.strip():
        return Series(" ".join(data.split())), None
    if not isinstance(data, dict):
        return None, hint
    fields = {str(_plain(k)): _plain(value) for k, value in data.items()}
    if set(fields) - {"name", "position"} or not isinstance(fields.get("name"), str):
        return None, hint
    position = fields.get("position")
    if position is not None and (
        isinstance(position, bool) or not isinstance(position, int | float) or position < 0
    ):
        return None, "'position' must be a number such as 2 (its place in the series)"
    return Series(
        " ".join(fields["name"].split()), float(position) if position is not None else None
    ), None


def subjects(v: Value) -> tuple[Any, str | None]:
    hint = (
        "must be a list of subjects: words, or 'code: HEA039000' with 'scheme: bisac' "
        "(or thema) and the subject's 'name'"
    )
    items = v.data if isinstance(v.data, list) else [v.data]
    found = []
    for item in items:
        data = _plain(item)
        if isinstance(data, str) and data.strip():
            found.append(Subject(" ".join(data.split())))
            continue
        if not isinstance(data, dict):
            return None, hint
        fields = {str(_plain(k)): _plain(value) for k, value in data.items()}
        if set(fields) - {"code", "scheme", "name"}:
            return None, hint
        scheme = str(fields.get("scheme", "")).strip().lower()
        code = str(fields.get("code", "")).strip().upper()
        if scheme not in CODES:
            return None, f"the subject '{code}' needs 'scheme: bisac' or 'scheme: thema'"
        if not CODES[scheme].match(code):
            example = "HEA039000" if scheme == "bisac" else "MJCL or 1KBB"
            return None, f"'{code}' is not a {SCHEMES[scheme]} code (such as {example})"
        name = fields.get("name")
        found.append(Subject(" ".join(str(name or code).split()), SCHEMES[scheme], code))
    return tuple(found), None


def certifier(v: Value) -> tuple[Any, str | None]:
    """A certifier's name, or 'name: ...' with an optional 'credential: ...' and 'report: URL'."""
    hint = (
        "must name who certified the book's accessibility, or give 'name: ...' with an "
        "optional 'credential: ...' and 'report: https://...'"
    )
    data = _plain(v.data)
    if isinstance(data, str) and data.strip():
        return Certifier(" ".join(data.split())), None
    if not isinstance(data, dict):
        return None, hint
    fields = {str(_plain(k)): _plain(value) for k, value in data.items()}
    unknown = set(fields) - {"name", "credential", "report"}
    if unknown:
        return None, f"has the unknown key '{min(unknown)}'; {hint}"
    if any(not isinstance(value, str) or not value.strip() for value in fields.values()):
        return None, f"has an empty or non-text value; {hint}"
    if "name" not in fields:
        return None, f"has no 'name'; {hint}"
    report = fields.get("report", "").strip()
    if report and not re.match(r"^https?://\S+$", report):
        return None, f"'report' must be an http or https URL, not '{report}'"
    return Certifier(
        " ".join(fields["name"].split()), " ".join(fields.get("credential", "").split()), report
    ), None
