"""Each built format read back from its files, sentence by sentence, as written text.

The page, the e-book and the DAISY text carry the model's sentence IDs, so each sentence is
found by its ID; a step number is the one the list shows (`<ol start>`, `<li value>`).
The narration's timing map holds what the voice was given for each sentence, turned back
into written form. The PDF's text layer has no IDs: each sentence is found in it by
aligning words in reading order, within a bounded window, so the work stays linear.
A file that cannot be read raises `UnreadableError`, naming it.
"""

from __future__ import annotations

import difflib
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish.checks import xml_parser
from publish.model.nodes import list_label


class UnreadableError(Exception):
    """A built file that cannot be read back: truncated, not what its name says, broken."""


@dataclass
class Carried:
    """What one file says, sentence by sentence, in written form."""

    format: str  # as an author names it: "the page", "the PDF"...
    file: str  # the file's name in the article's folder
    texts: dict[str, str] = field(default_factory=dict)
    spoken: dict[str, str] = field(default_factory=dict)  # the narration's words, if any


# ---------------------------------------------------------------- markup (page, EPUB, DAISY)


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: Any) -> str:
    """The element's text as a reader sees it: note references left out."""
    parts: list[str] = []

    def visit(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            classes = (child.get("class") or "").split()
            if "noteref" in classes or child.get("role") == "doc-noteref":
                pass
            elif isinstance(child.tag, str):
                visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(element)
    return " ".join("".join(parts).split())


def _step(element: Any) -> str | None:
    """The number the list shows before this sentence, if it opens an ordered list item."""
    item = element.getparent()
    while item is not None and _local(item.tag) != "li":
        item = item.getparent()
    if item is None:
        return None
    listing = item.getparent()
    if listing is None or _local(listing.tag) != "ol":
        return None
    first = next(
        (e for e in item.iter() if e.get("id") and "s" in (e.get("class") or "").split()), None
    )
    if first is not None and first is not element:
        return None
    number = int(listing.get("start") or 1)
    for sibling in listing:
        if _local(sibling.tag) != "li":
            continue
        if sibling.get("value", "").strip().lstrip("-").isdigit():
            number = int(sibling.get("value"))
        if sibling is item:
            return list_label(number, listing.get("type") or "1")
        number += 1
    return None


def from_markup(root: Any, ids: Iterable[str], steps: dict[str, str], into: Carried) -> None:
    """The text of each sentence ID found in a parsed page or content document."""
    wanted = set(ids)
    for element in root.iter():
        node_id = element.get("id") if isinstance(element.tag, str) else None
        if node_id not in wanted:
            continue
        if _local(element.tag) == "img":
            text = element.get("alt") or ""
        else:
            text = _text(element)
            if node_id in steps:
                shown = _step(element)
                text = f"{shown}. {text}" if shown is not None else text
        into.texts[node_id] = text


def _parse_xml(data: bytes, name: str) -> Any:
    from lxml import etree

    try:
        return etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as exc:
        raise UnreadableError(f"{name} is not well-formed XML ({exc})") from exc


def page(path: Path, ids: Iterable[str], steps: dict[str, str]) -> Carried:
    from lxml import html

    carried = Carried("the page", path.name)
    try:
        root = html.fromstring(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise UnreadableError(f"{path.name} cannot be read as HTML ({exc})") from exc
    from_markup(root, ids, steps, carried)
    return carried


def epub(path: Path, ids: Iterable[str], steps: dict[str, str]) -> Carried:
    carried = Carried("the e-book", path.name)
    wanted = list(ids)
    try:
        with zipfile.ZipFile(path) as book:
            for info in book.infolist():
                if info.filename.endswith((".xhtml", ".html")) and not info.filename.endswith(
                    "nav.xhtml"
                ):
                    root = _parse_xml(book.read(info), f"{path.name}: {info.filename}")
                    from_markup(root, wanted, steps, carried)
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        raise UnreadableError(f"{path.name} is not a readable EPUB (zip) file ({exc})") from exc
    return carried


def daisy(folder: Path, ids: Iterable[str], steps: dict[str, str]) -> Carried:
    """The DAISY text, reached the way a player reaches it: through each SMIL's text reference."""
    carried = Carried("the DAISY book", f"{folder.name}/content.html")
    content = folder / "content.html"
    try:
        root = _parse_xml(content.read_bytes(), carried.file)
        referenced: list[str] = []
        for smil in sorted(folder.glob("*.smil")):
            tree = _parse_xml(smil.read_bytes(), f"{folder.name}/{smil.name}")
            for element in tree.iter():
                if _local(element.tag) == "text":
                    source, _, anchor = (element.get("src") or "").partition("#")
                    if source == "content.html":
                        referenced.append(anchor)
    except OSError as exc:
        raise UnreadableError(f"{carried.file} cannot be read ({exc})") from exc
    reached = set(referenced)
    from_markup(root, [i for i in ids if i in reached], steps, carried)
    return carried


# ---------------------------------------------------------------- narration


def narration(path: Path, language: str) -> Carried:
    from publish.checks.fidelity.spoken import written

    carried = Carried("the narration", path.name)
    try:
        timing = json.loads(path.read_text(encoding="utf-8"))
        sentences = timing["sentences"]
        for sentence in sentences:
            spoken = str(sentence["spoken"])
            carried.spoken[str(sentence["id"])] = spoken
            carried.texts[str(sentence["id"])] = written(spoken, language)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableError(
            f"{path.name} is not a timing map with the words spoken for each sentence ({exc}); "
            "build the narration again"
        ) from exc
    return carried


# ---------------------------------------------------------------- PDF

# Numbers and words apart: pdftotext may close up "1 g" to "1g".
_WORD = re.compile(r"\d+(?:[.,:/'’-]\d+)*|[^\W\d_]+(?:['’-][^\W\d_]+)*")
WINDOW = 60  # words searched past where a sentence should start: running heads, page numbers


_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(path: Path) -> str:
    """The PDF's text in reading order, as poppler's `pdftotext` reads it: lines joined
    with spaces, words hyphenated at a line's end joined again, and the bidi controls it
    marks right-to-left runs with read as spaces. (`pdfinfo -struct-text` follows the tags
    but drops the space at each line break, so it is used for list labels only.)"""
    import subprocess

    from publish.installed import program

    done = subprocess.run(
        [
            program("pdftotext", "poppler-utils", "the fidelity check of PDFs"),
            "-enc",
            "UTF-8",
            "-nopgbrk",
            str(path),
            "-",
        ],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UnreadableError(
            f"{path.name} cannot be read as a PDF ({why[-1] if why else 'pdftotext failed'})"
        )
    text = done.stdout.decode("utf-8", "replace")
    text = re.sub(r"[\u00ad\x02]\r?\n", "", text)  # a word hyphenated at a line's end
    text = re.sub(r"(?<=\d[-\u2010\u2011])\r?\n(?=\d)", "", text)  # "555-" / "0100"
    text = _BIDI.sub(" ", text)  # a run's edge is a word's edge
    return " ".join(text.split())


def pdf_labels(path: Path) -> list[str]:
    """The numbered list labels ("4.") of the PDF's tags, in logical order: what a screen
    reader announces, where pdftotext may set them apart (a right-to-left list)."""
    import subprocess

    from publish.installed import program

    done = subprocess.run(
        [
            program("pdfinfo", "poppler-utils", "the fidelity check of PDFs"),
            "-struct-text",
            str(path),
        ],
        capture_output=True,
        check=False,
    )
    labels: list[str] = []
    inside: int | None = None  # the indentation of the Lbl being read
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        indent = len(line) - len(line.lstrip())
        stripped = line.strip()
        if inside is not None and indent <= inside:
            inside = None
        if stripped.startswith("Lbl"):
            inside = indent
            labels.append("")
        elif inside is not None and len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
            labels[-1] += stripped[1:-1]
    # WeasyPrint 70 stores a right-to-left label in visual order (" .1"): the same number.
    numbered = (re.fullmatch(r"\s*(?:(\w+)[.)]|[.(](\w+))\s*", label) for label in labels)
    return [f"{m.group(1) or m.group(2)}." for m in numbered if m]


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


@dataclass(frozen=True)
class Expected:
    id: str
    text: str  # as written, with its step number


def align(out: str, sentences: list[Expected]) -> Iterator[tuple[str, str]]:
    """(sentence ID, the stretch of `out` that carries it) for each sentence found, in order.

    Each sentence is looked for from where the last one ended, within its own length plus
    WINDOW words; one not found there is looked for in the whole text once, so a sentence
    out of order (a footnote at a page's foot) is still found, and a missing one is not."""
    words = _words(out)
    plain = [w for w, _, _ in words]
    cursor = 0
    for sentence in sentences:
        wanted = [w for w, _, _ in _words(sentence.text)]
        if not wanted:
            continue
        found = _find(wanted, plain, cursor, cursor + len(wanted) + WINDOW)
        if found is None:
            found = _find(wanted, plain, 0, len(plain))
            if found is None:
                continue
        else:
            cursor = found[1]
        start, end = found
        yield sentence.id, out[words[start][1] : words[end - 1][2]]


def _find(wanted: list[str], plain: list[str], lo: int, hi: int) -> tuple[int, int] | None:
    window = plain[lo:hi]
    matcher = difflib.SequenceMatcher(None, wanted, window, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    matched = sum(b.size for b in blocks)
    # Half the words, and both of a two-word sentence: "1 g" is not any "1" on the page.
    if not blocks or matched * 2 < len(wanted) or matched < min(len(wanted), 2):
        return None
    first, last = blocks[0], blocks[-1]
    start = max(0, first.b - first.a)
    end = min(len(window), last.b + last.size + (len(wanted) - last.a - last.size))
    return lo + start, lo + max(end, start + 1)


def pdf(path: Path, sentences: list[Expected], steps: dict[str, str]) -> Carried:
    carried = Carried(
        "the PDF" if "large-print" not in path.name else "the large-print PDF", path.name
    )
    carried.texts.update(align(pdf_text(path), sentences))
    numbered = [e.id for e in sentences if e.id in steps]
    labels = pdf_labels(path) if numbered else []
    if len(labels) == len(numbered):  # each step's number as the tags label it
        for sentence_id, label in zip(numbered, labels, strict=True):
            if sentence_id in carried.texts:
                text = re.sub(r"^\s*(?:\d+|[a-zA-Z]{1,4})[.)]\s+", "", carried.texts[sentence_id])
                carried.texts[sentence_id] = f"{label} {text}"
    return carried
