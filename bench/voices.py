"""Benchmark: the narration real-time factor of eSpeak NG and Piper, side by side.

    python bench/voices.py [--rounds 3]

The same English and Spanish sentences (a patient handout's) go to each offline voice that
speaks the language. The real-time factor is synthesis time over the length of the audio
made: 0.05 means a minute of narration takes three seconds. Each voice is warmed with one
sentence first (Piper loads its model then), and the best of `rounds` runs counts. Where
no Piper voice speaks the language (none for Spanish is published on PyPI), the installed
English Piper voice reads the same text, so the two engines still meet on it; the line says
which voice read.
"""

from __future__ import annotations

import argparse
import time

from publish.errors import EngineError
from publish.tts import engine_for
from publish.tts.base import Engine

TEXTS = {
    "en-US": [
        "Wash your hands before you eat or cook.",
        "Rub your hands together for twenty seconds.",
        "Call the clinic at five five five, zero one zero zero if you have questions.",
        "Take two point five milligrams twice a day with food.",
        "If you have an emergency, call nine one one.",
    ],
    "es-US": [
        "Lávese las manos antes de comer o de cocinar.",
        "Frote las manos durante veinte segundos.",
        "Llame a la clínica al cinco cinco cinco, cero uno cero cero si tiene preguntas.",
        "Tome dos coma cinco miligramos dos veces al día con comida.",
        "Si tiene una emergencia, llame al nueve uno uno.",
    ],
}


def factor(engine: Engine, sentences: list[str], rounds: int) -> float:
    engine.synthesize(sentences[0])  # warm: a model load is not narration
    best = float("inf")
    for _ in range(rounds):
        started, samples = time.perf_counter(), 0
        for sentence in sentences:
            samples += len(engine.synthesize(sentence))
        best = min(best, (time.perf_counter() - started) / (samples / engine.sample_rate))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print("Real-time factor (synthesis seconds per second of audio; lower is faster)")
    print(f"  {'language':9s} {'Piper':>30s} {'eSpeak NG':>18s}   ratio Piper / eSpeak NG")
    for language, sentences in TEXTS.items():
        shown: dict[str, str] = {}
        measured: dict[str, float] = {}
        for kind in ("piper", "espeak"):
            try:
                engine = engine_for(kind, language)
            except EngineError:
                if kind != "piper":
                    shown[kind] = "no voice installed"
                    continue
                engine = engine_for("piper", "en-US")  # the same text, another voice
            note = "" if engine.language.split("-")[0] == language.split("-")[0] else ", en"
            measured[kind] = factor(engine, sentences, args.rounds)
            shown[kind] = f"{measured[kind]:.4f} ({engine.voice}{note})"
        ratio = f"{measured['piper'] / measured['espeak']:.1f}x" if len(measured) == 2 else "n/a"
        print(f"  {language:9s} {shown['piper']:>30s} {shown['espeak']:>18s}   {ratio}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
