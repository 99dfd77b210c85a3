"""Narration as a build product: every sentence spoken, mixed, mastered, encoded and timed.

Made once per article, then read by the audio writer (MP3, timing, captions), the page's
read-along player and the e-book's media overlays.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, fields

from publish.assets import CoverImage
from publish.audio.captions import Chapter, Cue
from publish.audio.lexicon import pls
from publish.audio.master import (
    PROFILES,
    audible_span,
    decoder_delay,
    encode_mp3,
    master,
    mix,
)
from publish.audio.speech import Pauses, SpeechText, speech_items
from publish.audio.synth import (
    AudioCache,
    FinishedCache,
    SynthesisStats,
    synthesize_all,
)
from publish.audio.tags import tag_mp3
from publish.errors import EngineError
from publish.model.nodes import Article, Section
from publish.model.walk import NOTES_ID, TITLE_ID
from publish.progress import Display
from publish.settings import BuildOptions
from publish.strings import strings_for
from publish.tts import engine_for
from publish.tts.base import Engine
from publish.tts.samples import decode_mp3, resample
from publish.version import __version__

log = logging.getLogger(__name__)


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

    @property
    def credit(self) -> str:
        """How the voice is credited: a synthetic voice, not a person ("piper:NAME" -> "NAME
        (synthetic voice)"), in the EPUB, the M4B and the DAISY book alike."""
        return f"{self.voice.split(':', 1)[-1]} (synthetic voice)"


def narrate(
    article: Article,
    options: BuildOptions,
    cover: Callable[[], CoverImage],
    display: Display | None = None,
) -> Narration:
    """The article narrated with the chosen voice, or the offline one if asked and it fails."""
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
    speech = SpeechText(article.glossary, engine.supports_phonemes, article.metadata.language)
    pauses = Pauses(*options.pauses)
    if rate != 1.0:  # a slower voice pauses longer, in step
        pauses = Pauses(*(round(getattr(pauses, f.name) / rate) for f in fields(Pauses)))
    items = speech_items(article, speech, pauses)
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
        [(s.id, s.text) for s in article.sentences()],
        _cover_digest(article),  # the MP3 carries the cover: a new one is a new narration
    )
    lexicon = pls(article.glossary, article.metadata.language)
    cached = finished.get(key)
    if cached is not None:
        mp3, cues, chapters, duration_ms, out_rate = cached
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
    progress = display.steps(f"narrating {len(items)} sentences") if display else None
    clips = synthesize_all(
        engine, [i.text for i in items], AudioCache(cache_dir), progress=progress, stats=stats
    )
    rate = engine.sample_rate
    programme, starts = mix(clips, [i.pause_ms for i in items], rate, profile)
    out_rate = profile.sample_rate or rate
    programme = master(resample(programme, rate, out_rate), out_rate, profile)
    mp3 = encode_mp3(programme, out_rate, bitrate)
    decoded, _ = decode_mp3(mp3)
    delay = decoder_delay(out_rate, bitrate)
    ratio = out_rate / rate
    # Each sentence spans what is audible of its clip in the decoded MP3 (what players play).
    bounds = [
        (round(start * ratio) + delay, round((start + clip.size) * ratio) + delay)
        for start, clip in zip(starts, clips, strict=True)
    ]
    texts = {s.id: s.text for s in article.sentences()}
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
    tagged = tag_mp3(mp3, article.metadata, chapters, cover())
    finished.put(key, tagged, cues, chapters, duration_ms, out_rate)
    return Narration(
        tagged, cues, chapters, duration_ms, out_rate, voice, stats, lexicon, profile.name, bitrate
    )


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


def chapter_sections(article: Article) -> list[Section]:
    """The sections that get a chapter each: the top-level ones, unless one heading wraps
    them all (a lone `# Heading` over the whole text), and then the ones inside it."""
    level = [s for s in article.sections if s.heading is not None]
    while len(level) == 1 and level[0].sections:
        wrapper = level[0]
        inner = [c for c in wrapper.sections if c.heading is not None]
        if wrapper.blocks:  # text of its own before its first section: a chapter of its own
            return [wrapper, *inner]
        level = inner
    return level


def audio_chapters(article: Article, cues: list[Cue], duration_ms: int) -> list[Chapter]:
    """One chapter per section of the first level that has more than one; the title and
    the introduction open the first."""
    titles = {
        TITLE_ID: article.metadata.title,
        NOTES_ID: strings_for(article.metadata.language)["notes"],
    }
    for section in chapter_sections(article):
        assert section.heading is not None
        titles[section.id] = section.heading.sentence.text
    top_of = {TITLE_ID: TITLE_ID, NOTES_ID: NOTES_ID}

    def assign(section: Section, chapter: str) -> None:
        own = section.id if section.id in titles else chapter
        top_of[section.id] = own
        for child in section.sections:
            assign(child, own)

    for section in article.sections:
        assign(section, TITLE_ID)  # a section without a heading belongs to the title's
    starts: list[tuple[str, int]] = []
    for cue in cues:
        chapter = top_of[cue.section_id]
        if not starts or starts[-1][0] != chapter:
            starts.append((chapter, 0 if not starts else cue.start_ms))
    ends = [start for _, start in starts[1:]] + [duration_ms]
    return [Chapter(c, titles[c], start, end) for (c, start), end in zip(starts, ends, strict=True)]
