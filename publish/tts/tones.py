"""A speech engine with no model: each word is a short tone. Deterministic and instant.

For tests and drafts: it exercises narration, timing, captions and overlays exactly as a
voice does (`--voice tones`), without Piper or a network.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from publish.tts.base import Engine, Samples, VoiceInfo

WORD_MS = 160
GAP_MS = 50


def create(name: str, language: str) -> Engine:
    return ToneEngine(language)


def voices() -> list[VoiceInfo]:
    return [VoiceInfo("tones", "tones", "any", "Tones, one per word (for tests; no speech)", True)]


@dataclass(frozen=True)
class ToneEngine:
    language: str
    name: str = "tones"
    voice: str = "tones"
    sample_rate: int = 22050
    supports_phonemes: bool = False
    workers: int = 1
    speech_rate: float = 1.0

    def settings(self) -> str:
        return "tones/1" if self.speech_rate == 1.0 else f"tones/1 rate={self.speech_rate}"

    def at_rate(self, rate: float) -> ToneEngine:
        from dataclasses import replace

        return replace(self, speech_rate=self.speech_rate * rate)

    def synthesize(self, text: str) -> Samples:
        rate = self.sample_rate
        word_ms = round(WORD_MS / self.speech_rate)
        t = np.arange(rate * word_ms // 1000, dtype=np.float32) / rate
        envelope = np.sin(np.pi * t / t[-1]).astype(np.float32)  # no clicks at either end
        gap = np.zeros(rate * round(GAP_MS / self.speech_rate) // 1000, dtype=np.float32)
        parts: list[Samples] = []
        for word in text.split():
            pitch = 180 + zlib.crc32(word.encode()) % 220  # the same word, the same tone
            parts += [(0.4 * envelope * np.sin(2 * np.pi * pitch * t)).astype(np.float32), gap]
        return np.concatenate(parts[:-1]) if parts else np.zeros(0, dtype=np.float32)
