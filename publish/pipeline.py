"""parse -> writers -> outputs, for each source. No globals."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from publish.diagnostics import Diagnostic
from publish.errors import PublishError
from publish.formats import WRITERS
from publish.formats.base import RenderContext, Writer
from publish.limits import Limits
from publish.model.nodes import Article
from publish.output import build_lock, staging
from publish.parse.markdown import load_article

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path
    formats: tuple[str, ...] = ("html",)
    templates: Path | None = None
    paper: str | None = None
    editions: tuple[str, ...] = ()
    press: bool = False
    voice: str = "piper"
    voice_fallback: bool = False
    audio_profile: str = "default"
    bitrate: int | None = None
    quiet: bool = False
    limits: Limits = field(default_factory=Limits)
    allow_remote: bool = False


@dataclass
class ArticleResult:
    source: Path
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    error: PublishError | None = None
    seconds: float = 0.0


@dataclass
class BuildResult:
    articles: list[ArticleResult] = field(default_factory=list)

    @property
    def failed(self) -> list[ArticleResult]:
        return [a for a in self.articles if a.error is not None]


Progress = Callable[[int, int, ArticleResult], None]


def make_writers(options: BuildOptions) -> list[Writer]:
    """One writer per format, shared by every article of a build (templates compile once)."""
    context = RenderContext(templates=options.templates, paper=options.paper,
                            editions=options.editions, press=options.press, voice=options.voice,
                            voice_fallback=options.voice_fallback,
                            audio_profile=options.audio_profile, bitrate=options.bitrate,
                            cache_dir=options.out_dir / ".cache" / "audio", quiet=options.quiet,
                            formats=options.formats, limits=options.limits)
    return [WRITERS[name](context) for name in options.formats]


def build_article(article: Article, options: BuildOptions, writers: list[Writer]) -> list[Path]:
    """Render one parsed article in every requested format; all or nothing."""
    target = options.out_dir / article.slug
    written: list[Path] = []
    with staging(target) as stage:
        for writer in writers:
            for path in writer.write(article, stage):
                written.append(target / path.relative_to(stage))
    return written


def build_all(sources: list[Path], options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    result = BuildResult()
    with build_lock(options.out_dir):
        writers = make_writers(options)
        _build_each(sources, options, writers, result, progress)
    return result


def _build_each(sources: list[Path], options: BuildOptions, writers: list[Writer],
                result: BuildResult, progress: Progress | None) -> None:
    for index, source in enumerate(sources, start=1):
        started = time.perf_counter()
        item = ArticleResult(source)
        try:
            article = load_article(source, options.limits, options.allow_remote)
            item.warnings.extend(article.warnings)
            item.outputs = build_article(article, options, writers)
        except PublishError as exc:
            item.error = exc
        item.seconds = time.perf_counter() - started
        result.articles.append(item)
        if progress is not None:
            progress(index, len(sources), item)
