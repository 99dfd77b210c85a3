"""The synthetic reading a recording is aligned to: every sentence spoken by the offline
voice, one clip each, so where each sentence starts and ends in it is known exactly."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from publish.audio.speech import Pauses, SpeechItem, SpeechText, speech_items
from publish.audio.synth import AudioCache, synthesize_all
from publish.model.nodes import Article
from publish.tts.base import Engine, Samples

EDGE_MS = 300  # silence before the first sentence and after the last


@dataclass(frozen=True)
class Spoken:
    """One sentence of the reference: its ID, what was said, its clip and the pause after."""

    id: str
    text: str
    clip: Samples
    pause_ms: int


@dataclass(frozen=True)
class Timeline:
    """The reference's clips joined with their pauses, and each sentence's [start, end) sample."""

    samples: Samples
    spans: tuple[tuple[int, int], ...]
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    sentences: tuple[Spoken, ...]
    rate: int
    voice: str  # "engine:voice", as the narration names it

    def timeline(self, leave_out: Iterable[str] = ()) -> Timeline:
        """The reading, without the sentences in `leave_out` (for the second pass)."""
        left = set(leave_out)
        kept = [s for s in self.sentences if s.id not in left]
        edge = np.zeros(self.rate * EDGE_MS // 1000, dtype=np.float32)
        parts: list[Samples] = [edge]
        spans = []
        position = edge.size
        for index, sentence in enumerate(kept):
            parts.append(sentence.clip)
            spans.append((position, position + sentence.clip.size))
            position += sentence.clip.size
            if index + 1 < len(kept):
                pause = np.zeros(self.rate * sentence.pause_ms // 1000, dtype=np.float32)
                parts.append(pause)
                position += pause.size
        parts.append(edge)
        return Timeline(np.concatenate(parts), tuple(spans), tuple(s.id for s in kept))


def synthesize_reference(
    items: Sequence[SpeechItem], engine: Engine, cache: AudioCache, workers: int | None = None
) -> Reference:
    """The reference for these speech items, with publish's own per-sentence synthesis (and
    its cache: a narration already built costs nothing here)."""
    clips = synthesize_all(engine, [i.text for i in items], cache, workers=workers)
    sentences = tuple(
        Spoken(i.id, i.text, clip, i.pause_ms)
        for i, clip in zip(items, clips, strict=True)
        if clip.size
    )
    return Reference(sentences, engine.sample_rate, f"{engine.name}:{engine.voice}")


def reference_for(
    article: Article,
    engine: Engine,
    cache: AudioCache,
    pauses: Pauses | None = None,
    workers: int | None = None,
) -> Reference:
    """The article read by `engine` as the narration reads it: title, headings and all."""
    speech = SpeechText(article.glossary, engine.supports_phonemes, article.metadata.language)
    items = speech_items(article, speech, pauses or Pauses())
    return synthesize_reference(items, engine, cache, workers)
