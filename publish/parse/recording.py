"""A human reader's recording (`narration:` in the front matter): what it is, checked when the
source is read (beside the source, an audio file, within the limits).

WAV, FLAC, OGG and MP3 are read by libsndfile (soundfile); M4A (AAC or ALAC) by ffmpeg, which
`./run` installs. Nothing is read before the recording's size is known to be within the
limits, and its length is read from its header before a sample is decoded.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from publish.diagnostics import Diagnostic, error, warning
from publish.errors import SourceError
from publish.limits import Limits

BY_FFMPEG = (".m4a",)
LOW_RATE = 16_000  # below it, speech loses the consonants an alignment (and a listener) needs


class NotAudioError(ValueError):
    """The file is not a recording publish can read; the message says what to do."""


@dataclass(frozen=True)
class RecordingFacts:
    seconds: float
    sample_rate: int
    channels: int
    kind: str  # "WAV", "FLAC", "MP3", "OGG", "M4A"


def probe(path: Path) -> RecordingFacts:
    """The recording's length, rate and channels from its header; NotAudioError when it is
    not a recording."""
    if path.suffix.lower() in BY_FFMPEG:
        return _probe_ffmpeg(path)
    import soundfile

    try:
        info = soundfile.info(str(path))
    except (RuntimeError, soundfile.LibsndfileError) as exc:
        raise NotAudioError(not_audio(path, str(exc))) from None
    frames = max(0, info.frames)
    seconds = frames / info.samplerate if info.samplerate else 0.0
    return RecordingFacts(seconds, int(info.samplerate), int(info.channels), str(info.format))


def ffmpeg_tool(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        raise NotAudioError(
            f"reading an M4A recording needs {tool} (Debian package ffmpeg, which ./run "
            "installs); install it, or export the recording as WAV or FLAC"
        )
    return found


def _probe_ffmpeg(path: Path) -> RecordingFacts:
    command = [
        ffmpeg_tool("ffprobe"),
        "-v",
        "error",
        "-select_streams",
        "a:0",
        "-show_entries",
        "stream=sample_rate,channels:format=duration",
        "-of",
        "json",
        str(path),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    try:
        found = json.loads(done.stdout or "{}")
        stream = found["streams"][0]
        seconds = float(found.get("format", {}).get("duration") or 0)
        return RecordingFacts(seconds, int(stream["sample_rate"]), int(stream["channels"]), "M4A")
    except (ValueError, KeyError, IndexError, TypeError):
        raise NotAudioError(not_audio(path, done.stderr.strip())) from None


def not_audio(path: Path, why: str) -> str:
    detail = f" ({why.splitlines()[0]})" if why.strip() else ""
    return (
        f"'{path.name}' is not a recording publish can read{detail}; export it as WAV, FLAC, "
        "MP3, M4A or OGG"
    )


def check_recording(source: Path, name: str, line: int, limits: Limits) -> list[Diagnostic]:
    """Warnings about the recording (a low sample rate); SourceError at the front matter's
    `narration:` line when it cannot be used: missing, outside the source's folder, not
    audio, empty, or over the size or length limits."""
    file = str(source)
    folder = source.parent.resolve()
    path = (source.parent / name).resolve()

    def refuse(code: str, message: str) -> SourceError:
        return SourceError("recording", [error(code, message, file, line)])

    if not path.is_relative_to(folder) or not path.is_file():
        raise refuse(
            "recording-missing",
            f"the recording '{name}' does not exist beside this file; check the name, or "
            "remove 'narration' to narrate with a voice",
        )
    size = path.stat().st_size
    if size == 0:
        raise refuse("recording-empty", f"the recording '{name}' is empty; export it again")
    if size > limits.recording_bytes:
        raise refuse(
            "limit-recording-bytes",
            limits.exceeded("recording_bytes", size, "the recording's size in bytes"),
        )
    try:
        facts = probe(path)
    except NotAudioError as exc:
        raise refuse("recording-not-audio", str(exc)) from None
    if facts.seconds <= 0:
        raise refuse("recording-empty", f"the recording '{name}' holds no sound; export it again")
    if facts.seconds > limits.recording_seconds:
        raise refuse(
            "limit-recording-seconds",
            limits.exceeded("recording_seconds", round(facts.seconds), "the recording's seconds"),
        )
    if facts.sample_rate < LOW_RATE:
        return [
            warning(
                "recording-low-rate",
                f"the recording is sampled at {facts.sample_rate} Hz, under {LOW_RATE}: "
                "its consonants are muffled, for listeners and for the alignment; record at "
                "44.1 or 48 kHz if you can",
                file,
                line,
            )
        ]
    return []
