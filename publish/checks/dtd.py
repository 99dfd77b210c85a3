"""Validity against a DTD, offline: xmllint (Debian's libxml2-utils) with the W3C DTDs of
Debian's w3c-sgml-lib, found by their public identifiers through the system XML catalog
(/etc/xml/catalog). One xmllint process validates every file; `--nonet` keeps it offline."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from publish.checks import xml_parser

XHTML1 = {
    "-//W3C//DTD XHTML 1.0 Transitional//EN": "XHTML 1.0 Transitional",
    "-//W3C//DTD XHTML 1.0 Strict//EN": "XHTML 1.0 Strict",
}
SMIL1 = {"-//W3C//DTD SMIL 1.0//EN": "SMIL 1.0"}
PACKAGES = "libxml2-utils and w3c-sgml-lib"
TIMEOUT_SECONDS = 300
# "content.html:16: element section: validity error : No declaration for element section"
_MESSAGE = re.compile(
    r"^(?P<file>[^:\s][^:]*):(?P<line>\d+): (?:[a-z]+ [^:]*: )?"
    r"(?P<kind>validity error|parser error|namespace error|error) : (?P<text>.*)$"
)
# "I/O error : Attempt to load network entity http://..." or "failed to load external entity"
_UNREAD = re.compile(r'(?:network entity |external entity ")(?P<url>[^"\s]+)')


@dataclass(frozen=True)
class Invalid:
    """One way a file breaks its DTD: the file's name in its folder, the line, what is wrong."""

    file: str
    line: int
    message: str


def xmllint() -> str:
    from publish.installed import program

    return program("xmllint", PACKAGES, "validating the DAISY book against its DTDs")


def doctype(path: Path) -> str | None:
    """The public identifier of the file's DOCTYPE ("" for none); None if it is not XML."""
    from lxml import etree

    try:
        tree = etree.parse(str(path), xml_parser())
    except (etree.XMLSyntaxError, OSError):
        return None
    return tree.docinfo.public_id or ""


def validate(folder: Path, expected: dict[str, dict[str, str]]) -> list[Invalid]:
    """What is wrong with each file of `folder` named in `expected`, whose DOCTYPE must be one
    of its public identifiers (mapped to a name for messages), checked against that DTD."""
    found: list[Invalid] = []
    declared: dict[str, str] = {}  # the files whose DOCTYPE is allowed: its DTD's name
    for name, allowed in expected.items():
        public = doctype(folder / name)
        if public in allowed:
            declared[name] = allowed[public]
        elif public is not None:
            says = f"declares the DOCTYPE '{public}'" if public else "has no DOCTYPE"
            found.append(
                Invalid(name, 1, f"{says}; DAISY 2.02 needs {' or '.join(allowed.values())}")
            )
    if not expected:
        return found
    try:
        done = subprocess.run(
            [xmllint(), "--noout", "--valid", "--nonet", *expected],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        first = next(iter(expected))
        return [*found, Invalid(first, 1, f"xmllint took over {TIMEOUT_SECONDS} s; not checked")]
    unread: dict[str, str] = {}  # a DTD xmllint could not read: the first file that names it
    for line in done.stderr.splitlines():
        message = _MESSAGE.match(line)
        missing = _UNREAD.search(line)
        if missing:
            file = line.split(":", 1)[0]
            if file in declared:
                unread.setdefault(missing.group("url"), file)
            continue
        if message is None or message.group("file") not in expected:
            continue  # the quoted source line and the caret under it
        name, text = message.group("file"), message.group("text").strip()
        if text.startswith("Validation failed: no DTD found"):
            continue  # said above: no DOCTYPE, another DTD, or one that cannot be read
        if message.group("kind") == "parser error":
            what = f"is not well-formed XML: {text}"
        else:
            what = f"breaks the {declared.get(name, 'declared')} DTD: {text}"
        found.append(Invalid(name, int(message.group("line")), what))
    found += [
        Invalid(
            file,
            1,
            f"its DTD {url} cannot be read offline; install the Debian package w3c-sgml-lib, "
            "whose XML catalog has the XHTML 1.0 and SMIL 1.0 DTDs",
        )
        for url, file in unread.items()
    ]
    return sorted(found, key=lambda f: (f.file, f.line))
