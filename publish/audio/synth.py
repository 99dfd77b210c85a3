"""Synthesis per sentence, cached by engine, voice, settings and text, in parallel across cores."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, is_dataclass, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

from publish.audio.captions import Chapter, Cue
from publish.audio.speech import clause_chunks
from publish.tts.base import Engine, Samples

CHUNK_GAP_MS = 120  # between the clauses of a very long sentence
SILENCE_DB = -45.0  # trimmed from the ends of each clip, so pauses are exactly as set
KEEP_MS = 20  # quiet lead-in and tail kept around the voice, so soft onsets are not clipped


@dataclass
class SynthesisStats:
    synthesized: int = 0
    cached: int = 0
    seconds: float = 0.0


class AudioCache:
    """One .npy file per (engine settings, text): an unchanged sentence is never synthesized twice."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def key(self, engine: Engine, text: str) -> str:
        digest = hashlib.sha256(f"{engine.settings()}\n{engine.sample_rate}\n{text}".encode())
        return digest.hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.npy"

    def get(self, key: str) -> Samples | None:
        path = self.path(key)
        if not path.is_file():
            return None
        try:
            data: Samples = np.load(path, allow_pickle=False)
            return data
        except (OSError, ValueError):
            return None

    def put(self, key: str, samples: Samples) -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            np.save(handle, samples.astype(np.float32), allow_pickle=False)
        os.replace(temporary, path)


class FinishedCache:
    """Whole narrations by the hash of everything that shapes them: a no-change rebuild is a read."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def key(self, *parts: object) -> str:
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    def get(self, key: str) -> tuple[bytes, list[Cue], list[Chapter], int, int] | None:
        found = self.get_with(key)
        return None if found is None else found[0]

    def get_with(
        self, key: str
    ) -> tuple[tuple[bytes, list[Cue], list[Chapter], int, int], dict[str, Any]] | None:
        """The narration and what was kept beside it (`extra` of `put`)."""
        audio, index = self.folder / f"{key}.mp3", self.folder / f"{key}.json"
        if not (audio.is_file() and index.is_file()):
            return None
        try:
            data = json.loads(index.read_text(encoding="utf-8"))
            cues = [Cue(**c) for c in data["cues"]]
            chapters = [Chapter(**c) for c in data["chapters"]]
            made = audio.read_bytes(), cues, chapters, int(data["duration_ms"]), int(data["rate"])
            return made, dict(data.get("extra", {}))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(
        self,
        key: str,
        mp3: bytes,
        cues: list[Cue],
        chapters: list[Chapter],
        duration_ms: int,
        rate: int,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        index = {
            "cues": [asdict(c) for c in cues],
            "chapters": [asdict(c) for c in chapters],
            "duration_ms": duration_ms,
            "rate": rate,
            "extra": extra or {},
        }
        for suffix, data in ((".mp3", mp3), (".json", json.dumps(index).encode())):
            temporary = self.folder / f"{key}{suffix}.{os.getpid()}.tmp"
            temporary.write_bytes(data)
            os.replace(temporary, self.folder / f"{key}{suffix}")


def trim(samples: Samples, sample_rate: int) -> Samples:
    """Leading and trailing silence removed, keeping KEEP_MS so onsets are not clipped."""
    if samples.size == 0:
        return samples
    threshold = 10 ** (SILENCE_DB / 20)
    window = max(1, sample_rate // 200)  # 5 ms
    frames = samples[: samples.size // window * window].reshape(-1, window)
    loud = np.flatnonzero(np.sqrt((frames**2).mean(axis=1)) > threshold)
    if loud.size == 0:
        return samples[:0]
    keep = sample_rate * KEEP_MS // 1000
    start = max(0, loud[0] * window - keep)
    end = min(samples.size, (loud[-1] + 1) * window + keep)
    return samples[start:end]


def _speak(engine: Engine, text: str) -> Samples:
    parts = [trim(engine.synthesize(chunk), engine.sample_rate) for chunk in clause_chunks(text)]
    if len(parts) == 1:
        return parts[0]
    gap = np.zeros(engine.sample_rate * CHUNK_GAP_MS // 1000, dtype=np.float32)
    joined: list[Samples] = []
    for part in parts:
        joined += [part, gap]
    return np.concatenate(joined[:-1])


_WORKER_ENGINE: Engine | None = None


def _init_worker(engine: Engine) -> None:
    global _WORKER_ENGINE  # one engine per worker process, loaded once
    _WORKER_ENGINE = engine


def _work(text: str) -> Samples:
    assert _WORKER_ENGINE is not None
    return _speak(_WORKER_ENGINE, text)


Progress = Callable[[int, int, float], None]
Each = Callable[[int, bool], None]  # a text's index once its samples are ready; cached?


def synthesize_all(
    engine: Engine,
    texts: Sequence[str],
    cache: AudioCache,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    each: Each | None = None,
    stats: SynthesisStats | None = None,
) -> list[Samples]:
    """Samples for every text, from the cache where possible; the rest in parallel.

    `progress` hears of each synthesis; `each` of every text: the cached ones first, then
    each other one the moment its samples are made (one at a time in reading order, or in
    parallel as each worker finishes)."""
    stats = stats if stats is not None else SynthesisStats()
    started = time.perf_counter()
    keys = [cache.key(engine, t) for t in texts]
    results: list[Samples | None] = [cache.get(k) for k in keys]
    todo = sorted({i for i, r in enumerate(results) if r is None}, key=lambda i: -len(texts[i]))
    unique: dict[str, int] = {}
    waiting: dict[str, list[int]] = {}  # a key -> every text that needs it
    for index in sorted(todo):
        waiting.setdefault(keys[index], []).append(index)
    for index in todo:
        unique.setdefault(keys[index], index)
    jobs = list(unique.values())
    stats.cached += len(texts) - len(todo)
    if each is not None:
        for index, found in enumerate(results):
            if found is not None:
                each(index, True)
    count = min(workers or engine.workers, len(jobs), os.cpu_count() or 1)
    done = 0

    def finish(index: int, samples: Samples) -> None:
        nonlocal done
        cache.put(keys[index], samples)
        done += 1
        if progress is not None:
            progress(done, len(jobs), time.perf_counter() - started)
        if each is not None:
            for text in waiting[keys[index]]:
                each(text, False)

    if count <= 1 or len(jobs) < 4:
        for index in sorted(jobs):  # one at a time: in reading order
            finish(index, _speak(engine, texts[index]))
    else:
        threads = max(1, (os.cpu_count() or 1) // count)
        worker_engine = engine
        if hasattr(engine, "threads") and is_dataclass(engine):
            worker_engine = replace(engine, threads=threads)
        with ProcessPoolExecutor(
            count,
            mp_context=get_context("spawn"),
            initializer=_init_worker,
            initargs=(worker_engine,),
        ) as pool:
            # As each one finishes, not in submission order: a long sentence ahead does not
            # hold back the news of the short ones done meanwhile.
            futures = {pool.submit(_work, texts[i]): i for i in jobs}
            for future in as_completed(futures):
                finish(futures.pop(future), future.result())
    stats.synthesized += len(jobs)
    stats.seconds += time.perf_counter() - started
    final = [cache.get(k) for k in keys]
    if any(f is None for f in final):
        raise RuntimeError("the audio cache lost a clip it had just written")
    return [f for f in final if f is not None]
