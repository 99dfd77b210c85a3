"""What the aligner compares: MFCC frames, with silence made alike in both signals, and
where the recording is quiet.

Both signals are resampled to 16 kHz and cut into 25 ms frames every 10 ms. The log mel
energies of each band are floored at the recording's noise floor, measured below its speech
level (the synthetic reference, which has digital silence, gets the same range below its own
speech level), and the floor is subtracted: a pause is the zero vector in both signals,
however noisy the room, and speech is how far each band rises above the quiet.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from publish.tts.base import Samples
from publish.tts.samples import resample

RATE = 16_000
HOP = 160  # 10 ms
WINDOW = 400  # 25 ms
FFT = 512
BANDS = 32
COEFFICIENTS = 13  # c0 (loudness above the floor) to c12
LOW_HZ, HIGH_HZ = 100.0, 7600.0
RANGE_DB = (3.0, 45.0)  # the dynamic range kept above the floor, per band
FRAME_MS = 1000 * HOP // RATE
QUIET_PERCENT = 15  # the quietest frames are the room's noise

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Spectrum:
    """One signal's log mel energies (frames x bands) and its speech level per band."""

    log_mel: Matrix
    level: npt.NDArray[np.float64]  # high percentile of each band: the speech level
    floor: npt.NDArray[np.float64]  # low percentile of each band: the room's noise


@lru_cache(maxsize=1)
def _filters() -> Matrix:
    """Triangular mel filters (bands x FFT bins)."""

    def mel(hz: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return 2595.0 * np.log10(1.0 + hz / 700.0)

    edges_mel = np.linspace(mel(np.array(LOW_HZ)), mel(np.array(HIGH_HZ)), BANDS + 2)
    edges = 700.0 * (10 ** (edges_mel / 2595.0) - 1.0)
    bins = np.fft.rfftfreq(FFT, 1.0 / RATE)
    filters = np.zeros((BANDS, bins.size))
    for band in range(BANDS):
        low, mid, high = edges[band : band + 3]
        rising = (bins - low) / (mid - low)
        falling = (high - bins) / (high - mid)
        filters[band] = np.clip(np.minimum(rising, falling), 0.0, None)
    return filters


def frames_of(samples: npt.NDArray[np.floating[Any]]) -> int:
    """How many 10 ms frames a 16 kHz signal gives."""
    return max(0, 1 + (samples.size - WINDOW) // HOP) if samples.size >= WINDOW else 0


def spectrum(samples: Samples, rate: int) -> Spectrum:
    """Log mel energies (in dB) of every 10 ms frame of a signal at any sample rate."""
    signal = resample(np.asarray(samples, dtype=np.float32), rate, RATE).astype(np.float64)
    count = frames_of(signal)
    if count == 0:
        empty = np.zeros((0, BANDS))
        return Spectrum(empty, np.zeros(BANDS), np.zeros(BANDS))
    emphasized = np.append(signal[:1], signal[1:] - 0.97 * signal[:-1])
    starts = np.arange(count) * HOP
    window = np.hamming(WINDOW)
    power = np.empty((count, BANDS))
    for first in range(0, count, 4096):  # a few MB at a time
        rows = starts[first : first + 4096, None] + np.arange(WINDOW)
        spectra = np.abs(np.fft.rfft(emphasized[rows] * window, FFT)) ** 2
        power[first : first + 4096] = spectra @ _filters().T
    log_mel = 10.0 * np.log10(power + 1e-12)
    level = np.percentile(log_mel, 95, axis=0)
    overall = log_mel.mean(axis=1)
    quiet = log_mel[overall <= np.percentile(overall, QUIET_PERCENT)]
    floor = np.percentile(quiet, 95, axis=0)  # what the room's noise reaches in each band
    return Spectrum(log_mel, level, floor)


def mfcc(spec: Spectrum, kept_db: npt.NDArray[np.float64]) -> Matrix:
    """Cepstra (frames x COEFFICIENTS) of what rises above `level - kept_db` in each band."""
    from scipy.fft import dct

    floor = spec.level - kept_db
    above = np.clip(spec.log_mel - floor, 0.0, None) / 10.0
    cepstra: Matrix = dct(above, type=2, norm="ortho", axis=1)[:, :COEFFICIENTS]
    return cepstra


def kept_range(recording: Spectrum) -> npt.NDArray[np.float64]:
    """The dynamic range to keep in each band: the recording's, between its speech level and
    its noise floor, within RANGE_DB."""
    low, high = RANGE_DB
    kept: npt.NDArray[np.float64] = np.clip(recording.level - recording.floor, low, high)
    return kept


def pooled(features: Matrix, factor: int) -> Matrix:
    """Each run of `factor` frames averaged into one (the last run may be shorter)."""
    if factor == 1:
        return features
    count = -(-features.shape[0] // factor)
    padded = np.zeros((count * factor, features.shape[1]))
    padded[: features.shape[0]] = features
    weights = np.zeros(count * factor)
    weights[: features.shape[0]] = 1.0
    sums = padded.reshape(count, factor, -1).sum(axis=1)
    result: Matrix = sums / np.maximum(weights.reshape(count, factor).sum(axis=1), 1.0)[:, None]
    return result


def loudness(spec: Spectrum) -> npt.NDArray[np.float64]:
    """Each frame's level in dB above the recording's noise floor (mean over bands)."""
    result: npt.NDArray[np.float64] = np.clip(spec.log_mel - spec.floor, 0.0, None).mean(axis=1)
    return result
