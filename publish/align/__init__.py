"""Alignment of a human recording to the handout it reads: each sentence's start and end,
offline on a CPU, in any language an offline voice speaks (the aeneas approach: the text is
synthesized sentence by sentence, and the synthetic reading warped onto the recording)."""

from __future__ import annotations

from publish.align.aligner import align
from publish.align.reference import Reference, Spoken, reference_for, synthesize_reference
from publish.align.result import (
    Alignment,
    RecordingError,
    SentenceTime,
    Status,
    WrongTextError,
)

__all__ = [
    "Alignment",
    "RecordingError",
    "Reference",
    "SentenceTime",
    "Spoken",
    "Status",
    "WrongTextError",
    "align",
    "reference_for",
    "synthesize_reference",
]
