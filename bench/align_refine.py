"""Measurement (issue 32): does pocketsphinx's forced alignment refine publish.align's English
sentence boundaries?

    PYTHONPATH=/tmp/ps-venv/lib/python3.11/site-packages python bench/align_refine.py

publish does not depend on pocketsphinx; install it apart (python3 -m venv /tmp/ps-venv &&
/tmp/ps-venv/bin/pip install pocketsphinx) and put its site-packages on PYTHONPATH. Without it
this script says so and exits 0.

The material is bench/align.py's English cases, built by its own functions with the same
seed: the handout read by Piper slower, by Piper faster with its pitch raised, and by eSpeak
NG, with random pauses, 20 dB white or pink noise and a skipped sentence. Each sentence that
publish.align found is then cut out of the recording with MARGIN_MS either side (never past
the middle of the pause to its neighbours), resampled to 16 kHz and force-aligned by
pocketsphinx to the sentence's words; the first word's start and the last word's end become
the refined boundaries. A sentence with a word missing from pocketsphinx's dictionary, or
that pocketsphinx cannot align, keeps the aligner's boundaries (counted as "kept").

Prints, per case, the boundary error against the true times (median and 95th percentile)
before and after refinement, how many boundaries moved closer and farther, and the speed as
x real time on one core: the aligner alone, the refinement alone, and both.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # one core, for the speed figures

import argparse
import re
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import align as bench  # bench/align.py: its material and its synthesis

MARGIN_MS = 300  # audio kept either side of the aligner's sentence
RATE = 16_000  # pocketsphinx's English model
FRAME_MS = 10  # pocketsphinx's frame rate: 100 a second
WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


def refine(
    decoder: Any, samples: Any, rate: int, text: str, lo_ms: int, hi_ms: int
) -> tuple[int, int] | None:
    """The sentence's first word's start and last word's end (ms in the recording), by
    pocketsphinx's forced alignment of `text` in [lo_ms, hi_ms); None when it cannot."""
    from scipy.signal import resample_poly

    words = WORD.findall(text.lower().replace("\u2019", "'"))
    if not words or any(decoder.lookup_word(w) is None for w in words):
        return None
    window = samples[lo_ms * rate // 1000 : hi_ms * rate // 1000].astype(np.float64)
    if rate != RATE:
        common = np.gcd(rate, RATE)
        window = resample_poly(window, RATE // common, rate // common)
    pcm = (np.clip(window, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    try:
        decoder.set_align_text(" ".join(words))
        decoder.start_utt()
        decoder.process_raw(pcm, full_utt=True)
        decoder.end_utt()
    except RuntimeError:
        return None
    said = [s for s in decoder.seg() if s.word not in {"<s>", "</s>", "<sil>", "(NULL)"}]
    if not said:
        return None
    return lo_ms + said[0].start_frame * FRAME_MS, lo_ms + (said[-1].end_frame + 1) * FRAME_MS


def measure(name: str, reference: Any, rendition: Any, decoder: Any) -> dict[str, Any]:
    from publish.align import WrongTextError, align

    cpu = time.process_time()
    try:
        result = align(reference, rendition.samples, rendition.rate)
    except WrongTextError as exc:
        result = exc.alignment
    align_s = time.process_time() - cpu
    texts = {s.id: s.text for s in reference.sentences}
    found = [s for s in result.sentences if s.start_ms < s.end_ms]
    duration_ms = result.duration_ms
    before: list[int] = []
    after: list[int] = []
    signed: list[list[int]] = [[], []]  # refined minus true, starts and ends
    kept = 0
    cpu = time.process_time()
    refined: dict[str, tuple[int, int] | None] = {}
    for index, got in enumerate(found):
        previous_end = found[index - 1].end_ms if index else 0
        next_start = found[index + 1].start_ms if index + 1 < len(found) else duration_ms
        lo = max(got.start_ms - MARGIN_MS, (previous_end + got.start_ms) // 2, 0)
        hi = min(got.end_ms + MARGIN_MS, (got.end_ms + next_start + 1) // 2, duration_ms)
        refined[got.id] = refine(decoder, rendition.samples, rendition.rate, texts[got.id], lo, hi)
    refine_s = time.process_time() - cpu
    for got in found:
        truth = rendition.truth.get(got.id)
        if truth is None:
            continue
        better = refined[got.id]
        if better is None:
            kept += 1
            better = (got.start_ms, got.end_ms)
        before += [abs(got.start_ms - truth[0]), abs(got.end_ms - truth[1])]
        after += [abs(better[0] - truth[0]), abs(better[1] - truth[1])]
        if refined[got.id] is not None:
            signed[0].append(better[0] - truth[0])
            signed[1].append(better[1] - truth[1])
    audio_s = rendition.samples.size / rendition.rate
    old, new = np.array(before), np.array(after)
    return {
        "case": name,
        "boundaries": old.size,
        "kept": kept,
        "before": (float(np.median(old)), float(np.percentile(old, 95))),
        "after": (float(np.median(new)), float(np.percentile(new, 95))),
        "bias": (float(np.median(signed[0])), float(np.median(signed[1]))),
        "closer": int((new < old).sum()),
        "farther": int((new > old).sum()),
        "align_x": audio_s / align_s,
        "refine_x": audio_s / refine_s,
        "both_x": audio_s / (align_s + refine_s),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=bench.ENGLISH)
    parser.add_argument("--seed", type=int, default=32)
    parser.add_argument("--cache", type=Path, help="keep the syntheses here (default: temporary)")
    args = parser.parse_args()
    try:
        import pocketsphinx
    except ImportError:
        print(
            "skipped: pocketsphinx is not importable (publish does not depend on it). Install it "
            "apart: python3 -m venv /tmp/ps-venv && /tmp/ps-venv/bin/pip install pocketsphinx, "
            "then run with PYTHONPATH=/tmp/ps-venv/lib/python3.11/site-packages",
            file=sys.stderr,
        )
        return 0
    from importlib.metadata import version

    import scipy.signal  # noqa: F401  (imported once, outside the timings)

    from publish.tts import engine_for
    from publish.tts.espeak import EspeakEngine

    decoder = pocketsphinx.Decoder(lm=None, samprate=RATE, loglevel="FATAL")
    rng = np.random.default_rng(args.seed)  # the same draws as bench/align.py's English cases
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or Path(tmp)
        piper = replace(engine_for("piper", "en-US"), threads=1)  # type: ignore[type-var]
        reference, _ = bench.read_aloud(args.source, piper, cache / "reference")
        print(
            f"pocketsphinx {version('pocketsphinx')}, reference: {len(reference.sentences)} sentences, {reference.voice}; "
            f"margin {MARGIN_MS} ms",
            flush=True,
        )
        readings = [
            ("piper slower 1.2, white noise, skip", replace(piper, length_scale=1.2), {}),
            (
                "piper faster 0.85, pitch +6%, pink noise",
                replace(piper, length_scale=0.85),
                {"pitch": 1.06, "pink": True, "skip": False},
            ),
            ("espeak-ng en-us voice, white noise, skip", EspeakEngine("en-us", "en-US"), {}),
        ]
        for name, engine, how in readings:
            spoken, _ = bench.read_aloud(args.source, engine, cache / name)
            row = measure(name, reference, bench.render(spoken, rng, **how), decoder)
            print(
                f"  {row['case']:42s} {row['boundaries']:3d} bounds ({row['kept']} sent kept)  "
                f"before median {row['before'][0]:4.0f} p95 {row['before'][1]:4.0f} ms  "
                f"after median {row['after'][0]:4.0f} p95 {row['after'][1]:4.0f} ms  "
                f"closer {row['closer']:3d} farther {row['farther']:3d}  "
                f"bias start {row['bias'][0]:+4.0f} end {row['bias'][1]:+4.0f} ms  "
                f"align {row['align_x']:4.0f}x refine {row['refine_x']:5.1f}x "
                f"both {row['both_x']:5.1f}x",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
