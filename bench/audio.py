"""Benchmark: narration of the sample, single process against parallel, and a no-change rebuild.

    python bench/audio.py

Prints the real-time factor (synthesis seconds / audio seconds) for one process and
for all cores, measured side by side from a cold cache, their ratio, and the time of
a rebuild with nothing changed. Goals: RTF <= 0.025 from cold; rebuild <= 0.5 s.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "cell-and-gene-therapy.md"


def main() -> int:
    from publish.audio.speech import Pauses, SpeechText, speech_items
    from publish.audio.synth import AudioCache, SynthesisStats, synthesize_all
    from publish.parse.markdown import load_article
    from publish.products import Products
    from publish.settings import BuildOptions
    from publish.tts import engine_for

    article = load_article(SAMPLE)
    base = engine_for("piper", article.metadata.language)
    texts = [i.text for i in speech_items(article, SpeechText(article.glossary, True), Pauses())]
    cores = os.cpu_count() or 1
    configurations = [
        ("1 process, 1 thread", replace(base, threads=1), 1),
        (f"1 process, {cores} threads", replace(base, threads=cores), 1),
        (f"{cores} processes, 1 thread", replace(base, threads=1), cores),
    ]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, engine, workers in configurations:
            engine.synthesize("Warm up.")  # load the model once, outside the timings
            cache = AudioCache(Path(tmp) / label)
            stats = SynthesisStats()
            clips = synthesize_all(engine, texts, cache, workers=workers, stats=stats)
            audio_seconds = sum(c.size for c in clips) / engine.sample_rate
            results[label] = stats.seconds / audio_seconds
            print(
                f"  {label:26s} RTF {results[label]:.4f}  ({stats.seconds:.1f} s for "
                f"{audio_seconds:.0f} s of speech)"
            )
        single = next(iter(results.values()))
        for label, rtf in list(results.items())[1:]:
            print(f"  {label} / 1 thread = {rtf / single:.2f}")
        print(f"  best RTF {min(results.values()):.4f}   (goal: <= 0.025 from cold)")
        out = Path(tmp) / "build"
        options = BuildOptions(out, cache_dir=out / "cache", quiet=True)
        Products.standalone(article, options).narration()  # cold build fills the caches
        started = time.perf_counter()
        Products.standalone(article, options).narration()
        rebuild = time.perf_counter() - started
        print(f"  no-change audio rebuild  {rebuild:.3f} s   (goal <= 0.5 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
