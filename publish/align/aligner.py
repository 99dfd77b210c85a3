"""Each sentence's start and end in a recording, by warping the synthetic reading onto it.

1. MFCC frames of both signals (features.py), silence made alike in both.
2. DTW coarse to fine (dtw.py): 40 ms frames within a band around the diagonal, then 10 ms
   frames close to that path. Time and memory grow linearly with the recording.
3. Each reference sentence's first and last voiced frame, carried through the path to the
   recording (the inner edge of a held frame: a pause heard longer stays pause). A boundary
   that lands in a pause moves to the speech within SNAP_MS; one inside speech stays.
4. Sentences crossed in less time than the reader's pace gives them are tried for skipped
   (departures.py); the skipped ones are left out of the reference and everything aligned
   again, so their neighbours are not pulled into their place.
5. Confidence: the sentence's mean frame distance along the path against that of unrelated
   speech frames, and its clip's cost against the clip played backwards (departures.py);
   the lower of the two. Fewer than MIN_SHARE sentences aligned is another text.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from publish.align import dtw
from publish.align.departures import against_reversed, skipped
from publish.align.features import FRAME_MS, Matrix, kept_range, loudness, mfcc, spectrum
from publish.align.reference import Reference
from publish.align.result import (
    Alignment,
    RecordingError,
    SentenceTime,
    Status,
    WrongTextError,
)
from publish.align.sentences import VOICED, Index, Pass, Sentences, baseline
from publish.tts.base import Samples

log = logging.getLogger(__name__)

BAND = 60_000 // FRAME_MS // dtw.COARSE  # the coarse path within a minute of the diagonal
RADIUS = 5  # the fine path within 5 coarse frames (200 ms) of the coarse one
SNAP_MS = 150  # a boundary in a pause moves to the speech this close
SPEECH_DB = 6.0  # a frame this far above the noise floor (mean over bands) is speech
DOUBT = 0.35  # below this confidence, a sentence is doubtful
# A sentence's mean frame distance along the path, over that of random speech frames of the
# two signals: measured on bench/align.py's material, about 0.2 for the same voice, 0.45 for
# eSpeak NG against Piper, 0.6 for another text read by the same voice.
UNRELATED = 0.6
TYPICAL = 0.45  # a recording's typical sentence counts as no worse than this
REVERSED = 0.93  # a sentence's cost over its clip's played backwards, for another text
REVERSED_TYPICAL = 0.7  # a recording's typical sentence counts as no worse than this
MIN_SHARE = 0.5
MIN_SPEECH_MS = 300
Floats = npt.NDArray[np.float64]


def align(
    reference: Reference, recording: Samples, rate: int, *, min_share: float = MIN_SHARE
) -> Alignment:
    """Every sentence of `reference` found in `recording` (mono samples at `rate`).

    Raises RecordingError for a recording without speech, and WrongTextError (with the
    share that aligned) when fewer than `min_share` of the sentences align."""
    if not reference.sentences:
        raise ValueError("the reference has no sentences")
    duration_ms = round(recording.size * 1000 / rate) if rate > 0 else 0
    if recording.size == 0 or rate <= 0:
        raise RecordingError("the recording is empty; give a recording of the text read aloud")
    heard = spectrum(recording, rate)
    loud = loudness(heard)
    speech_frames = int((loud > SPEECH_DB).sum())
    peak = float(np.max(np.abs(recording)))
    if speech_frames * FRAME_MS < MIN_SPEECH_MS or peak < 1e-3:
        raise RecordingError(
            f"the recording holds no speech ({speech_frames * FRAME_MS} ms above its noise "
            f"floor, peak {20 * np.log10(max(peak, 1e-9)):.0f} dBFS); give a recording of "
            "the text read aloud"
        )
    kept = kept_range(heard)
    features = mfcc(heard, kept)
    timeline = reference.timeline()
    expected = mfcc(spectrum(timeline.samples, reference.rate), kept)
    frame = reference.rate * FRAME_MS / 1000
    sentences = Sentences.of(timeline.ids, np.array(timeline.spans) / frame, expected)
    unrelated = baseline(features, expected)
    voiced = features[:, 0] > VOICED
    first = _pass(features, expected, sentences, set(), unrelated)
    if _share(first) < min_share:  # another text: no use looking for skipped sentences
        return _result(reference, first, voiced, duration_ms, min_share)
    left_out = skipped(features, expected, sentences, first)
    final = _pass(features, expected, sentences, left_out, unrelated) if left_out else first
    final = replace(final, reversed=against_reversed(features, expected, sentences, final))
    return _result(reference, final, voiced, duration_ms, min_share)


def _pass(
    features: Matrix, expected: Matrix, sentences: Sentences, left_out: set[int], baseline: float
) -> Pass:
    """The alignment with the sentences `left_out` taken out of the reference."""
    keep = np.ones(expected.shape[0], dtype=bool)
    for index in left_out:
        low, high = sentences.cut(index)
        keep[low:high] = False
    position = np.cumsum(keep) - 1  # a kept reference frame's column
    ours = [i for i in range(len(sentences.ids)) if i not in left_out]
    first_cols, last_cols = position[sentences.first[ours]], position[sentences.last[ours]]
    path = dtw.align(features, expected[keep], dtw.COARSE, BAND, RADIUS)
    columns = int(keep.sum())
    first_row = np.full(columns, np.iinfo(np.int64).max)
    last_row = np.zeros(columns, dtype=np.int64)
    np.minimum.at(first_row, path.columns, path.rows)
    np.maximum.at(last_row, path.columns, path.rows)
    sums = np.cumsum(np.bincount(path.columns, path.costs, minlength=columns))
    counts = np.cumsum(np.bincount(path.columns, minlength=columns))
    before = np.maximum(first_cols - 1, 0)
    total = sums[last_cols] - np.where(first_cols > 0, sums[before], 0.0)
    steps = counts[last_cols] - np.where(first_cols > 0, counts[before], 0)
    # the inner edges: a reference frame held over many recorded ones is a pause heard longer
    return Pass(
        tuple(sentences.ids[i] for i in ours),
        last_row[first_cols],
        first_row[last_cols] + 1,
        (last_cols - first_cols + 1).astype(np.float64),
        total / np.maximum(steps, 1) / max(baseline, 1e-9),
    )


def _snap(starts: Index, ends: Index, voiced: npt.NDArray[np.bool_]) -> tuple[Index, Index]:
    """A start that fell in a pause moves on to where the speech begins, an end that fell in
    one back to where it stopped, when that is within SNAP_MS; one inside speech stays."""
    reach = SNAP_MS // FRAME_MS
    count = voiced.size
    starts, ends = starts.copy(), ends.copy()
    for index in range(starts.size):
        start, end = int(starts[index]), int(ends[index])
        if start < count and not voiced[start]:
            ahead = np.flatnonzero(voiced[start : min(count, start + reach + 1)])
            if ahead.size:
                starts[index] = start + int(ahead[0])
        if 0 < end <= count and not voiced[end - 1]:
            behind = np.flatnonzero(voiced[max(0, end - 1 - reach) : end])
            if behind.size:
                ends[index] = max(0, end - 1 - reach) + int(behind[-1]) + 1
    return starts, ends


def _confidence(found: Pass) -> Floats:
    """1 for a sentence as close as the recording's typical one, 0 for one no closer than
    speech of another text: UNRELATED times the distance of random speech frames, or (once
    measured) REVERSED times the cost of its clip played backwards."""
    typical = min(float(np.median(found.ratios)), TYPICAL)
    result: Floats = np.clip((UNRELATED - found.ratios) / (UNRELATED - typical), 0.0, 1.0)
    if found.reversed is not None:
        usual = min(float(np.median(found.reversed)), REVERSED_TYPICAL)
        backwards = np.clip((REVERSED - found.reversed) / (REVERSED - usual), 0.0, 1.0)
        result = np.minimum(result, backwards)
    return result


def _share(found: Pass) -> float:
    return float((_confidence(found) >= DOUBT).mean())


def _result(
    reference: Reference,
    found: Pass,
    voiced: npt.NDArray[np.bool_],
    duration_ms: int,
    min_share: float,
) -> Alignment:
    """Times in milliseconds for every sentence of the reference, skipped ones included;
    WrongTextError when too few align."""
    starts, ends = _snap(found.starts, found.ends, voiced)
    times: dict[str, tuple[int, int, float]] = {}
    previous_end = 0
    for index, (sentence_id, score) in enumerate(zip(found.ids, _confidence(found), strict=True)):
        start = max(previous_end, int(starts[index]))
        end = max(start + 1, int(ends[index]))
        times[sentence_id] = (start * FRAME_MS, end * FRAME_MS, float(score))
        previous_end = end
    sentences = []
    at = 0
    for spoken in reference.sentences:
        if spoken.id in times:
            start_ms, end_ms, score = times[spoken.id]
            status = Status.ALIGNED if score >= DOUBT else Status.DOUBTFUL
            sentences.append(SentenceTime(spoken.id, start_ms, end_ms, score, status))
            at = end_ms
        else:
            sentences.append(SentenceTime(spoken.id, at, at, 0.0, Status.SKIPPED))
    aligned = sum(1 for s in sentences if s.status is Status.ALIGNED)
    result = Alignment(tuple(sentences), duration_ms, aligned / len(sentences))
    if result.share < min_share:
        raise WrongTextError(
            f"the recording does not read this text: {result.share:.0%} of its "
            f"{len(sentences)} sentences align, below {min_share:.0%}; check that it is the "
            "recording of this handout",
            result,
        )
    return result
