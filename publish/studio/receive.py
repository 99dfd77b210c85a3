"""A recording uploaded from the browser, received as it streams: the form's fields are read
first (the CSRF token must come before the file), the file's first bytes say what kind of
audio it is (its content, never its name), and its bytes are counted against the limit as
they arrive and written to a hidden temporary file beside the source. Anything refused
leaves nothing behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

FIELD_BYTES = 1024  # a form field (the CSRF token); the form has no longer one
PARTS = 4  # the form sends csrf and file
HEAD = 12  # bytes enough to tell the five kinds apart
KINDS = {  # the kind's file extension -> how the page names it
    "wav": "WAV",
    "flac": "FLAC",
    "mp3": "MP3",
    "m4a": "M4A",
    "ogg": "OGG",
}
# Brands of an MPEG-4 file that carry audio (ISO/IEC 14496-12's ftyp box): Apple's M4A and
# M4B, and the generic brands recorders and converters write.
MP4_BRANDS = (b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"dash", b"3gp4", b"3gp5")


def sniff(head: bytes) -> str | None:
    """The kind of audio file `head` (its first bytes) opens, as its extension; None when it
    opens no kind publish reads. An ID3 tag may precede an MP3's frames (and, rarely, FLAC's
    marker): the tag says MP3 unless FLAC's marker follows it in `head`."""
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "m4a"
    if head[:3] == b"ID3":
        return "mp3"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06:
        return "mp3"  # an MPEG audio frame's sync word, with a layer
    return None


@dataclass
class Received:
    """One upload: where its file is (None when nothing was kept), what kind it is, and why
    it was refused ("" when it was not)."""

    problem: str = ""  # "", "csrf", "no-file", "not-audio", "too-large", "form"
    path: Path | None = None
    kind: str = ""
    name: str = ""  # the name the browser sent, for messages only
    size: int = 0
    fields: dict[str, str] = field(default_factory=dict)

    def discard(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None


class _Form:
    """python-multipart's callbacks, turned into the parts of one form."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []
        self.header = b""
        self.value = b""
        self.disposition = b""
        self.parts = 0

    def callbacks(self) -> Any:
        def data(kind: str) -> Callable[[bytes, int, int], None]:
            return lambda chunk, start, end: self._on_data(kind, chunk[start:end])

        return {
            "on_part_begin": self._on_begin,
            "on_part_data": data("data"),
            "on_part_end": lambda: self.events.append(("end", None)),
            "on_header_field": data("field"),
            "on_header_value": data("value"),
            "on_header_end": self._on_header_end,
            "on_headers_finished": self._on_headers_finished,
        }

    def _on_begin(self) -> None:
        self.parts += 1
        self.disposition = b""

    def _on_data(self, kind: str, chunk: bytes) -> None:
        if kind == "field":
            self.header += chunk
        elif kind == "value":
            self.value += chunk
        else:
            self.events.append(("data", chunk))

    def _on_header_end(self) -> None:
        if self.header.lower() == b"content-disposition":
            self.disposition = self.value
        self.header = self.value = b""

    def _on_headers_finished(self) -> None:
        _, options = parse_options_header(self.disposition)
        name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        shown = None if filename is None else filename.decode("utf-8", "replace")
        self.events.append(("part", (name, shown)))


async def receive(
    request: Request,
    folder: Path,
    limit: int,
    allowed: Callable[[Mapping[str, str]], Awaitable[bool]],
) -> Received:
    """Read the multipart form of `request`: its fields, and its one file into a hidden
    temporary file in `folder` when the fields before it are `allowed` (the CSRF check), it
    opens as audio, and it has at most `limit` bytes."""
    got = Received()
    _, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if not boundary:
        got.problem = "form"
        return got
    form = _Form()
    parser = MultipartParser(boundary, form.callbacks())
    state: dict[str, Any] = {"part": None, "value": b"", "head": b"", "file": None}
    try:
        async for chunk in request.stream():
            parser.write(chunk)
            await _take(form, state, got, folder, limit, allowed)
            if form.parts > PARTS:
                got.problem = got.problem or "form"
        parser.finalize()
        await _take(form, state, got, folder, limit, allowed)
    except BaseException:
        _close(state)
        got.discard()
        raise
    _close(state)
    if not got.problem and got.path is None:
        got.problem = "no-file"
    if got.problem:
        got.discard()
    return got


async def _take(
    form: _Form,
    state: dict[str, Any],
    got: Received,
    folder: Path,
    limit: int,
    allowed: Callable[[Mapping[str, str]], Awaitable[bool]],
) -> None:
    """Act on what the parser found since the last call."""
    events, form.events = form.events, []
    for kind, value in events:
        if kind == "part":
            state["part"], state["value"] = value, b""
            name, filename = value
            if filename is not None:
                if got.name or got.problem:  # a second file: the form sends one
                    got.problem = got.problem or "form"
                elif not await allowed(got.fields):
                    got.problem = "csrf"
                got.name = filename
        elif kind == "data" and state["part"] is not None:
            name, filename = state["part"]
            if filename is None:
                state["value"] += value
                if len(state["value"]) > FIELD_BYTES:
                    got.problem = got.problem or "form"
            elif not got.problem:
                await _write(state, got, folder, limit, value)
        elif kind == "end" and state["part"] is not None:
            name, filename = state["part"]
            if filename is None and name not in got.fields:
                got.fields[name] = state["value"][:FIELD_BYTES].decode("utf-8", "replace")
            elif filename is not None and not got.problem and got.path is None:
                await _write(state, got, folder, limit, b"", last=True)
            state["part"] = None


async def _write(
    state: dict[str, Any], got: Received, folder: Path, limit: int, data: bytes, last: bool = False
) -> None:
    """Count and keep the file's bytes; open the temporary file once its kind is known."""
    got.size += len(data)
    if got.size > limit:
        got.problem = "too-large"
        _close(state)
        got.discard()
        return
    if got.path is None:
        state["head"] += data
        if len(state["head"]) < HEAD and not last:
            return
        kind = sniff(state["head"][:HEAD])
        if kind is None:
            got.problem = "not-audio" if state["head"] else "no-file"
            return
        got.kind = kind
        got.path, state["file"] = await run_in_threadpool(_open, folder, kind)
        data, state["head"] = state["head"], state["head"][:HEAD]
    if data:
        await run_in_threadpool(state["file"].write, data)


def _open(folder: Path, kind: str) -> tuple[Path, IO[bytes]]:
    fd, name = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=f".{kind}")
    os.fchmod(fd, 0o644)
    return Path(name), os.fdopen(fd, "wb")


def _close(state: dict[str, Any]) -> None:
    file = state.get("file")
    if file is not None:
        with contextlib.suppress(OSError):
            file.flush()
            os.fsync(file.fileno())
        file.close()
        state["file"] = None
