"""The small interface every speech engine keeps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.float32]


@dataclass(frozen=True)
class VoiceInfo:
    """A voice an engine can use: `spec` is what --voice takes."""

    spec: str
    engine: str
    language: str
    description: str
    offline: bool


class Engine(Protocol):
    """Turns one short text into mono float32 samples in [-1, 1].

    Engines are picklable (their loaded models are not pickled), so workers can
    rebuild them; `settings` goes into every cache key.
    """

    @property
    def name(self) -> str: ...

    @property
    def voice(self) -> str: ...

    @property
    def language(self) -> str: ...

    @property
    def sample_rate(self) -> int: ...

    @property
    def supports_phonemes(self) -> bool: ...

    @property
    def workers(self) -> int:
        """How many processes it may run in; 1 for network engines."""
        ...

    def settings(self) -> str: ...

    def synthesize(self, text: str) -> Samples: ...
