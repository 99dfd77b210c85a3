"""One top-level block of a source's front matter (`glossary:`, `pemat:`) replaced by lines the
studio wrote, every other line of the front matter kept as it is."""

from __future__ import annotations

from typing import Any


def splice(front: list[str], root: Any, key: str, written: list[str]) -> list[str] | None:
    """The front matter's lines with its `key:` block (key and value) replaced by `written`,
    or `written` added at the end, or the block left out when `written` is empty; None when
    the block is not at the top level's indentation. `root` is the front matter's composed
    YAML mapping, whose marks count lines from the first line of `front`."""
    block = next(((k, v) for k, v in root.value if k.value == key), None)
    if block is None:
        end = len(front)
        while end and not front[end - 1].strip():  # before the blank lines that end it
            end -= 1
        return front[:end] + written + front[end:]
    name, value = block
    if name.start_mark.column != 0:
        return None
    start = name.start_mark.line
    end = value.end_mark.line + (1 if value.end_mark.column else 0)
    end = min(end, len(front))
    while end > start + 1 and front[end - 1].strip()[:1] in ("", "#"):
        end -= 1  # blank lines and comments after the block belong to what follows
    return front[:start] + written + front[end:]


def as_file_writes(text: str, raw: bytes) -> str:
    """`text` (LF line endings, as the editor holds it) in the line endings and BOM of `raw`,
    the file it replaces, so an edit made by a form changes only what it changes."""
    import codecs

    if raw.count(b"\r\n") and raw.count(b"\r\n") == raw.count(b"\n"):
        text = text.replace("\n", "\r\n")
    if raw.startswith(codecs.BOM_UTF8):
        text = "\ufeff" + text
    return text
