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
    return buffer.getvalue()
