"""The text of a Word document's headers and footers, which mammoth does not read: where
clinics put the nurse line, the address and the revision code.

Every header and footer part the document's sections name (default, first-page and
even-page variants) is read; a line said in several is kept once. Page numbers and the
document's own title are what a page header repeats, and are left out. The rest is sorted:
a phone number, an e-mail or web address, a street address or the organisation's name is
contact (the front matter's `contact:`), a short line such as a revision code is the
`footer:`, and anything longer goes at the end of the text, under a heading."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from publish.imports.container import Package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_PHONE = re.compile(r"(?:\+\d[\d ().-]{6,}\d|\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b|\b\d{3}-\d{4}\b)")
_WEB = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b|\bwww\.\S+|https?://\S+", re.IGNORECASE)
_STREET = re.compile(
    r"\b\d+\s+\w+(?:\s+\w+)?\s+(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Lane|"
    r"Ln|Way|Court|Ct|Place|Pl|Suite|Calle|Avenida)\b",
    re.IGNORECASE,
)
_ORGANISATION = re.compile(
    r"\b(?:Clinic|Hospital|Health|Medical|Center|Centre|Cancer|Institute|Pharmacy|"
    r"University|Foundation|Practice|Clínica|Hospital|Centro)\b",
    re.IGNORECASE,
)
_PAGE = re.compile(
    r"^(?:page\s*)?\d*\s*(?:of\s*\d*)?$|^página\s*\d*\s*(?:de\s*\d*)?$", re.IGNORECASE
)
SHORT = 80  # a footer line longer than this is text, not a running footer


@dataclass
class Margins:
    contact: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # the parts read, for the report


def _lines(root: Any) -> list[str]:
    """Each paragraph's text, without fields (PAGE, NUMPAGES) and tabs run together."""
    lines = []
    for paragraph in root.iter(f"{{{W}}}p"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t"))
        text = " ".join(text.replace("\t", " ").split())
        if text:
            lines.append(text)
    return lines


def read_margins(package: Package, title: str, parse: Any) -> Margins:
    """The headers' and footers' lines, sorted; `parse` reads a part's XML safely."""
    found = Margins()
    rels = parse(package.text("word/_rels/document.xml.rels"))
    document = parse(package.text("word/document.xml"))
    if rels is None or document is None:
        return found
    targets = {
        rel.get("Id"): rel.get("Target") or ""
        for rel in rels.iter(f"{{{PACKAGE_RELS}}}Relationship")
    }
    seen: set[str] = set()
    for reference in (
        *document.iter(f"{{{W}}}headerReference"),
        *document.iter(f"{{{W}}}footerReference"),
    ):
        target = targets.get(reference.get(f"{{{R}}}id"), "")
        name = "word/" + target.lstrip("/").removeprefix("word/")
        root = parse(package.text(name))
        if root is None or name in found.parts:
            continue
        found.parts.append(name)
        for line in _lines(root):
            key = " ".join(line.lower().split())
            if key in seen or _PAGE.match(line) or key == " ".join(title.lower().split()):
                continue
            seen.add(key)
            if _is_contact(line):
                found.contact.append(line)
            elif len(line) <= SHORT:
                found.footer.append(line)
            else:
                found.other.append(line)
    return found


def _is_contact(line: str) -> bool:
    """A phone number, an e-mail or web address, a street address, or a short line that
    names the organisation."""
    if _PHONE.search(line) or _WEB.search(line) or _STREET.search(line):
        return True
    return bool(_ORGANISATION.search(line)) and len(line) <= SHORT
