"""Narration as a build product: every sentence spoken, mixed, mastered, encoded and timed.

Made once per article, then read by the audio writer (MP3, timing, captions), the page's
read-along player and the e-book's media overlays.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

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
    terminal_progress,
)
from publish.audio.tags import tag_mp3
from publish.errors import EngineError
from publish.model.nodes import Article
from publish.model.walk import NOTES_ID, TITLE_ID, reading
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


def narrate(article: Article, options: BuildOptions, cover: Callable[[], bytes]) -> Narration:
    """The article narrated with the chosen voice, or the offline one if asked and it fails."""
    try:
        return _narrate(
            article, engine_for(options.voice, article.metadata.language), options, cover
        )
    except EngineError:
        if not options.voice_fallback or options.voice.startswith("piper"):
            raise
        log.warning("the %s voice failed; narrating with the offline voice", options.voice)
        return _narrate(article, engine_for("piper", article.metadata.language), options, cover)


def _narrate(
    article: Article, engine: Engine, options: BuildOptions, cover: Callable[[], bytes]
) -> Narration:
    profile = PROFILES[options.audio_profile]
    speech = SpeechText(article.glossary, engine.supports_phonemes, article.metadata.language)
    items = speech_items(article, speech, Pauses(*options.pauses))
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
    progress = None if options.quiet else terminal_progress(f"Narrating {article.slug}")
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
            )
        )
    duration_ms = round(decoded.size * 1000 / out_rate)
    chapters = audio_chapters(article, cues, duration_ms)
    tagged = tag_mp3(mp3, article.metadata, chapters, cover())
    finished.put(key, tagged, cues, chapters, duration_ms, out_rate)
    return Narration(
        tagged, cues, chapters, duration_ms, out_rate, voice, stats, lexicon, profile.name, bitrate
    )


def audio_chapters(article: Article, cues: list[Cue], duration_ms: int) -> list[Chapter]:
    """One chapter per top-level section; the title and introduction open the first."""
    titles = {
        TITLE_ID: article.metadata.title,
        NOTES_ID: strings_for(article.metadata.language)["notes"],
    }
    for top in article.sections:
        if top.heading is not None:
            titles[top.id] = top.heading.sentence.text
    # A section without a heading (the introduction) belongs to the title's chapter.
    top_of = {
        step.section_id: step.top_id if step.top_id in titles else TITLE_ID
        for _, step in reading(article)
    }
    starts: list[tuple[str, int]] = []
    for cue in cues:
        chapter = top_of[cue.section_id]
        if not starts or starts[-1][0] != chapter:
            starts.append((chapter, 0 if not starts else cue.start_ms))
    ends = [start for _, start in starts[1:]] + [duration_ms]
    return [Chapter(c, titles[c], start, end) for (c, start), end in zip(starts, ends, strict=True)]
