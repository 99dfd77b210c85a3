"""Narration as a build product: every sentence spoken, mixed, mastered, encoded and timed.

Made once per article, then read by the audio writer (MP3, timing, captions), the page's
read-along player and the e-book's media overlays.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from publish.assets import CoverImage
from publish.audio.callouts import spoken_marks
from publish.audio.captions import Chapter, Cue
from publish.audio.chapters import audio_chapters, chapter_of
from publish.audio.lexicon import pls
from publish.audio.master import (
    PROFILES,
    Profile,
    audible_span,
    decoder_delay,
    encode_mp3,
    master,
    mix,
)
from publish.audio.speech import Pauses, SpeechItem, SpeechText, speech_items
from publish.audio.synth import (
    AudioCache,
    FinishedCache,
    SynthesisStats,
    synthesize_all,
)
from publish.audio.tags import tag_mp3
from publish.errors import EngineError
from publish.model.nodes import Article
from publish.model.walk import narrated
from publish.progress import Display
from publish.settings import BuildOptions
from publish.strings import strings_for
from publish.tts import engine_for
from publish.tts.base import Engine, Samples
from publish.tts.samples import decode_mp3, resample
from publish.version import __version__

log = logging.getLogger(__name__)

# How the finished MP3 is tagged and timed: part of its cache key, so a change here makes it
# again. 2: chapters for `###` headings, the glossary, and CHAP frames stored in time order.
# 3: a caption carries the words the narration adds ("Warning.", "Checklist.", "Done?").
TAGGING = 3


@dataclass(frozen=True)
class Recorded:
    """What aligning a reader's recording found (publish.align): who read it, how well each
    sentence matched (0 to 1), and the sentences the reader left out or changed."""

    file: str  # the recording's name, beside the source
    narrator: str  # from `contributors` (role nrt); "" when the front matter names none
    confidence: dict[str, float]
    skipped: tuple[str, ...]
    doubtful: tuple[str, ...]
    share: float  # of the sentences, those found and matching

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "narrator": self.narrator,
            "confidence": self.confidence,
            "skipped": list(self.skipped),
            "doubtful": list(self.doubtful),
            "share": self.share,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recorded:
        return cls(
            str(data["file"]),
            str(data["narrator"]),
            {str(k): float(v) for k, v in data["confidence"].items()},
            tuple(data["skipped"]),
            tuple(data["doubtful"]),
            float(data["share"]),
        )


@dataclass(frozen=True)
class Narration:
    mp3: bytes
    cues: list[Cue]
    chapters: list[Chapter]
    duration_ms: int
    sample_rate: int
    voice: str
    stats: SynthesisStats
    lexicon: bytes | None
    profile: str
    bitrate: int
    recorded: Recorded | None = None  # a reader's recording, aligned; None: a voice

    @property
    def credit(self) -> str:
        """How the reading is credited, in the EPUB, the M4B and the DAISY book alike: the
        human narrator by name (never "synthetic"; "" when unnamed), else the voice as a synthetic voice
        ("piper:NAME" -> "NAME (synthetic voice)")."""
        if self.recorded is not None:  # "" when the front matter names no narrator
            return self.recorded.narrator
        return f"{self.voice.split(':', 1)[-1]} (synthetic voice)"

    @property
    def synthetic(self) -> bool:
        return self.recorded is None


def narrate(
    article: Article,
    options: BuildOptions,
    cover: Callable[[], CoverImage],
    display: Display | None = None,
) -> Narration:
    """The article narrated with the chosen voice, or the offline one if asked and it fails.
    With a reader's recording (`narration:`), publish.align times it instead (the products
    layer chooses; see Products.narration)."""
    language = article.metadata.language
    try:
        return _narrate(article, engine_for(options.voice, language), options, cover, display)
    except EngineError as exc:
        if not options.voice_fallback or not options.voice.startswith("gtts"):
            raise
        why = str(exc).removeprefix("publish: ").rstrip(".")
        offline = engine_for("auto", language)
        log.warning("%s; narrating with the offline voice %s instead", why, offline.voice)
        return _narrate(article, offline, options, cover, display)


def _narrate(
    article: Article,
    engine: Engine,
    options: BuildOptions,
    cover: Callable[[], CoverImage],
    display: Display | None,
) -> Narration:
    profile = PROFILES[options.audio_profile]
    rate = options.speech_rate_for(article.metadata)
    engine = at_rate(engine, rate)
    items = items_for(article, engine, options)
    cache_dir = options.audio_cache
    bitrate = options.bitrate or profile.bitrate
    voice = f"{engine.name}:{engine.voice}"
    finished = FinishedCache(cache_dir / "narrations")
    key = finished.key(
        __version__,
        engine.settings(),
        profile,
        bitrate,
        article.metadata,
        [(i.id, i.text, i.pause_ms) for i in items],
        [(s.id, s.text) for s, _ in narrated(article)],
        _cover_digest(article),  # the MP3 carries the cover: a new one is a new narration
        options.brand.fingerprint(),  # and the generated cover shows the house style
        TAGGING,
        sorted(chapter_of(article).items()),
    )
    lexicon = pls(article.glossary, article.metadata.language)
    cached = finished.get(key)
    heard = display.sentences(len(items)) if display else None
    started = time.perf_counter()
    if cached is not None:
        mp3, cues, chapters, duration_ms, out_rate = cached
        if heard is not None:  # every sentence's audio, found in the cache
            for item in items:
                heard(item.id, True)
        if display:
            display.end("narration", "narration", "ok", time.perf_counter() - started)
        return Narration(
            mp3,
            cues,
            chapters,
            duration_ms,
            out_rate,
            voice,
            SynthesisStats(cached=len(items)),
            lexicon,
            profile.name,
            bitrate,
        )
    stats = SynthesisStats()
    clips = synthesize_all(
        engine,
        [i.text for i in items],
        AudioCache(cache_dir),
        each=(lambda index, hit: heard(items[index].id, hit)) if heard else None,
        stats=stats,
    )
    tagged, cues, chapters, duration_ms, out_rate = programme(
        article, items, clips, engine.sample_rate, profile, bitrate, cover
    )
    finished.put(key, tagged, cues, chapters, duration_ms, out_rate)
    if display:
        display.end("narration", "narration", "ok", time.perf_counter() - started)
    return Narration(
        tagged, cues, chapters, duration_ms, out_rate, voice, stats, lexicon, profile.name, bitrate
    )


def items_for(article: Article, engine: Engine, options: BuildOptions) -> list[SpeechItem]:
    """What the narration says, sentence by sentence, with the pause after each (longer in
    step with a slower speech rate)."""
    rate = options.speech_rate_for(article.metadata)
    speech = SpeechText(article.glossary, engine.supports_phonemes, article.metadata.language)
    pauses = Pauses(*options.pauses)
    if rate != 1.0:  # a slower voice pauses longer, in step
        pauses = Pauses(*(round(getattr(pauses, f.name) / rate) for f in fields(Pauses)))
    return speech_items(article, speech, pauses)


def programme(
    article: Article,
    items: Sequence[SpeechItem],
    clips: Sequence[Samples],
    rate: int,
    profile: Profile,
    bitrate: int,
    cover: Callable[[], CoverImage],
) -> tuple[bytes, list[Cue], list[Chapter], int, int]:
    """The clips (one a sentence, a voice's or cut from a recording) mixed with their pauses,
    mastered, encoded, tagged and timed: the MP3, its cues and chapters, its length and rate."""
    joined, starts = mix(list(clips), [i.pause_ms for i in items], rate, profile)
    out_rate = profile.sample_rate or rate
    joined = master(resample(joined, rate, out_rate), out_rate, profile)
    mp3 = encode_mp3(joined, out_rate, bitrate)
    decoded, _ = decode_mp3(mp3)
    delay = decoder_delay(out_rate, bitrate)
    ratio = out_rate / rate
    # Each sentence spans what is audible of its clip in the decoded MP3 (what players play).
    bounds = [
        (round(start * ratio) + delay, round((start + clip.size) * ratio) + delay)
        for start, clip in zip(starts, clips, strict=True)
    ]
    texts = captioned(article)
    cues = []
    reach = out_rate * 30 // 1000  # MP3 smears a few ms of sound past a clip's edges
    for index, (item, (lo, hi)) in enumerate(zip(items, bounds, strict=True)):
        before = (bounds[index - 1][1] + lo) // 2 if index else 0
        after = (hi + bounds[index + 1][0]) // 2 if index + 1 < len(bounds) else decoded.size
        first, last = audible_span(
            decoded, max(before, lo - reach), min(after, hi + reach), out_rate
        )
        cues.append(
            Cue(
                item.id,
                item.section_id,
                round(first * 1000 / out_rate),
                round(last * 1000 / out_rate),
                texts[item.id],
                item.text,
            )
        )
    duration_ms = round(decoded.size * 1000 / out_rate)
    chapters = audio_chapters(article, cues, duration_ms)
    return tag_mp3(mp3, article.metadata, chapters, cover()), cues, chapters, duration_ms, out_rate


def captioned(article: Article) -> dict[str, str]:
    """Each narrated sentence as its caption shows it: as written, with the words the
    narration adds around it in the article's language ("Warning. Your medicines.",
    "Bring your list. Done?"), so a deaf viewer gets the label a listener hears."""
    marks = spoken_marks(article, strings_for(article.metadata.language))
    texts = {}
    for sentence, _ in narrated(article):
        before, after = marks.get(sentence.id, ("", ""))
        texts[sentence.id] = f"{before}{sentence.text}{after}"
    return texts


def at_rate(engine: Engine, rate: float) -> Engine:
    """The engine at the article's speech rate. An engine that cannot change its pace says
    so, and speaks at its own (the pauses still follow the rate)."""
    if rate == 1.0:
        return engine
    change = getattr(engine, "at_rate", None)
    if not callable(change):
        log.warning(
            "the %s voice cannot change its pace; speech_rate %s applies to the pauses only",
            engine.name,
            rate,
        )
        return engine
    faster: Engine = change(rate)
    return faster


def _cover_digest(article: Article) -> str:
    """The author's cover file's digest; "" for the generated one (the metadata decides it)."""
    if not article.metadata.cover:
        return ""
    import hashlib
    from pathlib import Path

    path = Path(article.source).parent / article.metadata.cover
    return hashlib.sha256(path.read_bytes()).hexdigest()
