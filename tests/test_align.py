"""Aligning a recording to its handout (publish.align): a few sentences read another way, with
pauses and noise, where the true sentence times are known because the test made them."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import need

from publish.align import (
    RecordingError,
    Reference,
    Status,
    WrongTextError,
    align,
    reference_for,
)
from publish.align.dtw import DIAGONAL, windowed
from publish.audio.master import audible_span
from publish.audio.synth import AudioCache
from publish.parse.markdown import load_article
from publish.tts import engine_for

HANDOUT = """\
---
title: Taking your blood pressure at home
language: {language}
---
{body}
"""
ENGLISH = """\
Check your blood pressure at the same time each day. Sit still for five minutes before you
start. Keep your arm at the level of your heart.

## Writing it down

Write each reading in your notebook. Bring the notebook to every visit. Call the clinic if
the top number is over one hundred and eighty.
"""
OTHER = """\
Wash your hands with soap and warm water. Rub them together for twenty seconds. Dry them
with a clean towel.

## When to wash

Wash before you eat and after you use the toilet. Wash after you cough or sneeze. Always wash
after you care for someone who is sick.
"""
SPANISH = """\
Tome la presión a la misma hora cada día. Siéntese tranquilo cinco minutos antes de empezar.

## Cómo anotarla

Escriba cada lectura en su cuaderno. Lleve el cuaderno a cada visita.
"""
TOLERANCE_MS = (120, 350)  # median and worst boundary error


def article(folder: Path, body: str, language: str = "en-US") -> Any:
    path = folder / f"handout-{language}-{abs(hash(body)) % 1000}.md"
    path.write_text(HANDOUT.format(language=language, body=body), encoding="utf-8")
    return load_article(path)


def read(reference: Reference, seed: int, skip: str = "", snr_db: float = 20.0) -> Any:
    """The reference's clips with random pauses (0.2-2 s) and white noise; the truth in ms."""
    rng = np.random.default_rng(seed)
    rate = reference.rate
    parts = [np.zeros(int(rate * rng.uniform(0.5, 1.0)), dtype=np.float32)]
    position, truth = parts[0].size, {}
    for sentence in reference.sentences:
        if sentence.id == skip:
            continue
        first, last = audible_span(sentence.clip, 0, sentence.clip.size, rate)
        truth[sentence.id] = ((position + first) * 1000 // rate, (position + last) * 1000 // rate)
        gap = np.zeros(int(rate * rng.uniform(0.2, 2.0)), dtype=np.float32)
        parts += [sentence.clip, gap]
        position += sentence.clip.size + gap.size
    clean = np.concatenate(parts)
    speech = np.concatenate([s.clip for s in reference.sentences])
    level = np.sqrt(np.mean(speech.astype(np.float64) ** 2)) / 10 ** (snr_db / 20)
    noisy = clean + level * rng.standard_normal(clean.size)
    return noisy.astype(np.float32), truth


@pytest.fixture(scope="module")
def piper(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The handout read by Piper as the reference, and again slower as the "recording"."""
    engine = engine_for("piper", "en-US")
    folder = tmp_path_factory.mktemp("align")
    handout = article(folder, ENGLISH)
    cache = AudioCache(folder / "cache")
    return {
        "reference": reference_for(handout, engine, cache),
        "slower": reference_for(handout, replace(engine, length_scale=1.15), cache),  # type: ignore[type-var]
        "other": reference_for(article(folder, OTHER), engine, cache),
    }


def errors(found: Any, truth: dict[str, tuple[int, int]]) -> list[int]:
    times = found.by_id()
    return [
        abs(getattr(times[i], edge) - at)
        for i, (start, end) in truth.items()
        for edge, at in (("start_ms", start), ("end_ms", end))
    ]


def test_boundaries_of_a_slower_reading_with_pauses_and_noise(piper: dict[str, Any]) -> None:
    reference = piper["reference"]
    recording, truth = read(piper["slower"], seed=1)
    found = align(reference, recording, piper["slower"].rate)
    assert [s.id for s in found.sentences] == [s.id for s in reference.sentences]
    assert [s.id for s in found.sentences][:2] == [
        "title",
        "intro-p1-s1",
    ]  # the title is a sentence
    assert all(s.status is Status.ALIGNED for s in found.sentences), found.sentences
    assert found.share == 1.0
    off = errors(found, truth)
    assert np.median(off) <= TOLERANCE_MS[0] and max(off) <= TOLERANCE_MS[1], off
    starts = [s.start_ms for s in found.sentences]
    assert starts == sorted(starts)
    assert all(0.0 <= s.confidence <= 1.0 for s in found.sentences)


def test_a_skipped_sentence_has_no_clip(piper: dict[str, Any]) -> None:
    skipped = "intro-p1-s2"
    recording, truth = read(piper["slower"], seed=2, skip=skipped)
    found = align(piper["reference"], recording, piper["slower"].rate)
    assert [s.id for s in found.skipped] == [skipped]
    times = found.by_id()
    assert times[skipped].start_ms == times[skipped].end_ms  # no clip, at its place
    assert times["intro-p1-s1"].end_ms <= times[skipped].start_ms <= times["intro-p1-s3"].start_ms
    off = errors(found, truth)
    assert np.median(off) <= TOLERANCE_MS[0] and max(off) <= TOLERANCE_MS[1], off
    assert found.share == pytest.approx((len(found.sentences) - 1) / len(found.sentences))


def test_a_recording_of_another_text_is_refused_with_its_share(piper: dict[str, Any]) -> None:
    recording, _ = read(piper["other"], seed=3)
    with pytest.raises(WrongTextError) as refused:
        align(piper["reference"], recording, piper["other"].rate)
    assert refused.value.share < 0.5
    assert f"{refused.value.share:.0%} of its 8 sentences align" in str(refused.value)
    assert refused.value.exit_code == 2


def test_an_empty_or_silent_recording_is_a_clear_error(piper: dict[str, Any]) -> None:
    reference, rate = piper["reference"], 22050
    rng = np.random.default_rng(4)
    for recording, why in (
        (np.zeros(0, dtype=np.float32), "is empty"),
        (np.zeros(rate * 3, dtype=np.float32), "holds no speech"),
        ((0.01 * rng.standard_normal(rate * 3)).astype(np.float32), "holds no speech"),
    ):
        with pytest.raises(RecordingError, match=why) as error:
            align(reference, recording, rate)
        assert not isinstance(error.value, WrongTextError)
        assert error.value.exit_code == 2


def test_spanish_with_another_espeak_voice(tmp_path: Path) -> None:
    need(shutil.which("espeak-ng") is not None, "eSpeak NG (Debian espeak-ng)")
    handout = article(tmp_path, SPANISH, "es-US")
    engine = engine_for("auto", "es-US")
    assert engine.name == "espeak"
    cache = AudioCache(tmp_path / "cache")
    reference = reference_for(handout, engine, cache)
    other = replace(engine, voice=f"{engine.voice}+f3", speed=140)  # type: ignore[type-var]
    reading = reference_for(handout, other, cache)
    recording, truth = read(reading, seed=5)
    found = align(reference, recording, reading.rate)
    assert all(s.status is Status.ALIGNED for s in found.sentences), found.sentences
    off = errors(found, truth)
    assert np.median(off) <= TOLERANCE_MS[0] and max(off) <= TOLERANCE_MS[1], off


def test_windowed_dtw_finds_the_cheapest_path() -> None:
    """Against the textbook recurrence, on small random sequences with a full window."""
    rng = np.random.default_rng(6)
    for _ in range(10):
        rows, columns = (int(n) for n in rng.integers(2, 25, 2))
        a, b = rng.normal(size=(rows, 3)), rng.normal(size=(columns, 3))
        cost = np.sqrt(((a[:, None] - b[None]) ** 2).sum(-1))
        total = np.full((rows, columns), np.inf)
        for i in range(rows):
            for j in range(columns):
                steps = [total[i, j - 1] + cost[i, j]] if j else []
                steps += [total[i - 1, j] + cost[i, j]] if i else []
                steps += [total[i - 1, j - 1] + DIAGONAL * cost[i, j]] if i and j else []
                total[i, j] = min(steps) if steps else cost[0, 0]
        path = windowed(a, b, np.zeros(rows, np.int64), np.full(rows, columns, np.int64))
        moves = np.diff(path.rows) + np.diff(path.columns)
        weights = np.concatenate([[1.0], np.where(moves == 2, DIAGONAL, 1.0)])
        assert (path.rows[0], path.columns[0]) == (0, 0)
        assert (path.rows[-1], path.columns[-1]) == (rows - 1, columns - 1)
        assert float((weights * path.costs).sum()) == pytest.approx(total[-1, -1])
