"""The options of one build, as typed data every stage may read. Nothing in here changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from publish.config.checks import CheckConfig
from publish.limits import Limits


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path
    formats: tuple[str, ...] = ("html",)
    templates: Path | None = None  # the project's own templates, searched before the defaults
    paper: str | None = None  # a4 or letter; None: the front matter's
    editions: tuple[str, ...] = ()  # PDF editions; empty: the front matter's
    press: bool = False  # 3 mm bleed and crop marks for a print shop
    voice: str = "auto"  # --voice: auto, piper[:NAME], espeak[:VOICE], gtts:LANG
    voice_fallback: bool = False  # use the offline voice when an online one fails
    audio_profile: str = "default"  # default or acx
    bitrate: int | None = None  # kbit/s; None: the profile's
    pauses: tuple[
        int, ...
    ] = ()  # ms after a sentence, paragraph, section, heading; () the defaults
    quiet: bool = False
    limits: Limits = field(default_factory=Limits)
    allow_remote: bool = False
    book: Path | None = None  # gather every article into one EPUB described by this YAML file
    cache_dir: Path | None = None  # synthesized sentences, kept between builds; None: user cache
    braille_cells: int = 40  # cells per braille line
    braille_lines: int = 25  # lines per braille page
    braille_grade: int = 0  # 1 uncontracted, 2 contracted; 0: the language's usual grade
    checks: bool = True  # run the text checks on every article after it is written
    check_config: CheckConfig = field(
        default_factory=CheckConfig
    )  # the project's; front matter wins

    @property
    def audio_cache(self) -> Path:
        from publish.cache import cache_folder

        return self.cache_dir or cache_folder() / "audio"
