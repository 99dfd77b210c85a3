"""Speech engines behind one interface, found through the `publish.engines` entry-point group.

An engine module (or object) offers `create(name, language) -> Engine` for a `--voice
KIND[:NAME]` spec and `voices() -> list[VoiceInfo]`. Built in: piper (offline neural
voices from voice packages), espeak (eSpeak NG, offline, over 100 languages), gtts (online,
opt-in) and tones (no speech; for tests). `--voice auto`, the default, picks the best
offline voice for the article's language: a Piper voice if one is installed, else eSpeak NG.
"""

from __future__ import annotations

import functools

from publish import registry
from publish.errors import EngineError, UsageError
from publish.tts.base import Engine, VoiceInfo


def list_voices() -> list[VoiceInfo]:
    found: list[VoiceInfo] = []
    for kind in registry.names(registry.ENGINES):
        found += registry.load(registry.ENGINES, kind).voices()
    return found


def voices_by_language() -> dict[str, list[VoiceInfo]]:
    """Primary language -> its voices: offline ones first (Piper, then eSpeak NG), then the
    online ones (gTTS, which lists its languages without going online)."""
    table: dict[str, list[VoiceInfo]] = {}
    offline = [v for v in list_voices() if v.offline and v.engine != "tones"]
    for voice in offline:
        table.setdefault(voice.language.split("-")[0].lower(), []).append(voice)
    for code, name in _gtts_languages().items():
        info = VoiceInfo(f"gtts:{code}", "gtts", code, f"Google Translate voice, {name}", False)
        table.setdefault(code.split("-")[0].lower(), []).append(info)
    return table


def auto(language: str) -> Engine:
    """The best offline voice for a language: Piper's, else eSpeak NG's; else an error that
    names every way to get one."""
    from publish.tts import espeak, piper

    try:
        return piper.create("", language)
    except EngineError:
        pass
    if espeak.voice_for(language) is not None:
        return espeak.create("", language)
    base = language.split("-")[0].lower()
    missing = "" if espeak.installed() else " (eSpeak NG is not installed: Debian espeak-ng)"
    online = (
        f", or use the online engine with --voice gtts:{base}" if base in _gtts_languages() else ""
    )
    raise EngineError(
        f"no offline voice speaks '{language}'{missing}; install a Piper voice package for "
        f"it (pip install <name>-piper-voice) or put its .onnx and .onnx.json in "
        f"$PUBLISH_PIPER_VOICES{online}"
    )


def _gtts_languages() -> dict[str, str]:
    """gTTS's language codes and names, from its own table (no network)."""
    try:
        from gtts.lang import tts_langs
    except ImportError:  # pragma: no cover - a dependency of the project
        return {}
    return dict(tts_langs())


@functools.lru_cache(maxsize=1)
def offline_voices() -> str:
    """What `--voice auto` can choose from, for build manifests: a newly installed voice
    means the narration is made again."""
    from publish.tts import espeak, piper

    names = sorted(v.name for v in piper.installed_voices())
    return f"piper {' '.join(names)}; espeak-ng {espeak.version()}"


def engine_for(spec: str, language: str) -> Engine:
    """An engine from a --voice spec: 'auto', 'piper', 'piper:NAME', 'espeak[:VOICE]' or
    'gtts:LANG[:TLD]'."""
    if spec in ("", "auto"):
        return auto(language)
    kind, _, rest = spec.partition(":")
    if kind not in registry.names(registry.ENGINES):
        raise UsageError(
            f"{registry.unknown(registry.ENGINES, kind)} ('publish voices' lists the voices)"
        )
    engine: Engine = registry.load(registry.ENGINES, kind).create(rest, language)
    return engine


__all__ = ["Engine", "EngineError", "VoiceInfo", "engine_for", "list_voices"]
