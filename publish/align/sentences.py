"""The reference's sentences in frames, and one alignment of them (a pass)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from publish.align.features import Matrix

Index = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
VOICED = 0.5  # a reference frame with c0 above this is heard over the room noise


@dataclass(frozen=True)
class Sentences:
    """Each sentence's first and last reference frame that rises above the recording's noise
    floor: the quiet ends of a clip are pause, as they would be in the room."""

    ids: tuple[str, ...]
    first: Index
    last: Index

    @classmethod
    def of(cls, ids: tuple[str, ...], spans: Floats, expected: Matrix) -> Sentences:
        first = np.floor(spans[:, 0]).astype(np.int64)
        last = np.minimum(np.ceil(spans[:, 1]).astype(np.int64), expected.shape[0]) - 1
        voiced = expected[:, 0] > VOICED
        for index, (a, b) in enumerate(zip(first, last, strict=True)):
            inside = np.flatnonzero(voiced[a : b + 1])
            if inside.size:
                first[index], last[index] = a + inside[0], a + inside[-1]
        return cls(ids, first, np.maximum(first, last))

    def cut(self, index: int) -> tuple[int, int]:
        """The reference frames a sentence takes, with the pause after it: [low, high)."""
        low = int(self.first[index])
        if index + 1 < len(self.ids):
            return low, int(self.first[index + 1])
        return low, int(self.last[index]) + 1


@dataclass(frozen=True)
class Pass:
    """One alignment of the reference's sentences (less some left out) onto the recording:
    each sentence's first and last recorded frame, its length in the reference in frames, and
    its mean frame distance along the path over the distance of unrelated speech frames."""

    ids: tuple[str, ...]
    starts: Index
    ends: Index
    expected: Floats
    ratios: Floats
    reversed: Floats | None = None  # see departures.against_reversed

    def pace(self) -> float:
        """Recorded frames per reference frame, for the median sentence."""
        return float(np.median((self.ends - self.starts) / self.expected))

    def taken(self) -> Floats:
        """Each sentence's recorded length over what the reader's pace gives it."""
        result: Floats = (self.ends - self.starts) / (self.expected * self.pace())
        return result


def baseline(a: Matrix, b: Matrix) -> float:
    """The median distance between a speech frame of one signal and one of the other, picked
    at random (the same picks every time)."""
    speech_a, speech_b = a[a[:, 0] > VOICED], b[b[:, 0] > VOICED]
    if not len(speech_a) or not len(speech_b):
        return 1.0
    rng = np.random.default_rng(0)
    picks = 4000
    left = speech_a[rng.integers(0, len(speech_a), picks)]
    right = speech_b[rng.integers(0, len(speech_b), picks)]
    return float(np.median(np.linalg.norm(left - right, axis=1)))
