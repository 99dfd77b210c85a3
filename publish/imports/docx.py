"""`publish import FILE.docx`: a Word document in, a canonical source out: front matter from
the document's properties, Markdown from mammoth's reading of the body, and its pictures in a
folder beside it, named by their content. Everything that does not come through is said."""

from __future__ import annotations

import hashlib
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
from publish.imports.container import open_package
from publish.imports.markdown import Converted, convert, languages
from publish.imports.wordxml import Note, analyse, core_properties, document_language
from publish.limits import Limits

STYLE_MAP = """
p[style-name='Title'] => h1.doc-title:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
"""
# Paragraph and character styles whose look is all they carry: no note about them.
QUIET_STYLES = (
    "Hyperlink",
    "Normal (Web)",
    "Quote",
    "Intense Quote",
    "Title",
    "Subtitle",
    "CommentReference",
    "annotation reference",
    "List Paragraph",
)
PICTURES = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/svg+xml": "svg",
}
CONVERTIBLE = {"image/tiff": "png", "image/bmp": "png", "image/x-ms-bmp": "png"}
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


class _PictureError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class _Pictures:
    folder: str
    limits: Limits
    files: dict[str, bytes] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)  # content types that cannot be shown

    def __call__(self, image: Any) -> dict[str, str]:
        with image.open() as stream:
            data = stream.read(self.limits.image_bytes + 1)
        if len(data) > self.limits.image_bytes:
            raise _PictureError(
                self.limits.exceeded("image_bytes", len(data), "a picture's size in bytes")
            )
        kind = str(image.content_type or "")
        ext = PICTURES.get(kind) or CONVERTIBLE.get(kind)
        if ext is None:
            self.dropped.append(kind or "an unknown format")
            return {"src": ""}
        if ext != "svg":
            data = self._checked(data, convert=kind in CONVERTIBLE)
        name = f"{hashlib.sha256(data).hexdigest()[:16]}.{ext}"
        self.files[name] = data
        return {"src": f"{self.folder}/{name}"}

    def _checked(self, data: bytes, convert: bool) -> bytes:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as picture:
                width, height = picture.size
                if width * height > self.limits.image_pixels:
                    raise _PictureError(
                        self.limits.exceeded(
                            "image_pixels",
                            width * height,
                            f"a picture of {width} x {height} pixels",
                        )
                    )
                if convert:
                    out = io.BytesIO()
                    picture.save(out, format="PNG")
                    return out.getvalue()
        except (UnidentifiedImageError, OSError) as exc:
            raise _PictureError(f"a picture cannot be read ({exc}); replace it in Word") from None
        return data


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

    from publish.model.ids import slugify

    limits = limits or Limits()
    package = open_package(path)
    slug = slugify(path.stem, "handout")
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
    pictures = _Pictures(folder.name, limits)
    document = package.repacked({"word/document.xml": analysis.document})
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(document),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(pictures),
        )
    except _PictureError as exc:
        raise SourceError("image", [error("import-image", exc.message, str(path))]) from None
    converted = convert(result.value)
    title, body = _placed(converted, str(core.get("title") or ""))
    text, cleaned = _cleaned(languages(_body_text(body, converted)))
    front, fill_in = _front_matter(title, tag, core)
    source = front + "\n" + text
    imported = Imported(target, [folder / n for n in sorted(pictures.files)], fill_in=fill_in)
    imported.notes = _report(path, target, source, analysis.notes, result.messages, converted)
    imported.notes += [f"{path}: {c}" for c in cleaned]
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


def _front_matter(
    title: str, language: str, core: dict[str, Any]
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
    if core.get("created"):
        values["date"] = core["created"]
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
    notes: list[Note],
    messages: list[Any],
    converted: Converted,
) -> list[str]:
    report = [f'{path}: paragraph {n.paragraph} ("{n.quote}"): {n.message}' for n in notes]
    seen = set()
    for message in messages:
        found = re.search(
            r"Unrecognised (paragraph|run) style: (.*?) \(Style ID: (.*?)\)", message.message
        )
        if not found:
            continue
        name = found.group(2) if found.group(2) != "None" else found.group(3)
        if name not in QUIET_STYLES and name not in seen:
            seen.add(name)
            report.append(
                f"{path}: the {found.group(1)} style '{name}' has no Markdown equivalent; its "
                "text was imported without it"
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
        report.append(f'{path}: a list or table inside a table cell ("{text}") became plain text')
    for number, line in enumerate(source.split("\n"), 1):
        if "![](" in line:
            report.append(
                f"{target}:{number}: a picture has no alt text in Word; describe what it shows "
                "in the brackets, ![like this](...), or 'publish check' fails"
            )
    return report


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
