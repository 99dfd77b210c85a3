"""A reader's recording as the article's narration (`narration:` in the front matter, or
`--narration`): aligned to the sentences, cut into one clip a sentence, and put through the
same mixing, mastering, encoding and timing as a voice's clips (publish.audio.narration).

So every product of the narration (the MP3 and its chapters, the timing map, the captions,
the read-along page, the e-book's media overlays, DAISY and M4B) comes from the recording,
with the same sentence IDs. Mastering a recording:

- the room noise before the first sentence and after the last is cut (the profile's lead-in
  and tail take its place);
- each pause between sentences is the reader's own, capped at the configured pause for its
  place (sentence, paragraph, section, heading), so the alignment stays exact;
- loudness and peaks as for a voice (-18 LUFS and -1.5 dBTP, or the ACX profile).

A sentence the reader left out has no clip; one whose audio does not match its text is kept
and named, with its time. Both are in the timing map, for the audio check to report.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from publish.align.aligner import align
from publish.align.reference import Reference, synthesize_reference
from publish.align.result import Alignment, RecordingError, SentenceTime, Status, WrongTextError
from publish.assets import CoverImage
from publish.audio.chapters import chapter_of
from publish.audio.lexicon import pls
from publish.audio.master import PROFILES
from publish.audio.narration import TAGGING, Narration, Recorded, items_for, programme
from publish.audio.recording import decode
from publish.audio.speech import SpeechItem
from publish.audio.synth import AudioCache, FinishedCache, SynthesisStats
from publish.diagnostics import error
from publish.errors import SourceError, UsageError
from publish.model.nodes import Article
from publish.parse.recording import NotAudioError
from publish.progress import Display
from publish.settings import BuildOptions
from publish.tts import engine_for
from publish.tts.base import Samples
from publish.tts.samples import resample
from publish.version import __version__

FULL_RATE = 44_100  # a recording is kept at this rate (or the profile's), not the voice's
DRAWN_OUT = 1.8  # a sentence taking this many times the reader's own pace is doubtful
LEAD_MS = 60  # kept before a sentence's first sound: its onset and breath
TAIL_MS = 150  # kept after its last: a falling voice fades slowly
FADE_MS = 10  # at each cut, so no cut clicks
# How a recording's narration is made: part of its cache key.
# 1: the first version.
RECORDING = 1


def recording_of(article: Article, options: BuildOptions) -> Path | None:
    """The recording that narrates this article: --narration's, else the front matter's
    (beside the source); None to narrate with a voice."""
    if options.narration:
        return Path(options.narration)
    name = article.metadata.narration
    return Path(article.source).parent / name if name else None


def narrate_recording(
    article: Article,
    recording: Path,
    options: BuildOptions,
    cover: Callable[[], CoverImage],
    display: Display | None = None,
) -> Narration:
    """The narration made from `recording`; SourceError at the front matter's line when the
    recording cannot be aligned (no speech, or another text)."""
    meta = article.metadata
    profile = PROFILES[options.audio_profile]
    bitrate = options.bitrate or profile.bitrate
    engine = engine_for("auto", meta.language)  # the reference: always an offline voice
    items = items_for(article, engine, options)
    started = time.perf_counter()
    finished = FinishedCache(options.audio_cache / "narrations")
    key = finished.key(
        __version__,
        RECORDING,
        hashlib.sha256(recording.read_bytes()).hexdigest(),
        recording.name,
        engine.settings(),
        profile,
        bitrate,
        meta,
        [(i.id, i.text, i.pause_ms) for i in items],
        options.brand.fingerprint(),
        TAGGING,
        sorted(chapter_of(article).items()),
    )
    lexicon = pls(article.glossary, meta.language)
    voice = f"recording:{recording.name}"
    cached = finished.get_with(key)
    if cached is not None:
        (mp3, cues, chapters, duration_ms, rate), extra = cached
        if display:
            display.end("narration", "narration", "ok", time.perf_counter() - started)
        recorded = Recorded.from_dict(extra)
        return Narration(
            mp3, cues, chapters, duration_ms, rate, voice, SynthesisStats(), lexicon,
            profile.name, bitrate, recorded,
        )  # fmt: skip
    stats = SynthesisStats()
    reference = synthesize_reference(items, engine, AudioCache(options.audio_cache))
    rate = profile.sample_rate or FULL_RATE  # the recording keeps its highs; aligned lower
    try:
        samples = decode(recording, rate)
        alignment = align(reference, resample(samples, rate, reference.rate), reference.rate)
    except WrongTextError as exc:
        raise _refused(article, recording, options, _wrong_text(recording, exc.share)) from None
    except (RecordingError, NotAudioError) as exc:
        raise _refused(article, recording, options, str(exc)) from None
    kept, clips = cut(samples, rate, alignment, items)
    mp3, cues, chapters, duration_ms, out_rate = programme(
        article, kept, clips, rate, profile, bitrate, cover
    )
    recorded = Recorded(
        recording.name,
        narrator(article),
        {s.id: round(s.confidence, 2) for s in alignment.sentences},
        tuple(s.id for s in alignment.skipped),
        tuple(
            dict.fromkeys([*(s.id for s in alignment.doubtful), *_drawn_out(alignment, reference)])
        ),
        round(alignment.share, 3),
    )
    finished.put(key, mp3, cues, chapters, duration_ms, out_rate, recorded.as_dict())
    if display:
        display.end("narration", "narration", "ok", time.perf_counter() - started)
    return Narration(
        mp3, cues, chapters, duration_ms, out_rate, voice, stats, lexicon, profile.name,
        bitrate, recorded,
    )  # fmt: skip


def _drawn_out(alignment: Alignment, reference: Reference) -> list[str]:
    """The sentences the reader took far longer over than their own pace gives them (a
    repeat, a restart, a long hesitation): doubtful, to listen to, though their words match."""
    expected = {s.id: s.clip.size * 1000 / reference.rate for s in reference.sentences}
    heard = [s for s in alignment.sentences if s.status is not Status.SKIPPED and s.id in expected]
    ratios = {s.id: (s.end_ms - s.start_ms) / max(expected[s.id], 1.0) for s in heard}
    if not ratios:
        return []
    pace = float(np.median(list(ratios.values())))
    return [i for i, ratio in ratios.items() if ratio > DRAWN_OUT * pace and expected[i] > 500]


def narrator(article: Article) -> str:
    """The reader's name from `contributors` (role nrt); "" when the front matter names none."""
    names = [c.name for c in article.metadata.contributors if c.role == "nrt"]
    return ", ".join(dict.fromkeys(names))


def cut(
    samples: Samples, rate: int, alignment: Alignment, items: list[SpeechItem]
) -> tuple[list[SpeechItem], list[Samples]]:
    """One clip a sentence the reader read, with a little of the room before and after it,
    faded at its cuts, and its item's pause: the reader's own gap to the next clip, capped
    at the configured pause. The sentences left out have neither."""
    found = alignment.by_id()
    heard = [
        (item, found[item.id])
        for item in items
        if item.id in found and found[item.id].status is not Status.SKIPPED
    ]
    ms = rate / 1000
    kept: list[SpeechItem] = []
    clips: list[Samples] = []
    for index, (item, time_) in enumerate(heard):
        before = heard[index - 1][1] if index else None
        after = heard[index + 1][1] if index + 1 < len(heard) else None
        start = time_.start_ms - LEAD_MS
        end = time_.end_ms + TAIL_MS
        if before is not None:  # never into the sentence before, or past the middle of the gap
            start = max(start, (before.end_ms + time_.start_ms) // 2)
        if after is not None:
            end = min(end, (time_.end_ms + after.start_ms) // 2)
        start = max(start, 0)
        clip = _faded(samples[int(start * ms) : int(end * ms)].copy(), rate)
        gap = _gap(time_, after, end)
        kept.append(_with_pause(item, min(item.pause_ms, gap)))
        clips.append(clip)
    return kept, clips


def _gap(sentence: SentenceTime, after: SentenceTime | None, clip_end_ms: int) -> int:
    """The reader's silence after this clip and before the next one's lead-in, in ms."""
    if after is None:
        return 0
    next_start = max(after.start_ms - LEAD_MS, (sentence.end_ms + after.start_ms) // 2)
    return max(0, next_start - clip_end_ms)


def _with_pause(item: SpeechItem, pause_ms: int) -> SpeechItem:
    from dataclasses import replace

    return replace(item, pause_ms=pause_ms)


def _faded(clip: Samples, rate: int) -> Samples:
    fade = min(clip.size // 2, rate * FADE_MS // 1000)
    if fade:
        ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)
        clip[:fade] *= ramp
        clip[-fade:] *= ramp[::-1]
    return clip


def _wrong_text(recording: Path, share: float) -> str:
    return (
        f"only {share:.0%} of the sentences were found in the recording '{recording.name}', "
        "fewer than half: it reads another text, another version of this one, or only a part "
        "of it; check the file, or narrate with a voice instead"
    )


def _refused(
    article: Article, recording: Path, options: BuildOptions, message: str
) -> SourceError | UsageError:
    """The error at the front matter's `narration:` line, or naming --narration."""
    if options.narration:
        return UsageError(f"publish: --narration {recording}: {message}")
    return SourceError(
        "recording",
        [error("recording-unaligned", message, article.source, _line(article, "narration"))],
    )


def _line(article: Article, key: str) -> int:
    """The line `key:` is written on in the source's front matter; 1 when it is not."""
    try:
        lines = Path(article.source).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return 1
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        if line.startswith(f"{key}:"):
            return number
    return 1
