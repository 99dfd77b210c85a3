"""Audio narration: MP3 with ID3 chapters, timing map, WebVTT captions and chapters, PLS lexicon."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from publish import __version__
from publish.audio.captions import Chapter, Cue, chapters_vtt, timing_json, webvtt
from publish.audio.lexicon import pls
from publish.audio.master import (
    PROFILES,
    audible_span,
    decode_mp3,
    decoder_delay,
    encode_mp3,
    master,
    mix,
    resample,
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
from publish.formats.base import RenderContext
from publish.model.nodes import Article
from publish.strings import strings_for
from publish.tts import engine_for
from publish.tts.base import Engine

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


class AudioWriter:
    name = "audio"

    def __init__(self, context: RenderContext) -> None:
        self.context = context
        self.profile = PROFILES[context.audio_profile]

    def engine(self, article: Article) -> Engine:
        return engine_for(self.context.voice, article.metadata.language)

    def narrate(self, article: Article) -> Narration:
        """Narration for the article, made once per build and shared with the EPUB writer."""
        key = f"narration:{article.slug}"
        if key not in self.context.shared:
            try:
                narration = self._narrate(article, self.engine(article))
            except EngineError:
                if not self.context.voice_fallback or self.context.voice.startswith("piper"):
                    raise
                log.warning("the %s voice failed; narrating with the offline voice", self.context.voice)
                narration = self._narrate(article, engine_for("piper", article.metadata.language))
            self.context.shared[key] = narration
        result: Narration = self.context.shared[key]
        return result

    def _narrate(self, article: Article, engine: Engine) -> Narration:
        profile = self.profile
        speech = SpeechText(article.glossary, engine.supports_phonemes)
        items = speech_items(article, speech, Pauses(*self.context.pauses))
        cache_dir = self.context.cache_dir or Path("build") / ".cache" / "audio"
        bitrate = self.context.bitrate or profile.bitrate
        finished = FinishedCache(cache_dir / "narrations")
        key = finished.key(__version__, engine.settings(), profile, bitrate, article.metadata,
                           [(i.id, i.text, i.pause_ms) for i in items],
                           [(s.id, s.text) for s in article.sentences()])
        lexicon = pls(article.glossary, article.metadata.language)
        cached = finished.get(key)
        if cached is not None:
            mp3, cues, chapters, duration_ms, out_rate = cached
            stats = SynthesisStats(cached=len(items))
            return Narration(mp3, cues, chapters, duration_ms, out_rate,
                             f"{engine.name}:{engine.voice}", stats, lexicon)
        stats = SynthesisStats()
        progress = None if self.context.quiet else terminal_progress(f"Narrating {article.slug}")
        clips = synthesize_all(engine, [i.text for i in items], AudioCache(cache_dir),
                               progress=progress, stats=stats)
        rate = engine.sample_rate
        programme, starts = mix(clips, [i.pause_ms for i in items], rate, profile)
        out_rate = profile.sample_rate or rate
        programme = master(resample(programme, rate, out_rate), out_rate, profile)
        mp3 = encode_mp3(programme, out_rate, bitrate)
        decoded = decode_mp3(mp3)
        delay = decoder_delay(out_rate, bitrate)
        ratio = out_rate / rate
        # Each sentence spans what is audible of its clip in the decoded MP3 (what players play).
        bounds = [(round(start * ratio) + delay, round((start + clip.size) * ratio) + delay)
                  for start, clip in zip(starts, clips, strict=True)]
        texts = {s.id: s.text for s in article.sentences()}
        cues = []
        reach = out_rate * 30 // 1000  # MP3 smears a few ms of sound past a clip's edges
        for index, (item, (lo, hi)) in enumerate(zip(items, bounds, strict=True)):
            before = (bounds[index - 1][1] + lo) // 2 if index else 0
            after = (hi + bounds[index + 1][0]) // 2 if index + 1 < len(bounds) else decoded.size
            first, last = audible_span(decoded, max(before, lo - reach), min(after, hi + reach), out_rate)
            cues.append(Cue(item.id, item.section_id, round(first * 1000 / out_rate),
                            round(last * 1000 / out_rate), texts[item.id]))
        duration_ms = round(decoded.size * 1000 / out_rate)
        chapters = self._chapters(article, cues, duration_ms)
        from publish.formats.epub.cover import cover_png

        tagged = tag_mp3(mp3, article.metadata, chapters, cover_png(article.metadata))
        finished.put(key, tagged, cues, chapters, duration_ms, out_rate)
        return Narration(tagged, cues, chapters, duration_ms, out_rate,
                         f"{engine.name}:{engine.voice}", stats, lexicon)

    def _chapters(self, article: Article, cues: list[Cue], duration_ms: int) -> list[Chapter]:
        """One chapter per top-level section; the title and introduction open the first."""
        top_of = {"title": "title", "intro": "title", "notes": "notes"}
        titles = {"title": article.metadata.title,
                  "notes": strings_for(article.metadata.language)["notes"]}
        for top in article.sections:
            if top.heading is not None:
                titles[top.id] = top.heading.sentence.text
            stack = [top]
            while stack:
                section = stack.pop()
                top_of.setdefault(section.id, top.id if top.heading is not None else "title")
                stack.extend(section.sections)
        starts: list[tuple[str, int]] = []
        for cue in cues:
            chapter = top_of[cue.section_id]
            if not starts or starts[-1][0] != chapter:
                starts.append((chapter, 0 if not starts else cue.start_ms))
        ends = [start for _, start in starts[1:]] + [duration_ms]
        return [Chapter(c, titles[c], start, end) for (c, start), end in zip(starts, ends, strict=True)]

    def write(self, article: Article, staging: Path) -> list[Path]:
        narration = self.narrate(article)
        slug = article.slug
        files = {
            f"{slug}.mp3": narration.mp3,
            f"{slug}.timing.json": timing_json(f"{slug}.mp3", narration.duration_ms, narration.cues,
                                               narration.chapters, narration.sample_rate,
                                               narration.voice, self.profile.name,
                                               self.context.bitrate or self.profile.bitrate).encode(),
            f"{slug}.vtt": webvtt(narration.cues, article.metadata.language).encode(),
            f"{slug}.chapters.vtt": chapters_vtt(narration.chapters).encode(),
        }
        if narration.lexicon:
            files[f"{slug}.pls"] = narration.lexicon
        written = []
        for name, data in files.items():
            (staging / name).write_bytes(data)
            written.append(staging / name)
        return written
