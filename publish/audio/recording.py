"""A human reader's recording, decoded: mono samples at the rate the narration works at."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from publish.parse.recording import BY_FFMPEG, NotAudioError, ffmpeg_tool, not_audio
from publish.tts.base import Samples


def decode(path: Path, rate: int) -> Samples:
    """The recording as mono float32 samples at `rate`."""
    from publish.tts.samples import resample

    if path.suffix.lower() in BY_FFMPEG:
        command = [
            ffmpeg_tool("ffmpeg"),
            "-v",
            "error",
            "-i",
            str(path),
            "-ac",
            "1",
            "-ar",
            str(rate),
            "-f",
            "f32le",
            "-",
        ]
        done = subprocess.run(command, capture_output=True, check=False)
        if done.returncode != 0:
            raise NotAudioError(not_audio(path, done.stderr.decode(errors="replace")))
        return np.frombuffer(done.stdout, dtype="<f4").astype(np.float32)
    import soundfile

    try:
        samples, found = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (RuntimeError, soundfile.LibsndfileError) as exc:
        raise NotAudioError(not_audio(path, str(exc))) from None
    mono = samples.mean(axis=1).astype(np.float32)
    return resample(mono, int(found), rate)
