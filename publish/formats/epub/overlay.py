"""EPUB 3 Media Overlays: one SMIL document per narrated content document (each article's, and
the glossary's), one <par> per sentence."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from publish.audio.captions import Cue

SMIL_NS = "http://www.w3.org/ns/SMIL"
EPUB_NS = "http://www.idpf.org/2007/ops"
ACTIVE_CLASS = "-epub-media-overlay-active"


def clock(ms: int) -> str:
    """SMIL clock value, h:mm:ss.fff (also the form media:duration takes)."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


@dataclass(frozen=True)
class Par:
    """One <par>: a piece of text (its ID in the content document) and its clip of the audio."""

    id: str
    audio: str  # the audio file's href in the book
    begin_ms: int
    end_ms: int


def clips(cues: list[Cue], duration_ms: int, audio: str) -> list[Par]:
    """Each cue's clip: from its start to the next one's, so playback runs on through pauses."""
    out = []
    for index, cue in enumerate(cues):
        end = cues[index + 1].start_ms if index + 1 < len(cues) else max(cue.end_ms, duration_ms)
        out.append(Par(cue.id, audio, cue.start_ms, end))
    return out


def smil(content_href: str, pars: list[Par], kind: str = "bodymatter chapter") -> tuple[bytes, int]:
    """The SMIL document for one content document and its duration in milliseconds (the sum
    of its clips). `kind` is the epub:type of what it reads."""
    ET.register_namespace("", SMIL_NS)
    ET.register_namespace("epub", EPUB_NS)
    root = ET.Element(f"{{{SMIL_NS}}}smil", {"version": "3.0"})
    body = ET.SubElement(root, f"{{{SMIL_NS}}}body")
    seq = ET.SubElement(
        body,
        f"{{{SMIL_NS}}}seq",
        {
            "id": "seq-main",
            f"{{{EPUB_NS}}}textref": content_href,
            f"{{{EPUB_NS}}}type": kind,
        },
    )
    total = 0
    for piece in pars:
        par = ET.SubElement(seq, f"{{{SMIL_NS}}}par", {"id": f"par-{piece.id}"})
        ET.SubElement(par, f"{{{SMIL_NS}}}text", {"src": f"{content_href}#{piece.id}"})
        ET.SubElement(
            par,
            f"{{{SMIL_NS}}}audio",
            {
                "src": piece.audio,
                "clipBegin": clock(piece.begin_ms),
                "clipEnd": clock(piece.end_ms),
            },
        )
        total += piece.end_ms - piece.begin_ms
    ET.indent(root)
    xml = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
    return xml, total
