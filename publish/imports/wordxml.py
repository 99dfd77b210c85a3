"""What mammoth does not read from a Word document: the core properties, the document's
language and the language of each run (`w:lang`), and the things Markdown cannot hold
(comments, tracked changes, text boxes, SmartArt, charts, equations, embedded objects),
each reported at its paragraph with the paragraph's words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from publish.imports.container import Package
from publish.imports.numbering import Numbering, mark_numbers

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
    ):
        node = root.find(path, NS)
        if node is not None and (node.text or "").strip():
            found[key] = " ".join(node.text.split())
    if "created" in found:
        try:
            found["created"] = dt.date.fromisoformat(found["created"][:10])
        except ValueError:
            del found["created"]
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
        for box in paragraph.findall(".//w:txbxContent", NS):
            if box.getparent() is not None and _text(box):
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
    numbering = Numbering.read(
        _xml(package.text("word/numbering.xml")), _xml(package.text("word/styles.xml"))
    )
    mark_numbers(root, numbering)
    analysis.document = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    return analysis


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
