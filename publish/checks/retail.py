"""Ready for retailers and libraries: the rules e-book retailers, library platforms and
aggregators usually apply to an EPUB, each checked on the built file and named as a rule
("cover long side ≥ 1600 px"), never as a promise about any one retailer."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publish.checks import CheckResult, Status, Subject, skipped
from publish.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    import zipfile

MAX_EPUB = 650 * 1024 * 1024  # bytes; the smallest common upload limit for an EPUB
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
_REMOTE = re.compile(
    r"""(?:\bsrc\s*=\s*["']|<link[^>]+href\s*=\s*["']|url\(\s*["']?|@import\s+["'])\s*(https?:)?//""",
    re.IGNORECASE,
)
COVER_FIX = (
    "give 'cover:' in the front matter an RGB JPEG or PNG at least 1600 px on its long "
    "side, about 1.6 times as high as wide"
)
RESTRICTED = 0x0002  # OS/2 fsType: Restricted License embedding


@dataclass(frozen=True)
class Rule:
    name: str
    passed: bool
    found: str
    severity: Severity = Severity.WARNING  # ERROR: the file would be refused outright
    groups: tuple[str, ...] = ("e-book retailers", "library platforms")
    fix: str = ""  # what to do when it fails


def _package(book: zipfile.ZipFile) -> tuple[str, Any]:
    from lxml import etree

    container = etree.fromstring(book.read("META-INF/container.xml"))
    path = container.find(".//{*}rootfile").get("full-path")
    return path, etree.fromstring(book.read(path))


def _identifier_rules(opf: Any) -> list[Rule]:
    from publish.config.distribution import isbn13_check_digit

    unique = opf.get("unique-identifier")
    node = next((n for n in opf.iter(f"{DC}identifier") if n.get("id") == unique), None)
    value = (node.text or "").strip() if node is not None else ""
    rules = [
        Rule(
            "an ISBN, DOI or URN identifies the book (not only a generated UUID)",
            bool(value) and not value.startswith("urn:uuid:"),
            value or "none",
            fix="add 'identifier:' to the front matter with the book's ISBN-13, DOI or URN",
        )
    ]
    if value.startswith("urn:isbn:"):
        digits = value[9:]
        valid = (
            len(digits) == 13 and digits.isdigit() and int(digits[12]) == isbn13_check_digit(digits)
        )
        rules.append(
            Rule(
                "the ISBN-13's check digit is right",
                valid,
                digits,
                Severity.ERROR,
                fix="check the number with your ISBN agency",
            )
        )
    return rules


def _cover_rules(book: zipfile.ZipFile, base: str, opf: Any) -> list[Rule]:
    from publish.parse.cover import CoverFacts

    item = next(
        (i for i in opf.iter(f"{OPF}item") if "cover-image" in (i.get("properties") or "")), None
    )
    if item is None:
        return [Rule("the book has a cover image", False, "none", Severity.ERROR, fix=COVER_FIX)]
    from PIL import Image

    data = book.read(str(Path(base).parent / item.get("href")).lstrip("./"))
    with Image.open(io.BytesIO(data)) as picture:
        facts = CoverFacts(str(picture.format), picture.mode, *picture.size)
    return [Rule("the book has a cover image", True, item.get("href"))] + [
        Rule(name, passed, found, fix=COVER_FIX) for name, passed, found in facts.rules
    ]


def _remote_rule(book: zipfile.ZipFile, opf: Any) -> Rule:
    found = [
        i.get("href")
        for i in opf.iter(f"{OPF}item")
        if re.match(r"https?:", i.get("href") or "")
        or "remote-resources" in (i.get("properties") or "")
    ]
    for name in book.namelist():
        if name.endswith((".xhtml", ".html", ".css", ".smil", ".svg")):
            text = book.read(name).decode("utf-8", "replace")
            if _REMOTE.search(text):
                found.append(name)
    return Rule(
        "no remote resources (every image, style, font and sound is in the file)",
        not found,
        ", ".join(found[:3]) or "none",
        Severity.ERROR,
        fix="put each file beside the source and refer to it there",
    )


def _font_rules(book: zipfile.ZipFile) -> list[Rule]:
    from fontTools.ttLib import TTFont, TTLibError

    fonts = [n for n in book.namelist() if n.lower().endswith((".ttf", ".otf", ".woff", ".woff2"))]
    restricted = []
    for name in fonts:
        try:
            font = TTFont(io.BytesIO(book.read(name)), lazy=True)
            fs_type = int(font["OS/2"].fsType) if "OS/2" in font else 0
        except (TTLibError, KeyError, ValueError):
            restricted.append(f"{name} (unreadable)")
            continue
        if fs_type & RESTRICTED:
            restricted.append(name)
    found = f"{len(fonts)} font(s) in the file" if fonts else "no fonts: the reader's own are used"
    return [
        Rule(
            "every font's licence allows embedding (OS/2 fsType not 'restricted')",
            not restricted,
            ", ".join(restricted) or found,
            Severity.ERROR,
            fix="use a font whose licence allows embedding",
        )
    ]


def rules(path: Path) -> list[Rule]:
    import zipfile  # on use: see Check.quick

    with zipfile.ZipFile(path) as book:
        base, opf = _package(book)
        found = _identifier_rules(opf) + _cover_rules(book, base, opf)
        found.append(_remote_rule(book, opf))
        found += _font_rules(book)
        accessible = any(
            (m.get("property") or "") == "schema:accessMode" for m in opf.iter(f"{OPF}meta")
        )
        found.append(
            Rule(
                "accessibility metadata (EPUB Accessibility 1.1) is present",
                accessible,
                "schema:accessMode" if accessible else "none",
                groups=("library platforms",),
                fix="build the EPUB with publish again: it writes this metadata",
            )
        )
    size = path.stat().st_size
    found.append(
        Rule(
            f"the EPUB is at most {MAX_EPUB // (1024 * 1024)} MB",
            size <= MAX_EPUB,
            f"{size / (1024 * 1024):.1f} MB",
            Severity.ERROR,
            fix="make the pictures smaller, or split the book",
        )
    )
    return found


def retail_check(subject: Subject) -> CheckResult:
    path = subject.folder / subject.names.epub
    if not path.is_file():
        return skipped("retail", "Retail and library readiness", "no EPUB was built")
    checked = rules(path)
    findings: list[Diagnostic] = [
        subject.locate(
            "retail-rule",
            f"the EPUB does not meet the rule '{r.name}' ({r.found})"
            + (f"; {r.fix}" if r.fix else ""),
            r.severity,
        )
        for r in checked
        if not r.passed
    ]
    groups = sorted({g for r in checked for g in r.groups})
    platforms = {g: all(r.passed for r in checked if g in r.groups) for g in groups}
    result = CheckResult.from_findings(
        "retail",
        "Retail and library readiness",
        findings,
        f"all {len(checked)} rules pass: " + ", ".join(f"{g}' usual rules" for g in groups),
        {
            "rules": [
                {"rule": r.name, "passed": r.passed, "found": r.found, "groups": list(r.groups)}
                for r in checked
            ],
            "platforms": platforms,
        },
    )
    if result.status is not Status.PASS:
        passing = [g for g, ok in platforms.items() if ok]
        result.summary += (
            f"; usual rules met for: {', '.join(passing)}"
            if passing
            else "; no platform's usual rules are met"
        )
    return result


class RetailCheck:
    name = "retail"
    title = "Retail and library readiness"
    quick = False

    def run(self, subject: Subject) -> CheckResult:
        return retail_check(subject)
