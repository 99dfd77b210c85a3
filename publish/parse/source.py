"""Reading a source file as untrusted bytes: size, encoding, BOM, line endings, NUL."""

from __future__ import annotations

from pathlib import Path

from publish.diagnostics import error
from publish.errors import SourceError

MAX_SOURCE_BYTES = 5 * 1024 * 1024


def read_text(path: Path, max_bytes: int = MAX_SOURCE_BYTES) -> str:
    """The file's text with LF line endings and no BOM, or a SourceError saying what is wrong."""
    file = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError("too large", [error(
                "source-too-large", f"the file is {size:,} bytes, over the limit of {max_bytes:,}; "
                "split it into several articles", file)])
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("missing", [error("source-missing", "no such file; check the path", file)]) from None
    except IsADirectoryError:
        raise SourceError("directory", [error(
            "source-directory", "this is a folder; name the Markdown files in it", file)]) from None
    except OSError as exc:
        raise SourceError("unreadable", [error("source-unreadable", f"cannot read the file: {exc.strerror}", file)]) from None
    if not data.strip():
        raise SourceError("empty", [error(
            "source-empty", "the file is empty; start it with front matter ('---', 'title: ...', "
            "'language: ...', '---') and then the text", file, 1)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError("encoding", [error(
            "source-encoding", f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as "
            "UTF-8 (in Word: Save As > Plain Text > Unicode (UTF-8))", file, line)]) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError("nul", [error(
            "source-nul", "the file contains a NUL byte, so it is probably not a text file; "
            "remove it or export the document as plain text", file, line)])
    return text
