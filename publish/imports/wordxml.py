"""What mammoth does not read from a Word document: the core properties, the document's
language and the language of each run (`w:lang`), and the things Markdown cannot hold
(comments, tracked changes, text boxes, SmartArt, charts, equations, embedded objects),
each reported at its paragraph with the paragraph's words."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from publish.imports.boxes import mark_boxes
from publish.imports.container import Package
from publish.imports.numbering import Numbering, mark_numbers
from publish.strings import MONTHS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "o": "urn:schemas-microsoft-com:office:office",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
# Around the text of runs in another language; the Markdown writer turns them into
# [text]{lang=xx}. Private-use characters, which no document contains.
LANG_OPEN, LANG_TAG_END, LANG_CLOSE = "\ue000", "\ue001", "\ue002"
GRAPHICS = {
    "http://schemas.openxmlformats.org/drawingml/2006/diagram": (
        "smartart",
        "SmartArt was not imported; write its text as a list, or add a picture of it with alt text",
    ),
    "http://schemas.openxmlformats.org/drawingml/2006/chart": (
        "chart",
        "a chart was not imported; add a picture of it with alt text, and its numbers as a table",
    ),
}


@dataclass
class Note:
    """One thing the import reports: where (paragraph number, quoted), and what happened."""

    code: str
    paragraph: int
    quote: str
    message: str
    severity: str = "warning"


@dataclass
class Analysis:
    document: bytes  # document.xml with the language markers
    notes: list[Note] = field(default_factory=list)
    foreign: int = 0  # runs of text in another language, marked
    # style ID -> where it is used: (paragraph number, its words quoted)
    styles: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    dates: list[dt.date] = field(default_factory=list)  # dates written in the text
    boxes: dict[int, str] = field(default_factory=dict)  # boxes marked as callouts: their kind


def _text(node: Any) -> str:
    return "".join(node.itertext()).strip()


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _xml(data: bytes | None) -> Any:
    from lxml import etree

    if data is None:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


parse_part = _xml  # a part's XML, parsed safely (no entities, no network); None if absent


def core_properties(package: Package) -> dict[str, Any]:
    root = _xml(package.text("docProps/core.xml"))
    if root is None:
        return {}
    found: dict[str, Any] = {}
    for key, path in (
        ("title", "dc:title"),
        ("subject", "dc:subject"),
        ("creator", "dc:creator"),
        ("keywords", "cp:keywords"),
        ("description", "dc:description"),
        ("language", "dc:language"),
        ("created", "dcterms:created"),
        ("modified", "dcterms:modified"),
    ):
        node = root.find(path, NS)
        if node is not None and (node.text or "").strip():
            found[key] = " ".join(node.text.split())
    for key in ("created", "modified"):
        if key in found:
            try:
                found[key] = dt.date.fromisoformat(found[key][:10])
            except ValueError:
                del found[key]
    return found


def document_language(package: Package) -> str:
    """The language Word writes new text in: the default run properties' w:lang."""
    styles = _xml(package.text("word/styles.xml"))
    if styles is not None:
        node = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
        if node is not None and node.get(f"{{{W}}}val"):
            return str(node.get(f"{{{W}}}val"))
    settings = _xml(package.text("word/settings.xml"))
    if settings is not None:
        node = settings.find("w:themeFontLang", NS)
        if node is not None and node.get(f"{{{W}}}val"):
            return str(node.get(f"{{{W}}}val"))
    return ""


def _comments(package: Package) -> dict[str, tuple[str, str]]:
    root = _xml(package.text("word/comments.xml"))
    if root is None:
        return {}
    return {
        str(c.get(f"{{{W}}}id")): (str(c.get(f"{{{W}}}author") or "someone"), _text(c))
        for c in root.findall("w:comment", NS)
    }


def analyse(package: Package, language: str) -> Analysis:
    """Mark the runs in a language other than `language`, and note what will not come through."""
    from lxml import etree

    root = _xml(package.text("word/document.xml"))
    analysis = Analysis(b"")
    comments = _comments(package)
    primary = language.split("-")[0].lower()
    for number, paragraph in enumerate(root.iter(f"{{{W}}}p"), 1):
        quote = _short(_own_text(paragraph))

        def note(code: str, message: str, *, n: int = number, q: str = quote) -> None:
            analysis.notes.append(Note(code, n, q, message))

        for ref in paragraph.findall(".//w:commentReference", NS):
            author, said = comments.get(str(ref.get(f"{{{W}}}id")), ("someone", ""))
            note(
                "comment",
                f'a comment by {author} ("{_short(said)}") was not imported; act on it in '
                "Word, or write it into the text",
            )
        inserted = " ".join(_text(n) for n in paragraph.findall(".//w:ins", NS) if _text(n))
        deleted = " ".join("".join(n.itertext()).strip() for n in paragraph.findall(".//w:del", NS))
        if inserted or deleted:
            parts = [f'inserted "{_short(inserted, 40)}"'] if inserted else []
            parts += [f'deleted "{_short(deleted, 40)}"'] if deleted else []
            note(
                "tracked-change",
                f"a tracked change was taken as accepted ({', '.join(parts)}); check the "
                "wording is final",
            )
        boxes = set()  # Word writes a text box twice: as drawing and as its VML fallback
        for box in paragraph.findall(".//w:txbxContent", NS):
            if box.getparent() is not None and _text(box) and _text(box) not in boxes:
                boxes.add(_text(box))
                note(
                    "text-box",
                    f'the text box "{_short(_text(box), 50)}" became ordinary paragraphs '
                    "after this one; move it where it belongs",
                )
        for graphic in paragraph.findall(".//a:graphicData", NS):
            kind = GRAPHICS.get(str(graphic.get("uri")))
            if kind is not None:
                note(*kind)
        for equation in paragraph.findall(".//m:oMath", NS):
            note(
                "equation",
                f'the equation "{_short(_text(equation), 50)}" was not imported; write it '
                "in words or as plain text",
            )
        if paragraph.findall(".//w:object", NS) or paragraph.findall(".//o:OLEObject", NS):
            note(
                "embedded-object",
                "an embedded object (a spreadsheet, a file or another program's content) was "
                "not imported; add what it shows as text, a table or a picture with alt text",
            )
        analysis.foreign += _mark_languages(paragraph, primary)
        used = {
            str(n.get(f"{{{W}}}val")) for n in paragraph.iter(f"{{{W}}}pStyle", f"{{{W}}}rStyle")
        }
        for style in used:
            analysis.styles.setdefault(style, []).append((number, quote))
        analysis.dates += content_dates(_own_text(paragraph))
    numbers = {p: n for n, p in enumerate(root.iter(f"{{{W}}}p"), 1)}  # keeps the proxies
    contents = _drop_contents(root, _style_names(package))
    if contents:
        analysis.notes.append(
            Note(
                "toc",
                contents[0],
                "",
                f"Word's table of contents ({len(contents)} paragraph(s), with the page numbers "
                "of its last update) was left out; publish makes its own from the headings",
            )
        )
    numbering = Numbering.read(
        _xml(package.text("word/numbering.xml")), _xml(package.text("word/styles.xml"))
    )
    mark_numbers(root, numbering)
    drawn = mark_boxes(root, _xml(package.text("word/styles.xml")))
    analysis.boxes = drawn.boxes
    for paragraph, message in drawn.left:
        quote = _short(_own_text(paragraph))
        analysis.notes.append(Note("box", numbers.get(paragraph, 0), quote, message))
    analysis.document = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    return analysis


# Paragraph styles of a table of contents: Word's, and LibreOffice's.
_CONTENTS = re.compile(r"(toc|contents) ?(\d+|heading)", re.IGNORECASE)
_CONTENTS_GALLERY = "Table of Contents"


def _style_names(package: Package) -> dict[str, str]:
    styles = _xml(package.text("word/styles.xml"))
    if styles is None:
        return {}
    return {
        str(style.get(f"{{{W}}}styleId")): str(name.get(f"{{{W}}}val") or "")
        for style in styles.findall("w:style", NS)
        if (name := style.find("w:name", NS)) is not None
    }


def _drop_contents(root: Any, names: dict[str, str]) -> list[int]:
    """Take out Word's table of contents (its content control, and paragraphs in a contents
    style); the numbers of the paragraphs it had."""
    numbers = {p: n for n, p in enumerate(root.iter(f"{{{W}}}p"), 1)}  # keeps the proxies
    dropped: list[int] = []
    for control in list(root.iter(f"{{{W}}}sdt")):
        gallery = control.find("w:sdtPr/w:docPartObj/w:docPartGallery", NS)
        if gallery is not None and gallery.get(f"{{{W}}}val") == _CONTENTS_GALLERY:
            dropped += [numbers.get(p, 0) for p in control.iter(f"{{{W}}}p")]
            control.getparent().remove(control)
    for paragraph in list(root.iter(f"{{{W}}}p")):
        style = paragraph.find("w:pPr/w:pStyle", NS)
        name = names.get(str(style.get(f"{{{W}}}val")), "") if style is not None else ""
        if name and _CONTENTS.fullmatch(name.strip()):
            dropped.append(numbers.get(paragraph, 0))
            paragraph.getparent().remove(paragraph)
    return sorted(dropped)


_MONTHS = [m.lower() for m in MONTHS["en"]]
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WRITTEN_DATE = re.compile(
    r"\b(" + "|".join(m.capitalize() for m in _MONTHS) + r")\s+(\d{1,2}),?\s+(\d{4})\b"
)


def content_dates(text: str) -> list[dt.date]:
    """The dates written in `text` (2024-03-01, March 1, 2024)."""
    found = []
    for match in _ISO_DATE.finditer(text):
        with contextlib.suppress(ValueError):
            found.append(dt.date(int(match[1]), int(match[2]), int(match[3])))
    for match in _WRITTEN_DATE.finditer(text):
        with contextlib.suppress(ValueError):
            found.append(dt.date(int(match[3]), _MONTHS.index(match[1].lower()) + 1, int(match[2])))
    return found


def _own_text(paragraph: Any) -> str:
    """The paragraph's words as Word shows them: not deleted text, not a text box's."""
    box = f"{{{W}}}txbxContent"
    return "".join(
        t.text or ""
        for t in paragraph.iter(f"{{{W}}}t")
        if not any(a.tag == box for a in t.iterancestors())
    )


def _run_language(run: Any) -> str:
    node = run.find("w:rPr/w:lang", NS)
    return str(node.get(f"{{{W}}}val") or "") if node is not None else ""


def _mark_languages(paragraph: Any, primary: str) -> int:
    """Wrap each stretch of runs in another language (same parent, side by side) in the
    markers; the number of stretches marked."""
    marked = 0
    for parent in {run.getparent() for run in paragraph.iter(f"{{{W}}}r")}:
        runs = [child for child in parent if child.tag == f"{{{W}}}r"]
        group: list[Any] = []
        tag = ""
        for run in [*runs, None]:
            lang = _run_language(run) if run is not None else ""
            texts = run.findall("w:t", NS) if run is not None else []
            foreign = bool(lang) and lang.split("-")[0].lower() != primary and bool(texts)
            if foreign and (not group or lang == tag):
                group.append(run)
                tag = lang
                continue
            if group:
                first = group[0].findall("w:t", NS)[0]
                last = group[-1].findall("w:t", NS)[-1]
                first.text = f"{LANG_OPEN}{tag}{LANG_TAG_END}{first.text or ''}"
                last.text = f"{last.text or ''}{LANG_CLOSE}"
                marked += 1
                group, tag = [], ""
            if foreign:
                group, tag = [run], lang
    return marked
