"""Reading a source file as untrusted bytes: size, encoding, BOM, line endings, NUL."""

from __future__ import annotations

import re
from pathlib import Path

from publish.diagnostics import error
from publish.errors import SourceError
from publish.limits import Limits


def read_text(path: Path, limits: Limits | None = None) -> str:
    """The file's text with LF line endings and no BOM, or a SourceError saying what is wrong."""
    file = str(path)
    try:
        limits = limits or Limits()
        size = path.stat().st_size
        if size > limits.source_bytes:
            raise SourceError(
                "too large",
                [
                    error(
                        "limit-source-bytes",
                        limits.exceeded("source_bytes", size, "the file's size in bytes"),
                        file,
                    )
                ],
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(
            "missing", [error("source-missing", "no such file; check the path", file)]
        ) from None
    except IsADirectoryError:
        raise SourceError(
            "directory",
            [error("source-directory", "this is a folder; name the Markdown files in it", file)],
        ) from None
    except OSError as exc:
        raise SourceError(
            "unreadable",
            [error("source-unreadable", f"cannot read the file: {exc.strerror}", file)],
        ) from None
    if not data.strip():
        raise SourceError(
            "empty",
            [
                error(
                    "source-empty",
                    "the file is empty; start it with front matter ('---', 'title: ...', "
                    "'language: ...', '---') and then the text",
                    file,
                    1,
                )
            ],
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            "encoding",
            [
                error(
                    "source-encoding",
                    f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as "
                    "UTF-8 (in Word: Save As > Plain Text > Unicode (UTF-8))",
                    file,
                    line,
                )
            ],
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError(
            "nul",
            [
                error(
                    "source-nul",
                    "the file contains a NUL byte, so it is probably not a text file; "
                    "remove it or export the document as plain text",
                    file,
                    line,
                )
            ],
        )
    return text


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _replacement(char: str) -> str:
    code = ord(char)
    if char in "\x0b\x0c":  # Word's line and page breaks
        return "\n"
    if 0x80 <= code <= 0x9F:  # Windows-1252 punctuation mis-decoded as C1 controls
        try:
            return bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            return ""
    return ""


def clean_controls(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Control characters replaced (Word breaks, cp1252 quotes) or removed; where each was."""
    found: list[tuple[int, str]] = []
    if not _CONTROL.search(text):
        return text, found
    for match in _CONTROL.finditer(text):
        found.append((text.count("\n", 0, match.start()) + 1, f"U+{ord(match.group(0)):04X}"))
    return _CONTROL.sub(lambda m: _replacement(m.group(0)), text), found
