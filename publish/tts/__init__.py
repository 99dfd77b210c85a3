"""Speech engines behind one interface, found through the `publish.engines` entry-point group.

An engine module (or object) offers `create(name, language) -> Engine` for a `--voice
KIND[:NAME]` spec and `voices() -> list[VoiceInfo]`. Built in: piper (offline, the default),
gtts (online, opt-in) and tones (no speech; for tests).
"""

from __future__ import annotations

from publish import registry
from publish.errors import EngineError, UsageError
from publish.tts.base import Engine, VoiceInfo


def list_voices() -> list[VoiceInfo]:
    found: list[VoiceInfo] = []
    for kind in registry.names(registry.ENGINES):
        found += registry.load(registry.ENGINES, kind).voices()
    return found


def engine_for(spec: str, language: str) -> Engine:
    """An engine from a --voice spec such as 'piper', 'piper:NAME' or 'gtts:LANG[:TLD]'."""
    kind, _, rest = (spec or "piper").partition(":")
    if kind not in registry.names(registry.ENGINES):
        raise UsageError(
            f"{registry.unknown(registry.ENGINES, kind)} ('publish voices' lists the voices)"
        )
    engine: Engine = registry.load(registry.ENGINES, kind).create(rest, language)
    return engine


__all__ = ["Engine", "EngineError", "VoiceInfo", "engine_for", "list_voices"]
