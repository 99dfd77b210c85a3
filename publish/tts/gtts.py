"""gTTS: Google's online voices. Opt-in; a build never needs it."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

import numpy as np

from publish.errors import EngineError
from publish.tts.base import Samples, VoiceInfo

ENDPOINT_VARIABLE = "PUBLISH_GTTS_ENDPOINT"  # for tests and proxies: where to POST instead of Google
OFFLINE = ("gTTS could not reach Google's text-to-speech service (is this machine offline?); "
           "use the offline voice with --voice piper, or add --voice-fallback to use it when "
           "gTTS fails")


def voice_infos() -> list[VoiceInfo]:
    return [VoiceInfo("gtts:LANG", "gtts", "many", "Google Translate voices (online; opt-in)", False)]


@dataclass
class GttsEngine:
    language: str
    tld: str = "com"
    name: str = "gtts"
    supports_phonemes: bool = False
    sample_rate: int = 24000
    workers: int = 1

    @property
    def voice(self) -> str:
        return f"{self.language}@{self.tld}"

    def settings(self) -> str:
        import importlib.metadata

        return f"gtts/{importlib.metadata.version('gtts')} {self.voice}"

    def synthesize(self, text: str) -> Samples:
        from gtts import gTTS
        from gtts.tts import gTTSError

        endpoint = os.environ.get(ENDPOINT_VARIABLE, "")

        class Client(gTTS):  # type: ignore[misc]
            def _prepare_requests(self) -> list[object]:
                requests = super()._prepare_requests()
                if endpoint:
                    for request in requests:
                        request.prepare_url(endpoint, None)
                return list(requests)

        buffer = io.BytesIO()
        try:
            Client(text, lang=self.language.split("-")[0], tld=self.tld, timeout=10).write_to_fp(buffer)
        except gTTSError as exc:
            if "Failed to connect" in str(exc) or exc.rsp is None:
                raise EngineError(OFFLINE) from None
            raise EngineError(f"gTTS refused the request ({exc.msg}); try again later or use "
                              "--voice piper") from None
        except ValueError as exc:  # unsupported language
            raise EngineError(f"gTTS has no voice for '{self.language}': {exc}") from None
        return decode_mp3(buffer.getvalue(), self.sample_rate)


def decode_mp3(data: bytes, sample_rate: int) -> Samples:
    import soundfile

    samples, rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    mono = samples.mean(axis=1).astype(np.float32)
    if rate != sample_rate:
        from scipy.signal import resample_poly

        mono = resample_poly(mono, sample_rate, rate).astype(np.float32)
    return mono
