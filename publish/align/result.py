"""What an alignment finds, and the errors of a recording that cannot be aligned."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from publish.errors import SourceError


class Status(enum.Enum):
    ALIGNED = "aligned"
    DOUBTFUL = "doubtful"  # found, but its audio does not match the sentence well
    SKIPPED = "skipped"  # the reader left it out: it has no clip


@dataclass(frozen=True)
class SentenceTime:
    """Where one sentence is in the recording, in milliseconds; a skipped one has start ==
    end, at the place it would have been. `confidence` is 1 for a match as close as the
    recording's typical sentence, 0 for one no closer than unrelated speech."""

    id: str
    start_ms: int
    end_ms: int
    confidence: float
    status: Status


@dataclass(frozen=True)
class Alignment:
    sentences: tuple[SentenceTime, ...]
    duration_ms: int  # the whole recording
    share: float  # of the sentences, those found and matching (not skipped, not doubtful)

    def by_id(self) -> dict[str, SentenceTime]:
        return {s.id: s for s in self.sentences}

    @property
    def skipped(self) -> tuple[SentenceTime, ...]:
        return tuple(s for s in self.sentences if s.status is Status.SKIPPED)

    @property
    def doubtful(self) -> tuple[SentenceTime, ...]:
        return tuple(s for s in self.sentences if s.status is Status.DOUBTFUL)


class RecordingError(SourceError):
    """The recording cannot be aligned: empty, silent, too short, or not audio."""


class WrongTextError(RecordingError):
    """Fewer sentences than the minimum share align: the recording reads another text."""

    def __init__(self, message: str, alignment: Alignment) -> None:
        super().__init__(message)
        self.alignment = alignment
        self.share = alignment.share
