"""Benchmark: the narration's pace. The sample narrated by the offline voice at speech_rate
1.0 and 0.8, side by side in one run.

    python bench/speech_rate.py [--rate 0.8]

Prints the seconds of speech (the sentences' own audio, without the pauses) and of the whole
narration at each rate, their ratios, and whether the audio check passes on the slower MP3.
Goal (issue 26): at 0.8 the speech is at least 1.2x as long, and the audio check passes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "cell-and-gene-therapy.md"
GOAL = 1.2


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=0.8)
    args = parser.parse_args()

    from publish.audio.narration import at_rate
    from publish.audio.speech import Pauses, SpeechText, speech_items
    from publish.audio.synth import AudioCache, synthesize_all
    from publish.checks.runner import run_checks
    from publish.cli import main as publish
    from publish.config.checks import CheckConfig
    from publish.parse.markdown import load_article
    from publish.tts import engine_for

    article = load_article(SAMPLE)
    base = engine_for("auto", article.metadata.language)
    speech = SpeechText(article.glossary, base.supports_phonemes, article.metadata.language)
    texts = [i.text for i in speech_items(article, speech, Pauses())]
    spoken: dict[float, float] = {}
    whole: dict[float, float] = {}
    passed = False
    with tempfile.TemporaryDirectory() as tmp:
        for rate in (1.0, args.rate):
            engine = at_rate(base, rate)
            clips = synthesize_all(engine, texts, AudioCache(Path(tmp) / "cache" / str(rate)))
            spoken[rate] = sum(c.size for c in clips) / engine.sample_rate
            out = Path(tmp) / f"out-{rate}"
            code = publish(
                [
                    *("build", str(SAMPLE), "-f", "audio", "--speech-rate", str(rate)),
                    *("--out", str(out), "-q", "--no-checks"),
                ]
            )
            assert code == 0, f"the build at {rate} failed"
            import json

            timing = out / article.slug / f"{article.slug}.timing.json"
            whole[rate] = json.loads(timing.read_text())["duration_ms"] / 1000
            if rate == args.rate:
                report = run_checks(article, out / article.slug, CheckConfig(gates=("audio",)))
                audio = next(r for r in report.results if r.name == "audio")
                passed = audio.status.value == "pass"
                print(f"  audio check at {rate}: {audio.status.value} ({audio.summary})")
    for rate, seconds in spoken.items():
        print(f"  rate {rate:4.2f}: speech {seconds:7.1f} s, narration {whole[rate]:7.1f} s")
    ratio = spoken[args.rate] / spoken[1.0]
    print(
        f"  speech at {args.rate} / at 1.0 = {ratio:.2f}x (goal >= {GOAL}x); narration "
        f"{whole[args.rate] / whole[1.0]:.2f}x"
    )
    return 0 if ratio >= GOAL and passed else 1


if __name__ == "__main__":
    sys.exit(main())
