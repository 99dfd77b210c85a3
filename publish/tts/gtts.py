"""gTTS: Google's online voices. Opt-in; a build never needs it."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

from publish.errors import EngineError
from publish.tts.base import Engine, Samples, VoiceInfo
from publish.tts.samples import decode_mp3, resample

ENDPOINT_VARIABLE = (
    "PUBLISH_GTTS_ENDPOINT"  # for tests and proxies: where to POST instead of Google
)
OFFLINE = (
    "gTTS could not reach Google's text-to-speech service (is this machine offline?); "
    "use the offline voice with --voice auto, or add --voice-fallback to use it when "
    "gTTS fails"
)


def create(name: str, language: str) -> Engine:
    """The engine for `--voice gtts[:LANG[:TLD]]`."""
    lang, _, tld = name.partition(":")
    return GttsEngine(lang or language, tld or "com")


def voices() -> list[VoiceInfo]:
    return [
        VoiceInfo("gtts:LANG", "gtts", "many", "Google Translate voices (online; opt-in)", False)
    ]


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
            Client(text, lang=self.language.split("-")[0], tld=self.tld, timeout=10).write_to_fp(
                buffer
            )
        except gTTSError as exc:
            if "Failed to connect" in str(exc) or exc.rsp is None:
                raise EngineError(OFFLINE) from None
            raise EngineError(
                f"gTTS refused the request ({exc.msg}); try again later or use --voice auto"
            ) from None
        except ValueError as exc:  # unsupported language
            raise EngineError(f"gTTS has no voice for '{self.language}': {exc}") from None
        samples, rate = decode_mp3(buffer.getvalue())
        return resample(samples, rate, self.sample_rate)
