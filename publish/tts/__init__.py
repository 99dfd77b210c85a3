"""Speech engines behind one interface: Piper (offline, default) and gTTS (online, opt-in)."""

from __future__ import annotations

from publish.errors import EngineError, UsageError
from publish.tts.base import Engine, VoiceInfo


def list_voices() -> list[VoiceInfo]:
    from publish.tts import gtts, piper

    return [*piper.voice_infos(), *gtts.voice_infos()]


def engine_for(spec: str, language: str) -> Engine:
    """An engine from a --voice spec: 'piper', 'piper:NAME', 'gtts' or 'gtts:LANG[:TLD]'."""
    kind, _, rest = (spec or "piper").partition(":")
    if kind == "piper":
        from publish.tts.piper import PiperEngine, find_voice

        return PiperEngine(find_voice(language, rest))
    if kind == "gtts":
        from publish.tts.gtts import GttsEngine

        lang, _, tld = rest.partition(":")
        return GttsEngine(lang or language, tld or "com")
    raise UsageError(f"publish: unknown voice '{spec}'; use piper, piper:NAME or gtts:LANG "
                     "('publish voices' lists them)")


__all__ = ["Engine", "EngineError", "VoiceInfo", "engine_for", "list_voices"]
