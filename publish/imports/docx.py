"""`publish import FILE.docx`: a Word document in, a canonical source out: front matter from
the document's properties, Markdown from mammoth's reading of the body, and its pictures in a
folder beside it, named by their content. Everything that does not come through is said."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish.diagnostics import error
from publish.errors import SourceError
from publish.imports.callouts import callout_notes
from publish.imports.container import open_package
from publish.imports.dates import document_date, word_release
from publish.imports.margins import Margins, read_margins
from publish.imports.markdown import (
    PLACEHOLDER_TEXT,
    Converted,
    convert,
    escape,
    languages,
    line_start,
)
from publish.imports.pictures import PictureError, Pictures
from publish.imports.wordxml import (
    Analysis,
    Note,
    analyse,
    core_properties,
    document_language,
    parse_part,
)
from publish.limits import Limits

STYLE_MAP = """
p[style-name='Title'] => h1.doc-title:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
"""
# Paragraph and character styles whose look is all they carry, as Word, LibreOffice, Google
# Docs and pandoc name them: no note about them.
QUIET_STYLES = frozenset(
    name.lower()
    for name in (
        *("Normal", "Default", "Standard", "Normal (Web)", "No Spacing", "Plain Text"),
        *("Body Text", "Body Text 2", "Body Text 3", "Body Text Indent", "Body Text Char"),
        *("Text Body", "First Paragraph", "Compact", "Block Text", "Default Paragraph Font"),
        *("Title", "Subtitle", "Author", "Date", "Abstract", "Heading", "Caption"),
        *("Table Caption", "Image Caption", "Figure", "Captioned Figure", "Source Code"),
        *("Hyperlink", "FollowedHyperlink", "Internet Link", "Strong", "Emphasis"),
        *("Footnote Text", "Footnote Reference", "Endnote Text", "Endnote Reference"),
        *("Quote", "Intense Quote", "List Paragraph", "List", "List Bullet", "List Number"),
        *("List Continue", "CommentReference", "annotation reference", "Verbatim Char"),
        *("Section Number", "Definition", "Definition Term", "normal"),
    )
)
PLACES = 3  # places named for a notice that happens more often

FILL_IN = {
    "title": "# FILL IN: the handout's title, as readers should see it",
    "language": "# FILL IN: the language of the text, such as en-US or es",
}


@dataclass
class Imported:
    source: Path
    images: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the import report, a line each
    fill_in: list[tuple[str, int]] = field(default_factory=list)  # field, line


def import_docx(
    path: Path,
    out_dir: Path,
    *,
    language: str | None = None,
    force: bool = False,
    limits: Limits | None = None,
) -> Imported:
    """Read `path` and write OUT/<slug>.md and OUT/<slug>-images/; nothing when it fails."""
    import mammoth

    from publish.model.ids import name_from

    limits = limits or Limits()
    package = open_package(path)
    slug = name_from(path.stem, "handout")  # any script: 洗手.docx is xi-shou.md
    target = out_dir / f"{slug}.md"
    folder = out_dir / f"{slug}-images"
    if not force and (target.exists() or folder.exists()):
        raise SourceError(
            "exists",
            [
                error(
                    "import-exists",
                    f"{target} already exists; move it away, or add --force to replace it",
                    str(path),
                )
            ],
        )
    core = core_properties(package)
    tag = language or str(core.get("language") or document_language(package))
    analysis = analyse(package, tag or "en")
    pictures = Pictures(folder.name, limits)
    document = package.repacked({"word/document.xml": analysis.document})
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(document),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(pictures),
        )
    except PictureError as exc:
        raise SourceError("image", [error("import-image", exc.message, str(path))]) from None
    converted = convert(result.value, tag or "en")
    title, body = _placed(converted, str(core.get("title") or ""))
    margins = read_margins(package, title, parse_part)
    if margins.other:  # header and footer text that is neither contact nor a footer line
        heading = MARGIN_HEADINGS.get(tag.split("-")[0].lower(), MARGIN_HEADINGS["en"])
        body = [*body, f"## {heading}", *(line_start(escape(line)) for line in margins.other)]
    text, cleaned = _cleaned(languages(_body_text(body, converted)))
    date, said = document_date(core, analysis.dates, word_release(package))
    front, fill_in = _front_matter(title, tag, core, date, margins)
    source = front + "\n" + text
    imported = Imported(target, [folder / n for n in sorted(pictures.files)], fill_in=fill_in)
    imported.notes = _report(path, target, source, analysis, result.messages, converted)
    imported.notes += [f"{path}: {c}" for c in cleaned]
    imported.notes += [f"{path}: {note}" for note in package.notes]
    imported.notes += [f"{path}: {note}" for note in pictures.notes]
    imported.notes += [f"{path}: {said}"] if said else []
    imported.notes += _margin_notes(path, margins)
    imported.notes += [
        f"{path}: a picture in {kind} was not imported (web pages, PDFs and e-books cannot show "
        "it); save it as PNG or JPEG and insert it again"
        for kind in pictures.dropped
    ]
    _write(out_dir, target, folder, source, pictures.files)
    return imported


def _placed(converted: Converted, core_title: str) -> tuple[str, list[str]]:
    """The title, and the blocks with headings at their Markdown levels.

    Word's Title paragraph is the title, and Heading 1 is a section (##). Without one, a
    document that starts with its only Heading 1 starts with its title (as Word and Google
    Docs exports do), and the other headings keep their levels."""
    blocks = list(converted.blocks)
    title = core_title or converted.title
    # A Title paragraph then the same words as Heading 1 (pandoc and many templates write
    # both): one title, not the title twice.
    first = blocks[0] if blocks else ""
    if converted.title and first.startswith("# "):
        blocks = blocks[1:] if _comparable(first[2:]) == _comparable(converted.title) else blocks
    tops = [b for b in blocks if b.startswith("# ")]
    shift = 1
    if not converted.title and blocks and len(tops) == 1 and blocks[0] == tops[0]:
        heading = blocks[0][2:].strip()
        if not title or _comparable(heading) == _comparable(title):
            title = title or re.sub(r"\\(.)", r"\1", heading)
            blocks = blocks[1:]
            shift = 0
    placed = []
    for block in blocks:
        found = re.match(r"^(#{1,6}) ", block)
        if found:
            level = min(len(found.group(1)) + shift, 6)
            block = "#" * level + block[len(found.group(1)) :]
        placed.append(block)
    return title, placed


def _comparable(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", "", text).lower().split())


def _body_text(blocks: list[str], converted: Converted) -> str:
    notes = [f"[^{label}]: {text}" for label, text in converted.notes.items()]
    return "\n\n".join([*blocks, *notes]) + "\n"


_INVISIBLE = {"\u200b": "zero-width space", "\u00ad": "soft hyphen", "\ufeff": "byte order mark"}


def _cleaned(text: str) -> tuple[str, list[str]]:
    """Pasted-from-Word mess, cleaned as the build cleans it; what was done, a line each.
    Smart quotes and dashes stay as typed."""
    from publish.parse.source import clean_controls

    said = []
    spaces = text.count("\u00a0") + text.count("\u202f")
    if spaces:
        text = text.replace("\u00a0", " ").replace("\u202f", " ")
        said.append(
            f"{spaces} non-breaking space(s) became ordinary spaces (the build keeps phone "
            "numbers and doses on one line itself)"
        )
    for char, name in _INVISIBLE.items():
        count = text.count(char)
        if count:
            text = text.replace(char, "")
            said.append(f"{count} {name}(s) removed")
    text, controls = clean_controls(text)
    if controls:
        said.append(f"{len(controls)} control character(s) such as {controls[0][1]} removed")
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text, said


# The heading over header and footer text kept at the end, for the writer to place or delete.
MARGIN_HEADINGS = {
    "en": "From the page header and footer",
    "es": "Del encabezado y el pie de página",
}


def _margin_notes(path: Path, margins: Margins) -> list[str]:
    notes = [
        f'{path}: the header or footer line "{line}" became contact:, printed at the foot of '
        "every page and read at the end"
        for line in margins.contact
    ]
    notes += [
        f'{path}: the header or footer line "{line}" became footer:, printed at the foot of '
        "every page"
        for line in margins.footer
    ]
    notes += [
        f'{path}: the header or footer text "{_short(line)}" was put at the end, under its own '
        "heading; move it or delete it"
        for line in margins.other
    ]
    return notes


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _front_matter(
    title: str,
    language: str,
    core: dict[str, Any],
    date: dt.date | None,
    margins: Margins | None = None,
) -> tuple[str, list[tuple[str, int]]]:
    """YAML front matter from the document's properties; a marked placeholder for each
    required field it lacks, and where each is."""
    import yaml

    values: dict[str, Any] = {"title": title, "language": language}
    creators = [a.strip() for a in str(core.get("creator", "")).split(";") if a.strip()]
    if creators:
        values["authors"] = creators
    description = core.get("description") or core.get("subject")
    if description:
        values["description"] = description
    keywords = [k.strip() for k in re.split(r"[;,]", str(core.get("keywords", ""))) if k.strip()]
    if keywords:
        values["keywords"] = keywords
    if date is not None:
        values["date"] = date
    if margins is not None and margins.contact:
        values["contact"] = " · ".join(margins.contact)
    if margins is not None and margins.footer:
        values["footer"] = " · ".join(margins.footer)
    lines = ["---"]
    fill_in: list[tuple[str, int]] = []
    for key, value in values.items():
        if not value:
            fill_in.append((key, len(lines) + 1))
            lines.append(f"{key}:  {FILL_IN[key]}")
            continue
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=88)
        lines += dumped.rstrip("\n").split("\n")
    lines.append("---")
    return "\n".join(lines) + "\n", fill_in


def _report(
    path: Path,
    target: Path,
    source: str,
    analysis: Analysis,
    messages: list[Any],
    converted: Converted,
) -> list[str]:
    """The import report: each thing that did not come through, grouped (a count and the
    first places) where it happens more than a few times."""
    report = _grouped(path, analysis.notes)
    seen = set()
    for message in messages:
        found = re.search(
            r"Unrecognised (paragraph|run) style: (.*?) \(Style ID: (.*?)\)", message.message
        )
        if not found:
            continue
        name = found.group(2) if found.group(2) != "None" else found.group(3)
        if name.lower() in QUIET_STYLES or name in seen:
            continue
        seen.add(name)
        uses = analysis.styles.get(found.group(3), [])
        where = f" ({len(uses)} use(s), first at {_places(uses)})" if uses else ""
        report.append(
            f"{path}: the {found.group(1)} style '{name}'{where} has no Markdown equivalent; "
            "its text was imported without it"
        )
    if converted.headers_guessed:
        report.append(
            f"{path}: {converted.headers_guessed} table(s) had no header row marked, so the "
            "first row became the header; check it names the columns"
        )
    if converted.kept_labels:
        shown = ", ".join(f'"{label}"' for label in converted.kept_labels[:3])
        report.append(
            f"{path}: {len(converted.kept_labels)} list item(s) numbered like {shown} keep "
            "their numbers as text, since a Markdown list shows one number per item"
        )
    for text in converted.flattened:
        report.append(
            f'{path}: a list or table inside a table cell ("{text}") became one line, its '
            'items kept apart by "; "'
        )
    for merged in converted.merged:
        spans = [f"{merged.across} columns"] if merged.across > 1 else []
        spans += [f"{merged.down} rows"] if merged.down > 1 else []
        report.append(
            f'{path}: table {merged.table}, row {merged.row}: the merged cell "{merged.text}" '
            f"covers {' and '.join(spans)}; Markdown tables cannot merge cells, so its value "
            "is repeated in each cell it covered"
        )
    report += callout_notes(target, source, converted.callouts)
    for number, line in enumerate(source.split("\n"), 1):
        if f"\\[{PLACEHOLDER_TEXT} (" in line:
            report.append(
                f"{target}:{number}: a picture in a format the web cannot show was not "
                "imported and this placeholder marks its place; save the picture as PNG in "
                "Word (or install LibreOffice, which converts EMF and WMF) and insert it here"
            )
        if "![](" in line:
            report.append(
                f"{target}:{number}: a picture has no alt text in Word; describe what it shows "
                "in the brackets, ![like this](...), or 'publish check' fails"
            )
    return report


def _places(uses: list[tuple[int, str]]) -> str:
    shown = ", ".join(f'paragraph {n} ("{q}")' if q else f"paragraph {n}" for n, q in uses[:PLACES])
    return shown + (f" and {len(uses) - PLACES} more" if len(uses) > PLACES else "")


def _grouped(path: Path, notes: list[Note]) -> list[str]:
    """A line per note; a line per kind, with its count and first places, for a kind that
    happens more than PLACES times (a comment is always its own line: its words matter)."""
    kinds: dict[str, list[Note]] = {}
    for note in notes:
        kinds.setdefault(note.code, []).append(note)
    lines = []
    for code, same in kinds.items():
        if len(same) <= PLACES or code == "comment":
            lines += [
                f'{path}: paragraph {n.paragraph} ("{n.quote}"): {n.message}'
                if n.quote
                else f"{path}: paragraph {n.paragraph}: {n.message}"
                for n in same
            ]
        else:
            places = _places([(n.paragraph, n.quote) for n in same])
            lines.append(f"{path}: {len(same)} times, at {places}; the first: {same[0].message}")
    return lines


def _write(
    out_dir: Path, target: Path, folder: Path, source: str, pictures: dict[str, bytes]
) -> None:
    """Every file staged first, then moved into place: a failure leaves nothing behind."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".publish-import-", dir=out_dir))
    try:
        os.chmod(stage, 0o755)
        (stage / target.name).write_text(source, encoding="utf-8")
        os.chmod(stage / target.name, 0o644)
        if pictures:
            (stage / folder.name).mkdir(mode=0o755)
            for name, data in pictures.items():
                (stage / folder.name / name).write_bytes(data)
                os.chmod(stage / folder.name / name, 0o644)
        if folder.exists():
            shutil.rmtree(folder)
        if pictures:
            os.replace(stage / folder.name, folder)
        os.replace(stage / target.name, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
