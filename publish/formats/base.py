"""The small contract every writer keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from publish.limits import Limits
from publish.model.nodes import Article


@dataclass(frozen=True)
class RenderContext:
    """What every writer may read besides the article."""

    templates: Path | None = None
    paper: str | None = None  # a4 or letter; None: the front matter's
    editions: tuple[str, ...] = ()  # PDF editions; empty: the front matter's
    press: bool = False  # 3 mm bleed and crop marks for a print shop
    voice: str = "piper"  # --voice: piper, piper:NAME, gtts:LANG
    voice_fallback: bool = False  # use the offline voice when an online one fails
    audio_profile: str = "default"  # default or acx
    bitrate: int | None = None  # kbit/s; None: the profile's
    pauses: tuple[int, ...] = ()  # ms after a sentence, paragraph, section, heading; () the defaults
    cache_dir: Path | None = None  # synthesized sentences, kept between builds
    quiet: bool = False
    formats: tuple[str, ...] = ()  # every format this build makes (writers link to each other)
    limits: Limits = field(default_factory=Limits)
    shared: dict[str, Any] = field(default_factory=dict, compare=False)  # per-build memo


class Writer(Protocol):
    name: str

    def __init__(self, context: RenderContext) -> None: ...

    def write(self, article: Article, staging: Path) -> list[Path]:
        """Write this format's files for `article` into `staging`; return their paths."""
        ...
