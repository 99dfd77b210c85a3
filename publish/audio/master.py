"""Mixing clips into one programme, loudness normalization, true-peak limiting, MP3 encoding."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from publish.tts.base import Samples
from publish.tts.samples import decode_mp3


@dataclass(frozen=True)
class Profile:
    """A delivery target. `default` suits listening apps; `acx` follows ACX's submission rules."""

    name: str
    sample_rate: int | None  # None keeps the voice's own rate
    bitrate: int  # kbit/s, constant
    lufs: float | None  # integrated loudness target
    rms_db: float | None  # RMS target (ACX measures RMS)
    true_peak_db: float  # ceiling, measured after encoding
    head_ms: int
    tail_ms: int
    room_tone_db: float | None  # low noise instead of digital silence


PROFILES = {
    "default": Profile("default", None, 64, -18.0, None, -1.5, 400, 800, None),
    "acx": Profile("acx", 44100, 192, None, -20.0, -3.0, 750, 2000, -72.0),
}


@dataclass(frozen=True)
class Placed:
    """Where one sentence sits in the programme, in samples (before encoder delay)."""

    id: str
    start: int
    end: int


def mix(
    clips: list[Samples], pauses_ms: list[int], rate: int, profile: Profile
) -> tuple[Samples, list[int]]:
    """The clips joined with their pauses; returns the programme and each clip's start sample."""
    head = np.zeros(rate * profile.head_ms // 1000, dtype=np.float32)
    parts: list[Samples] = [head]
    starts = []
    position = head.size
    for index, (clip, pause) in enumerate(zip(clips, pauses_ms, strict=True)):
        starts.append(position)
        parts.append(clip)
        position += clip.size
        if index < len(clips) - 1:
            gap = np.zeros(rate * pause // 1000, dtype=np.float32)
            parts.append(gap)
            position += gap.size
    parts.append(np.zeros(rate * profile.tail_ms // 1000, dtype=np.float32))
    return np.concatenate(parts), starts


AUDIBLE_DB = -50.0


def audible_span(samples: Samples, start: int, end: int, rate: int) -> tuple[int, int]:
    """First and last sample of [start, end) in 5 ms windows louder than AUDIBLE_DB."""
    hop = max(1, rate // 200)
    region = samples[start:end]
    frames = region[: region.size // hop * hop].reshape(-1, hop)
    if frames.size == 0:
        return start, end
    level = np.sqrt((frames.astype(np.float64) ** 2).mean(axis=1))
    loud = np.flatnonzero(level > 10 ** (AUDIBLE_DB / 20))
    if loud.size == 0:
        return start, end
    return start + int(loud[0]) * hop, start + (int(loud[-1]) + 1) * hop


def true_peak_db(samples: Samples) -> float:
    """Peak of the 4x oversampled signal (ITU-R BS.1770-4 Annex 2), in dBTP."""
    from scipy.signal import resample_poly

    peak = float(np.max(np.abs(resample_poly(samples, 4, 1)))) if samples.size else 0.0
    return 20 * np.log10(max(peak, 1e-12))


def loudness_lufs(samples: Samples, rate: int) -> float:
    import pyloudnorm

    return float(pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64)))


def rms_db(samples: Samples) -> float:
    return 20 * np.log10(max(float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))), 1e-12))


def limit(samples: Samples, ceiling_db: float, rate: int) -> Samples:
    """A look-ahead peak limiter: gain never exceeds what the peaks within 5 ms allow."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    ceiling = 10 ** (ceiling_db / 20)
    need = np.minimum(1.0, ceiling / np.maximum(np.abs(samples), 1e-9))
    reach = max(1, rate // 200)
    gain = minimum_filter1d(need, size=2 * reach + 1)
    gain = uniform_filter1d(gain, size=reach)
    return (samples * gain).astype(np.float32)


def _gain_to_target(samples: Samples, rate: int, profile: Profile) -> float:
    if profile.lufs is not None:
        return profile.lufs - loudness_lufs(samples, rate)
    assert profile.rms_db is not None
    return profile.rms_db - rms_db(samples)


def master(samples: Samples, rate: int, profile: Profile) -> Samples:
    """Loudness to target and peaks under the ceiling, alternating until both hold."""
    ceiling = profile.true_peak_db - 0.5  # headroom for the peaks MP3 encoding adds
    out = samples.astype(np.float32)
    for _ in range(4):
        gain_db = _gain_to_target(out, rate, profile)
        out = (out * 10 ** (gain_db / 20)).astype(np.float32)
        margin = 0.1
        while true_peak_db(out) > ceiling and margin < 3:
            out = limit(out, ceiling - margin, rate)
            margin *= 2
        if abs(_gain_to_target(out, rate, profile)) < 0.2:
            break
    if profile.room_tone_db is not None:
        rng = np.random.default_rng(0)  # fixed seed: the same source gives the same bytes
        noise = rng.standard_normal(out.size).astype(np.float32) * 10 ** (profile.room_tone_db / 20)
        out = out + noise
    return np.clip(out, -1.0, 1.0).astype(np.float32)


def encode_mp3(samples: Samples, rate: int, bitrate: int) -> bytes:
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(2)
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    return bytes(encoder.encode(pcm) + encoder.flush())


@functools.lru_cache(maxsize=8)
def decoder_delay(rate: int, bitrate: int) -> int:
    """Samples a decoder shows before the audio starts (LAME's delay; no gapless tag is written).

    Measured by encoding an impulse and decoding it, so the timing map matches what
    players and the tests actually decode.
    """
    probe = np.zeros(rate, dtype=np.float32)
    at = rate // 4
    probe[at : at + 64] = 0.8 * np.sin(np.arange(64) * 0.5)
    decoded, _ = decode_mp3(encode_mp3(probe, rate, bitrate))
    return int(np.flatnonzero(np.abs(decoded) > 0.2)[0] - np.flatnonzero(np.abs(probe) > 0.2)[0])
