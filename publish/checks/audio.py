"""The narration, measured: loudness, true peak, RMS, noise floor, format, and no silent sentence;
for a reader's recording, the sentences the reader left out or did not read as written."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publish.checks import CheckResult, Subject, skipped
from publish.diagnostics import Diagnostic, Severity
from publish.model.locator import Locator

if TYPE_CHECKING:  # numpy is imported only when a narration is measured (lean start-up)
    import numpy as np

SILENT_DB = -50.0
NOISE_FLOOR_DB = -60.0


def _db(samples: np.ndarray) -> float:
    from publish.audio.master import rms_db

    return rms_db(samples) if samples.size else -120.0


def loudness_curve(samples: np.ndarray, rate: int, step_s: float = 3.0) -> list[dict[str, float]]:
    """Short-term loudness (3 s windows, BS.1770 gating off) for the report's chart."""
    import numpy as np
    import pyloudnorm

    meter = pyloudnorm.Meter(rate, block_size=step_s)
    size = int(rate * step_s)
    curve = []
    for start in range(0, samples.size - size + 1, size):
        window = samples[start : start + size].astype(np.float64)
        value = meter.integrated_loudness(window) if np.any(window) else -70.0
        curve.append({"t": round(start / rate, 1), "lufs": round(max(float(value), -70.0), 1)})
    return curve


def audio_check(mp3: Path, timing_path: Path, locate: Locator) -> CheckResult:
    import numpy as np
    from mutagen.mp3 import MP3

    from publish.audio.master import PROFILES, loudness_lufs, rms_db, true_peak_db
    from publish.tts.samples import decode_mp3

    timing = json.loads(timing_path.read_text(encoding="utf-8"))
    profile = PROFILES.get(timing.get("profile", "default"), PROFILES["default"])
    data = mp3.read_bytes()
    samples, _ = decode_mp3(data)
    info: Any = MP3(mp3).info  # type: ignore[no-untyped-call]
    rate = int(info.sample_rate)
    findings: list[Diagnostic] = []
    lufs = loudness_lufs(samples, rate)
    peak = true_peak_db(samples)
    rms = rms_db(samples)
    if profile.lufs is not None and abs(lufs - profile.lufs) > 1.0:
        findings.append(
            locate(
                "loudness",
                f"integrated loudness {lufs:.1f} LUFS is not within 1 LU of {profile.lufs:g}",
            )
        )
    if profile.rms_db is not None and not -23.0 <= rms <= -18.0:
        findings.append(locate("rms", f"RMS {rms:.1f} dB is outside -23 to -18 dB"))
    if peak > profile.true_peak_db:
        findings.append(
            locate("true-peak", f"true peak {peak:.1f} dBTP is above {profile.true_peak_db:g}")
        )
    expected_rate = profile.sample_rate or rate
    if rate != expected_rate:
        findings.append(locate("sample-rate", f"sample rate {rate} Hz, expected {expected_rate}"))
    bitrate = round(info.bitrate / 1000)
    if bitrate != (timing.get("bitrate") or profile.bitrate):
        findings.append(
            locate(
                "bitrate",
                f"bit rate {bitrate} kbit/s, expected {timing.get('bitrate') or profile.bitrate}",
            )
        )
    sentences = timing["sentences"]
    gaps = []
    for before, after in itertools.pairwise(sentences):
        lo, hi = (
            int((before["end_ms"] + 60) * rate / 1000),
            int((after["start_ms"] - 60) * rate / 1000),
        )
        if hi > lo:
            gaps.append(samples[lo:hi])
    floor = _db(np.concatenate(gaps)) if gaps else -120.0
    if floor > NOISE_FLOOR_DB:
        findings.append(
            locate(
                "noise-floor",
                f"noise floor between sentences {floor:.1f} dB is above {NOISE_FLOOR_DB:g} dB",
            )
        )
    for sentence in sentences:
        clip = samples[
            int(sentence["start_ms"] * rate / 1000) : int(sentence["end_ms"] * rate / 1000)
        ]
        if clip.size == 0 or _db(clip) < SILENT_DB:
            findings.append(
                locate(
                    "silent-sentence",
                    "this sentence is silent in the narration",
                    Severity.ERROR,
                    sentence["id"],
                )
            )
    recording = timing.get("recording")
    if recording is not None:
        findings += _departures(recording, sentences, locate)
    metrics: dict[str, Any] = {
        "profile": profile.name,
        "target_lufs": profile.lufs,
        "integrated_lufs": round(lufs, 1),
        "true_peak_dbtp": round(peak, 1),
        "rms_db": round(rms, 1),
        "noise_floor_db": round(floor, 1),
        "sample_rate": rate,
        "bitrate_kbps": bitrate,
        "duration_s": round(samples.size / rate, 1),
        "loudness_curve": loudness_curve(samples, rate),
    }
    said = f"all {len(sentences)} sentences have audio"
    if recording is not None:
        metrics["recording"] = {
            "file": recording.get("file", ""),
            "narrator": recording.get("narrator", ""),
            "share": recording.get("share"),
            "confidence": {s["id"]: s.get("confidence") for s in sentences},
        }
        left = len(recording.get("skipped", []))
        said = (
            f"{recording.get('file', 'the recording')} aligned: {len(sentences)} sentences "
            f"found, {left} left out, {len(recording.get('doubtful', []))} doubtful"
        )
    return CheckResult.from_findings(
        "audio",
        "Audio narration",
        findings,
        f"{lufs:.1f} LUFS, true peak {peak:.1f} dBTP, noise floor {floor:.0f} dB; {said}",
        metrics,
    )


def _departures(
    recording: dict[str, Any], sentences: list[dict[str, Any]], locate: Locator
) -> list[Diagnostic]:
    """Where a reader's recording departs from the text: each sentence left out (an error:
    the listener never hears it) and each whose audio does not match it (a warning, with its
    time in the narration, to listen to)."""
    name = recording.get("file", "the recording")
    found = []
    if not recording.get("narrator"):
        found.append(
            locate(
                "recording-narrator",
                f"{name} is credited to no one; add the reader to the front matter: "
                "'contributors: [{name: ..., role: narrator}]'",
                Severity.WARNING,
            )
        )
    found += [
        locate(
            "recording-skipped",
            f"the reader left this sentence out of {name}: record it and add it, or correct "
            "the recording",
            Severity.ERROR,
            sentence_id,
        )
        for sentence_id in recording.get("skipped", [])
    ]
    doubtful = set(recording.get("doubtful", []))
    for sentence in sentences:
        if sentence["id"] in doubtful:
            at = sentence["start_ms"] // 1000
            found.append(
                locate(
                    "recording-doubtful",
                    f"at {at // 60}:{at % 60:02d} in the narration the recording does not "
                    f"match this sentence well (confidence {sentence.get('confidence', 0):.2f}); "
                    "listen to it: the reader may have changed or repeated words",
                    Severity.WARNING,
                    sentence["id"],
                )
            )
    return found


class AudioCheck:
    name = "audio"
    title = "Audio narration"
    quick = False

    def run(self, subject: Subject) -> CheckResult:
        mp3, timing = subject.folder / subject.names.mp3, subject.folder / subject.names.timing
        if not (mp3.is_file() and timing.is_file()):
            return skipped(self.name, self.title, "no narration was built")
        return audio_check(mp3, timing, subject.locate)
