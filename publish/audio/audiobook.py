"""An M4B audiobook from the narration already made: the decoded MP3 (the very samples its
timing map was measured on) encoded to AAC by ffmpeg, with chapter atoms from the same
chapters as the MP3's, then cover art and tags (title, author, narrator, series) by mutagen.
Nothing is synthesized again."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from publish.assets import CoverImage
from publish.audio.captions import Chapter
from publish.config import Metadata
from publish.errors import EngineError

if TYPE_CHECKING:
    import datetime as dt

AAC_BITRATE = 64  # kbit/s: mono speech; audiobook platforms ask for 64 or more


def _escape(value: str) -> str:
    """A value for ffmpeg's metadata file: '=', ';', '#', '\\' and newlines escaped."""
    for char in ("\\", "=", ";", "#", "\n"):
        value = value.replace(char, "\\" + char)
    return value


def ffmetadata(meta: Metadata, chapters: list[Chapter]) -> str:
    lines = [";FFMETADATA1", f"title={_escape(meta.title)}"]
    for chapter in chapters:
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={chapter.start_ms}",
            f"END={chapter.end_ms}",
            f"title={_escape(chapter.title)}",
        ]
    return "\n".join(lines) + "\n"


def ffmpeg() -> str:
    from publish.installed import program

    return program("ffmpeg", "ffmpeg", "the m4b format")


def audiobook(
    mp3: bytes,
    meta: Metadata,
    chapters: list[Chapter],
    cover: CoverImage,
    narrator: str,
    stamp: dt.datetime,
) -> bytes:
    """The M4B's bytes. `narrator` credits the voice ("en_US-joe-medium (synthetic voice)");
    `stamp` is the MP4's creation time, from the source (never the clock)."""
    import soundfile

    from publish.tts.samples import decode_mp3

    samples, rate = decode_mp3(mp3)
    with tempfile.TemporaryDirectory(prefix="publish-m4b-") as folder:
        wav, info, out = Path(folder, "in.wav"), Path(folder, "meta.txt"), Path(folder, "out.m4b")
        soundfile.write(wav, samples, rate, subtype="FLOAT")
        info.write_text(ffmetadata(meta, chapters), encoding="utf-8")
        command = [
            ffmpeg(),
            "-nostdin",
            "-loglevel",
            "error",
            "-i",
            str(wav),
            "-i",
            str(info),
            "-map",
            "0:a",
            "-map_metadata",
            "1",
            "-map_chapters",
            "1",
            "-c:a",
            "aac",
            "-b:a",
            f"{AAC_BITRATE}k",
            "-fflags",
            "+bitexact",
            "-flags:a",
            "+bitexact",
            "-metadata",
            f"creation_time={stamp.strftime('%Y-%m-%dT%H:%M:%S.000000Z')}",
            "-f",
            "ipod",
            str(out),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise EngineError(f"publish: ffmpeg could not make the M4B: {done.stderr.strip()}")
        data = out.read_bytes()
    return _tagged(data, meta, cover, narrator)


def _tagged(data: bytes, meta: Metadata, cover: CoverImage, narrator: str) -> bytes:
    from mutagen.mp4 import MP4, MP4Cover, MP4FreeForm

    buffer = io.BytesIO(data)
    book = MP4(buffer)
    if book.tags is None:
        book.add_tags()
    tags = book.tags
    assert tags is not None
    tags["\xa9nam"] = [meta.title]
    tags["\xa9alb"] = [meta.title]
    if meta.authors:
        tags["\xa9ART"] = [", ".join(meta.authors)]
        tags["aART"] = [", ".join(meta.authors)]
    if narrator:  # a reader's recording may not name its reader
        tags["\xa9nrt"] = [narrator]  # Apple's narrator atom
    tags["\xa9gen"] = ["Audiobook"]
    tags["stik"] = [2]  # media kind: audiobook
    if meta.date:
        tags["\xa9day"] = [meta.date.isoformat()]
    if meta.publisher:
        tags["\xa9pub"] = [meta.publisher]
    if meta.description:
        tags["desc"] = [meta.description]
    if meta.license:
        tags["cprt"] = [meta.license]
    if meta.series is not None:
        place = f", {meta.series.number}" if meta.series.number else ""
        tags["\xa9grp"] = [f"{meta.series.name}{place}"]
        tags["----:com.apple.iTunes:SERIES"] = [MP4FreeForm(meta.series.name.encode())]
        if meta.series.number:
            tags["----:com.apple.iTunes:SERIES-PART"] = [MP4FreeForm(meta.series.number.encode())]
    if meta.identifier.startswith("urn:isbn:"):
        tags["----:com.apple.iTunes:ISBN"] = [MP4FreeForm(meta.identifier[9:].encode())]
    kind = MP4Cover.FORMAT_JPEG if cover.media_type == "image/jpeg" else MP4Cover.FORMAT_PNG
    tags["covr"] = [MP4Cover(cover.data, imageformat=kind)]
    buffer.seek(0)
    book.save(buffer)
    return buffer.getvalue()
