"""The options of one build, as typed data every stage may read. Nothing in here changes.

Defaults come from the one table of settings (publish.config.schema). A setting the front
matter may also set (paper, editions) is held in two parts: what the command line said
(`paper`, `editions`; empty when it said nothing) and what the project file said
(`project`). `resolved` applies the one precedence rule to an article:
the command line > the front matter > the project file > the default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publish.config.brand import Brand
from publish.config.checks import CheckConfig
from publish.config.schema import BY_NAME, default
from publish.limits import Limits

if TYPE_CHECKING:
    from publish.config.metadata import Metadata


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path
    formats: tuple[str, ...] = default("formats")
    templates: Path | None = None  # the project's own templates, searched before the defaults
    paper: str | None = None  # a4 or letter, from the command line; None: see `resolved`
    editions: tuple[str, ...] = ()  # PDF editions from the command line; (): see `resolved`
    press: bool = default("press")  # 3 mm bleed and crop marks for a print shop
    voice: str = default("voice")  # auto, piper[:NAME], espeak[:VOICE], gtts:LANG
    voice_fallback: bool = default("voice_fallback")  # the offline voice if an online one fails
    narration: str = default("narration")  # --narration: a reader's recording, absolute; ""
    audio_profile: str = default("audio_profile")  # default or acx
    bitrate: int | None = default("bitrate")  # kbit/s; None: the profile's
    # ms after a sentence, paragraph, section, heading; () the defaults
    pauses: tuple[int, ...] = default("pauses")
    speech_rate: float | None = None  # from the command line; None: see `resolved`
    quiet: bool = False
    limits: Limits = field(default_factory=Limits)
    allow_remote: bool = default("allow_remote")
    book: Path | None = None  # gather every article into one EPUB described by this YAML file
    cache_dir: Path | None = None  # synthesized sentences, kept between builds; None: user cache
    braille_cells: int = default("braille_cells")  # cells per braille line
    braille_lines: int = default("braille_lines")  # lines per braille page
    braille_grade: int = default("braille_grade")  # 1 or 2; 0: the language's usual grade
    library: bool = default("library")  # the batch's library: index, catalogs, feeds
    base_url: str = default("base_url")  # where the output folder is published; "" unknown
    library_title: str = default("library_title")
    checks: bool = True  # run the text checks on every article after it is written
    check_config: CheckConfig = field(default_factory=CheckConfig)  # the project's
    brand: Brand = field(default_factory=Brand)  # the project's house style ([brand])
    # The project file's values of the settings the front matter may also set, as pairs.
    project: tuple[tuple[str, Any], ...] = ()

    @property
    def audio_cache(self) -> Path:
        from publish.cache import cache_folder

        return self.cache_dir or cache_folder() / "audio"

    def for_articles(self) -> BuildOptions:
        """The options each article is built with: with a book, the e-book is the book's,
        made once for every article by its finisher, not one per article."""
        from dataclasses import replace

        if self.book is None or "epub" not in self.formats:
            return self
        return replace(self, formats=tuple(f for f in self.formats if f != "epub"))

    def resolved(self, name: str, meta: Metadata) -> Any:
        """A setting the front matter may set, for this article: the command line's value,
        else the front matter's, else the project file's, else the default."""
        given = getattr(self, name)
        if given:
            return given
        setting = BY_NAME[name]
        front = getattr(meta, setting.front)
        if front:
            return (front,) if isinstance(setting.default, tuple) else front
        return dict(self.project).get(name, setting.default)

    def paper_for(self, meta: Metadata) -> str:
        paper: str = self.resolved("paper", meta)
        return paper

    def speech_rate_for(self, meta: Metadata) -> float:
        rate: float = self.resolved("speech_rate", meta)
        return rate

    def editions_for(self, meta: Metadata) -> tuple[str, ...]:
        editions: tuple[str, ...] = self.resolved("editions", meta)
        return editions
