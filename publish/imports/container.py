"""A .docx as untrusted bytes: is it a Word document at all, encrypted, an old .doc, a zip
bomb, or missing a part? Every refusal is a SourceError with one sentence saying what to do;
a missing part the document can do without is a note for the import's report.

A part's size is what it inflates to, counted as it inflates, never what its zip header says:
every part is inflated once, a chunk at a time and kept nowhere, before any is kept, so a
package that lies about its sizes is refused using no more memory than one chunk."""

from __future__ import annotations

import copy
import io
import os
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from publish.diagnostics import error
from publish.errors import SourceError

MAX_FILE = 100 * 1024 * 1024  # the .docx itself
MAX_UNPACKED = 300 * 1024 * 1024  # every part, unpacked
MAX_RATIO = 200  # unpacked / packed for one part: more is a zip bomb, not a document
RATIO_FROM = 1024 * 1024  # a part smaller than this may compress as well as it likes
CHUNK = 1024 * 1024  # inflated at a time
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file signature of .doc and encrypted .docx
METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # the only ones a .docx may use (OPC)
# What reading a package can raise on damaged bytes; zipfile lets zlib's and EOF errors through.
DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError)

DOCUMENT = "word/document.xml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
# Parts the reader reads as body text, each with its own relationships, besides the document.
BODIES = ("footnotes", "endnotes", "comments")
# What a missing part costs, by the last word of its relationship type.
LOST = {
    "image": "so its picture was left out; insert the picture again in Word",
    "styles": "so headings and other styles may have come in as plain paragraphs; check them",
    "numbering": "so numbered lists may have come in as plain paragraphs; check them",
    "footnotes": "so its footnotes were left out",
    "endnotes": "so its endnotes were left out",
    "comments": "so its comments were left out",
}
REQUIRED = ("[Content_Types].xml", "_rels/.rels")  # Word will not open a package without them


@dataclass
class Package:
    """The parts of a Word document, read once and checked."""

    path: Path
    parts: dict[str, bytes]
    notes: list[str] = field(default_factory=list)  # parts found missing, a sentence each

    def text(self, name: str) -> bytes | None:
        return self.parts.get(name)

    def repacked(self, replaced: dict[str, bytes]) -> bytes:
        """The package as a zip again, with some parts replaced (for mammoth)."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in self.parts.items():
                z.writestr(name, replaced.get(name, data))
        return out.getvalue()


def _refuse(path: Path, code: str, message: str) -> SourceError:
    return SourceError(code, [error(f"import-{code}", message, str(path))])


def _bomb(path: Path, claim: str) -> SourceError:
    return _refuse(
        path, "zip-bomb", f"{claim}; that is not a document but a zip bomb, so nothing was read"
    )


def _damaged(path: Path, what: str) -> SourceError:
    return _refuse(path, "damaged", f"the package is damaged ({what}); save it again")


def open_package(path: Path) -> Package:
    try:
        with path.open("rb") as handle:
            packed = os.fstat(handle.fileno()).st_size
            if packed > MAX_FILE:
                raise _refuse(
                    path,
                    "too-large",
                    f"the file is {packed:,} bytes, over {MAX_FILE:,}; split it",
                )
            head = handle.read(len(OLE))
            if head == OLE:
                raise _compound(path, head + handle.read(MAX_FILE))
            handle.seek(0)
            try:
                archive = zipfile.ZipFile(handle)
            except DAMAGE:
                raise _refuse(
                    path,
                    "not-docx",
                    "this is not a Word document (.docx is a zip package); save the document "
                    "as Word Document (.docx)",
                ) from None
            with archive:
                parts = _read(path, archive, packed)
    except FileNotFoundError:
        raise _refuse(path, "missing", "no such file; check the path") from None
    except IsADirectoryError:
        raise _refuse(path, "directory", "this is a folder; name a .docx file") from None
    except OSError as exc:
        raise _refuse(path, "unreadable", f"cannot read the file: {exc.strerror}") from None
    return Package(path, parts, _missing(path, parts))


def _compound(path: Path, data: bytes) -> SourceError:
    """The refusal for an OLE compound file: an encrypted .docx, or a .doc."""
    if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data:
        return _refuse(
            path,
            "encrypted",
            "the document is protected with a password; in Word, remove it (File > Info > "
            "Protect Document > Encrypt with Password, then clear the password) and save again",
        )
    return _refuse(
        path,
        "old-word",
        "this is a Word 97-2003 document (.doc), not .docx; open it in Word or LibreOffice "
        "and save it as Word Document (.docx)",
    )


def _read(path: Path, archive: zipfile.ZipFile, packed: int) -> dict[str, bytes]:
    """Every part, in memory once the whole package has been inflated, counted and found a
    document: the headers' claims first (cheap), then the bytes themselves."""
    entries = [e for e in archive.infolist() if not e.is_dir()]
    claimed = sum(e.file_size for e in entries)
    if claimed > MAX_UNPACKED or any(_too_dense(e, e.file_size, packed) for e in entries):
        raise _bomb(path, f"the package says it unpacks to {claimed:,} bytes from {packed:,}")
    if DOCUMENT not in {e.filename for e in entries}:
        raise _refuse(
            path,
            "not-docx",
            "this zip holds no word/document.xml, so it is not a Word document; save the "
            "document as Word Document (.docx)",
        )
    odd = next((e for e in entries if e.compress_type not in METHODS), None)
    if odd is not None:
        raise _damaged(path, f"{odd.filename} is packed in a way Word never uses")
    try:
        total = 0
        for entry in entries:
            total += _measured(path, archive, entry, packed, total)
        # Every size is now the counted one, so zipfile's own stop at the header's size and
        # its CRC check hold each read below to what was counted.
        parts = {entry.filename: _kept(archive, entry) for entry in entries}
    except DAMAGE as exc:
        raise _damaged(path, str(exc) or type(exc).__name__) from None
    return parts


def _measured(
    path: Path, archive: zipfile.ZipFile, entry: zipfile.ZipInfo, packed: int, before: int
) -> int:
    """The size one part inflates to, counted a chunk at a time, each dropped once counted:
    refused as a bomb as soon as its bytes take the package past MAX_UNPACKED (`before` is
    what the earlier parts took) or past MAX_RATIO, and as damaged when they end at another
    size than the header says."""
    room = MAX_UNPACKED - before
    # zipfile stops a part at its header's size, so a header that understates a bomb would
    # hide it; this copy's size lets the inflating run one chunk past the room to be seen.
    # Its CRC is checked here instead, after the size, so a wrong size is named as such.
    unbounded = copy.copy(entry)
    unbounded.file_size = room + CHUNK + 1
    del unbounded.CRC
    inflated, crc = 0, 0
    with archive.open(unbounded) as stream:
        while chunk := stream.read(CHUNK):
            inflated += len(chunk)
            crc = zlib.crc32(chunk, crc)
            if inflated > room:
                raise _bomb(
                    path, f"the package unpacks to more than {MAX_UNPACKED:,} bytes from {packed:,}"
                )
            if _too_dense(entry, inflated, packed):
                raise _bomb(
                    path,
                    f"{entry.filename} unpacks to more than {MAX_RATIO} times its "
                    f"{min(entry.compress_size, packed):,} packed bytes",
                )
    if inflated != entry.file_size:
        raise _damaged(
            path,
            f"{entry.filename} unpacks to {inflated:,} bytes, not the {entry.file_size:,} its "
            "header says",
        )
    if crc != entry.CRC:
        raise _damaged(path, f"{entry.filename} fails its CRC-32 check")
    return inflated


def _kept(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    chunks = []
    with archive.open(entry) as stream:
        while chunk := stream.read(CHUNK):
            chunks.append(chunk)
    return b"".join(chunks)


def _too_dense(entry: zipfile.ZipInfo, unpacked: int, packed: int) -> bool:
    """Whether `unpacked` bytes of this part are more than MAX_RATIO times its packed size
    (the header's, but never more than the whole file)."""
    return unpacked > RATIO_FROM and unpacked > MAX_RATIO * max(min(entry.compress_size, packed), 1)


# ----------------------------------------------------------------------------- missing parts


def _xml(path: Path, name: str, data: bytes) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _damaged(path, f"{name} is not well-formed XML: {exc}") from None


def _rels_of(name: str) -> str:
    folder, base = posixpath.split(name)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _relationships(path: Path, parts: dict[str, bytes], name: str) -> dict[str, tuple[str, str]]:
    """The relationships of part `name`: id -> (type's last word, target part); a target
    outside the package (a web link) is ''."""
    data = parts.get(_rels_of(name))
    if data is None:
        return {}
    found = {}
    for node in _xml(path, _rels_of(name), data).iter(f"{{{PACKAGE_REL}}}Relationship"):
        target = unquote(str(node.get("Target") or "")).split("#")[0]
        if node.get("TargetMode") == "External" or not target:
            target = ""
        elif target.startswith("/"):
            target = target.lstrip("/")
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
        kind = str(node.get("Type") or "").rsplit("/", 1)[-1]
        found[str(node.get("Id") or "")] = (kind, target)
    return found


def _named(path: Path, name: str, data: bytes) -> set[str]:
    """The relationship ids part `name` refers to (r:embed, r:id, r:link...), read as a
    stream so a long document is not held twice."""
    from lxml import etree

    ids: set[str] = set()
    events = etree.iterparse(
        io.BytesIO(data), events=("end",), resolve_entities=False, no_network=True
    )
    try:
        for _, node in events:
            ids.update(v for k, v in node.attrib.items() if k.startswith(f"{{{REL}}}"))
            node.clear(keep_tail=True)
            parent = node.getparent()
            while parent is not None and node.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        raise _damaged(path, f"{name} is not well-formed XML: {exc}") from None
    return ids


def _missing(path: Path, parts: dict[str, bytes]) -> list[str]:
    """A note for each part the package names but lacks; refused as damaged when the text
    refers to a relationship that is not there (the reader could not go on)."""
    notes = [
        f"the package has no {name}, which Word needs to open it; the import went on without it"
        for name in REQUIRED
        if name not in parts
    ]
    related = _relationships(path, parts, DOCUMENT)
    bodies = [DOCUMENT] + [t for k, t in related.values() if k in BODIES and t in parts]
    said = set()
    for body in bodies:
        relations = related if body == DOCUMENT else _relationships(path, parts, body)
        unknown = sorted(_named(path, body, parts[body]) - set(relations))
        if unknown:
            raise _damaged(
                path,
                f"{body} refers to relationship {unknown[0]}, missing from {_rels_of(body)}",
            )
        for kind, target in relations.values():
            if target and target not in parts and target not in said:
                said.add(target)
                lost = LOST.get(kind, "and the import went on without it")
                notes.append(f"{target} is named by {body} but missing from the package, {lost}")
    return notes
