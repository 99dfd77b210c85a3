"""ID3v2.4 tags with chapter frames (CHAP/CTOC), written with mutagen."""

from __future__ import annotations

import io

from publish.assets import CoverImage
from publish.audio.captions import Chapter
from publish.config import Metadata

# ISO 639-2 codes for TLAN, for the languages publish has strings or voices for.
ISO639_2 = {
    "ar": "ara",
    "zh": "zho",
    "ko": "kor",
    "vi": "vie",
    "ru": "rus",
    "en": "eng",
    "fr": "fra",
    "de": "deu",
    "es": "spa",
    "it": "ita",
    "nl": "nld",
    "pt": "por",
    "pl": "pol",
    "sv": "swe",
    "da": "dan",
    "fi": "fin",
    "no": "nor",
}


def tag_mp3(mp3: bytes, meta: Metadata, chapters: list[Chapter], cover: CoverImage | None) -> bytes:
    from mutagen.id3 import (
        APIC,
        CHAP,
        COMM,
        CTOC,
        ID3,
        TALB,
        TDRC,
        TIT2,
        TLAN,
        TPE1,
        TPUB,
        CTOCFlags,
    )

    tags = ID3()
    tags.add(TIT2(encoding=3, text=meta.title))
    if meta.authors:
        tags.add(TPE1(encoding=3, text=list(meta.authors)))
    tags.add(TALB(encoding=3, text=meta.publisher or meta.title))
    if meta.publisher:
        tags.add(TPUB(encoding=3, text=meta.publisher))
    if meta.date:
        tags.add(TDRC(encoding=3, text=meta.date.isoformat()))  # the day, as the front matter says
    tags.add(TLAN(encoding=3, text=ISO639_2.get(meta.language.split("-")[0].lower(), "und")))
    if meta.license:
        tags.add(COMM(encoding=3, lang="eng", desc="license", text=meta.license))
    if cover is not None:
        tags.add(APIC(encoding=3, mime=cover.media_type, type=3, desc="Cover", data=cover.data))
    ids = [f"chp{n}" for n in range(len(chapters))]
    tags.add(
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=ids,
            sub_frames=[TIT2(encoding=3, text=meta.title)],
        )
    )
    for element_id, chapter in zip(ids, chapters, strict=True):
        tags.add(
            CHAP(
                element_id=element_id,
                start_time=chapter.start_ms,
                end_time=chapter.end_ms,
                sub_frames=[TIT2(encoding=3, text=chapter.title)],
            )
        )
    buffer = io.BytesIO(mp3)
    tags.save(buffer, v2_version=4, padding=lambda info: 0)
    return in_time_order(buffer.getvalue())


def _syncsafe(data: bytes) -> int:
    return (data[0] << 21) | (data[1] << 14) | (data[2] << 7) | data[3]


def in_time_order(data: bytes) -> bytes:
    """The file with its ID3v2.4 tag's chapter frames stored in time order, after the CTOC.

    mutagen stores frames by size, then by key, so CHAP frames came out shuffled, and ffmpeg
    (with the players built on it) lists chapters in the order they are stored."""
    if data[:3] != b"ID3" or data[3] != 4 or data[5] & 0xC0:  # unsynchronised or extended
        return data
    end = 10 + _syncsafe(data[6:10])
    frames: list[bytes] = []
    at = 10
    while at + 10 <= end and data[at] != 0:
        size = _syncsafe(data[at + 4 : at + 8])
        frames.append(data[at : at + 10 + size])
        at += 10 + size

    def start_ms(frame: bytes) -> int:
        body = frame[10:]
        after_id = body.index(b"\0") + 1
        return int.from_bytes(body[after_id : after_id + 4], "big")

    chapters = [f for f in frames if f[:4] in (b"CTOC", b"CHAP")]
    if not chapters:
        return data
    ordered = [f for f in chapters if f[:4] == b"CTOC"]
    ordered += sorted((f for f in chapters if f[:4] == b"CHAP"), key=start_ms)
    first = frames.index(chapters[0])
    rest = [f for f in frames if f[:4] not in (b"CTOC", b"CHAP")]
    frames = [*rest[:first], *ordered, *rest[first:]]
    return data[:10] + b"".join(frames) + data[at:]
