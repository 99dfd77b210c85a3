"""Audio samples: decoding MP3 and changing the sample rate, for engines and the mastering chain."""

from __future__ import annotations

import io

import numpy as np

from publish.tts.base import Samples


def decode_mp3(data: bytes) -> tuple[Samples, int]:
    """The samples a player decodes (libsndfile's MP3 decoder, mpg123), mono float32, and the rate."""
    import soundfile

    samples, rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    return samples.mean(axis=1).astype(np.float32), int(rate)


def resample(samples: Samples, rate: int, target: int) -> Samples:
    if rate == target:
        return samples
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(rate, target)
    return resample_poly(samples, target // g, rate // g).astype(np.float32)
