"""The timing map (JSON) and WebVTT captions and chapters, all keyed by the model's IDs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Cue:
    id: str
    section_id: str
    start_ms: int
    end_ms: int
    text: str  # as written in the article
    spoken: str  # what the voice was asked to say (the fidelity check reads it back)


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    start_ms: int
    end_ms: int


def timestamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _cue_text(text: str) -> str:
    # WebVTT cue text must not contain "-->" or blank lines; & and < are escaped.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def webvtt(cues: list[Cue], language: str) -> str:
    lines = ["WEBVTT", f"Language: {language}", ""]
    for cue in cues:
        lines += [
            cue.id,
            f"{timestamp(cue.start_ms)} --> {timestamp(cue.end_ms)}",
            _cue_text(cue.text),
            "",
        ]
    return "\n".join(lines)


def chapters_vtt(chapters: list[Chapter]) -> str:
    lines = ["WEBVTT", ""]
    for chapter in chapters:
        lines += [
            chapter.id,
            f"{timestamp(chapter.start_ms)} --> {timestamp(chapter.end_ms)}",
            _cue_text(chapter.title),
            "",
        ]
    return "\n".join(lines)


def timing_json(
    audio_name: str,
    duration_ms: int,
    cues: list[Cue],
    chapters: list[Chapter],
    sample_rate: int,
    voice: str,
    profile: str = "default",
    bitrate: int = 0,
    recording: dict[str, Any] | None = None,
) -> str:
    """Schema: publish-timing/1. Times are milliseconds in the decoded MP3; `spoken` is the
    text the voice was given for the sentence (with a reader's recording, the text the reader
    was aligned to). A recording adds `recording` (its file, narrator, the share of sentences
    found, the sentences skipped and doubtful) and each sentence's alignment `confidence`."""
    confidence = (recording or {}).get("confidence", {})
    data: dict[str, Any] = {
        "schema": "publish-timing/1",
        "audio": audio_name,
        "duration_ms": duration_ms,
        "sample_rate": sample_rate,
        "voice": voice,
        "profile": profile,
        "bitrate": bitrate,
    }
    if recording is not None:
        data["recording"] = {k: v for k, v in recording.items() if k != "confidence"}
    return (
        json.dumps(
            data
            | {
                "sentences": [
                    {
                        "id": c.id,
                        "section": c.section_id,
                        "start_ms": c.start_ms,
                        "end_ms": c.end_ms,
                        "spoken": c.spoken,
                    }
                    | ({"confidence": confidence[c.id]} if c.id in confidence else {})
                    for c in cues
                ],
                "sections": [
                    {"id": c.id, "title": c.title, "start_ms": c.start_ms, "end_ms": c.end_ms}
                    for c in chapters
                ],
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    )
