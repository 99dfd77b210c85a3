"""A .docx as untrusted bytes: is it a Word document at all, encrypted, an old .doc, or a
zip bomb? Every refusal is a SourceError with one sentence saying what to do."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from publish.diagnostics import error
from publish.errors import SourceError

MAX_FILE = 100 * 1024 * 1024  # the .docx itself
MAX_UNPACKED = 300 * 1024 * 1024  # every part, unpacked
MAX_RATIO = 200  # unpacked / packed for one part: more is a zip bomb, not a document
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file signature of .doc and encrypted .docx


@dataclass
class Package:
    """The parts of a Word document, read once and checked."""

    path: Path
    parts: dict[str, bytes]

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


def open_package(path: Path) -> Package:
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise _refuse(
                path, "too-large", f"the file is {size:,} bytes, over {MAX_FILE:,}; split it"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise _refuse(path, "missing", "no such file; check the path") from None
    except IsADirectoryError:
        raise _refuse(path, "directory", "this is a folder; name a .docx file") from None
    except OSError as exc:
        raise _refuse(path, "unreadable", f"cannot read the file: {exc.strerror}") from None
    if data.startswith(OLE):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data:
            raise _refuse(
                path,
                "encrypted",
                "the document is protected with a password; in Word, remove it (File > Info > "
                "Protect Document > Encrypt with Password, then clear the password) and save again",
            )
        raise _refuse(
            path,
            "old-word",
            "this is a Word 97-2003 document (.doc), not .docx; open it in Word or LibreOffice "
            "and save it as Word Document (.docx)",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _refuse(
            path,
            "not-docx",
            "this is not a Word document (.docx is a zip package); save the document as "
            "Word Document (.docx)",
        ) from None
    with archive:
        entries = archive.infolist()
        unpacked = sum(e.file_size for e in entries)
        bomb = next(
            (
                e
                for e in entries
                if e.file_size > 1024 * 1024 and e.file_size > MAX_RATIO * max(e.compress_size, 1)
            ),
            None,
        )
        if unpacked > MAX_UNPACKED or bomb is not None:
            raise _refuse(
                path,
                "zip-bomb",
                f"the package unpacks to {unpacked:,} bytes from {len(data):,}; that is not a "
                "document but a zip bomb, so nothing was read",
            )
        names = {e.filename for e in entries}
        if "word/document.xml" not in names:
            raise _refuse(
                path,
                "not-docx",
                "this zip holds no word/document.xml, so it is not a Word document; save the "
                "document as Word Document (.docx)",
            )
        try:
            parts = {e.filename: archive.read(e) for e in entries if not e.is_dir()}
        except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
            raise _refuse(
                path, "damaged", f"the package is damaged ({exc}); save it again"
            ) from None
    return Package(path, parts)
