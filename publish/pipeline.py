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
    pauses: tuple[int, ...] = ()
    quiet: bool = False
    limits: Limits = field(default_factory=Limits)
    allow_remote: bool = False
    book: Path | None = None  # gather every article into one EPUB described by this YAML file


@dataclass
class ArticleResult:
    source: Path
    article: Article | None = None  # the parsed model, so callers never parse twice
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


def make_context(options: BuildOptions) -> RenderContext:
    return RenderContext(templates=options.templates, paper=options.paper,
                            editions=options.editions, press=options.press, voice=options.voice,
                            voice_fallback=options.voice_fallback,
                            audio_profile=options.audio_profile, bitrate=options.bitrate,
                         pauses=options.pauses,
                            cache_dir=options.out_dir / ".cache" / "audio", quiet=options.quiet,
                            formats=options.formats, limits=options.limits)


def make_writers(options: BuildOptions, context: RenderContext) -> list[Writer]:
    """One writer per format, shared by every article of a build (templates compile once).
    With a book, the EPUB is written once for all articles, not per article."""
    names = [n for n in options.formats if not (options.book and n == "epub")]
    return [WRITERS[name](context) for name in names]


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
        context = make_context(options)
        articles = _build_each(sources, options, make_writers(options, context), result, progress)
        if options.book is not None and "epub" in options.formats and not result.failed:
            result.articles.append(_build_book(options, context, articles))
    return result


def _build_book(options: BuildOptions, context: RenderContext, articles: list[Article]) -> ArticleResult:
    """One EPUB for every article, with the book's own metadata and one navigation document."""
    from publish.formats.epub import EpubWriter, identifier_for
    from publish.model.ids import slugify
    from publish.parse.frontmatter import read_book

    assert options.book is not None
    started = time.perf_counter()
    item = ArticleResult(options.book)
    try:
        meta = read_book(options.book)
        slug = slugify(options.book.stem, "book")
        data = EpubWriter(context).build_book(meta, articles, identifier_for(f"book:{slug}\n{meta.title}"))
        target = options.out_dir / slug
        with staging(target) as stage:
            (stage / f"{slug}.epub").write_bytes(data)
        item.outputs = [target / f"{slug}.epub"]
    except PublishError as exc:
        item.error = exc
    item.seconds = time.perf_counter() - started
    return item


def _build_each(sources: list[Path], options: BuildOptions, writers: list[Writer],
                result: BuildResult, progress: Progress | None) -> list[Article]:
    articles = []
    for index, source in enumerate(sources, start=1):
        started = time.perf_counter()
        item = ArticleResult(source)
        try:
            article = load_article(source, options.limits, options.allow_remote)
            item.article = article
            item.warnings.extend(article.warnings)
            item.outputs = build_article(article, options, writers)
            articles.append(article)
        except PublishError as exc:
            item.error = exc
        item.seconds = time.perf_counter() - started
        result.articles.append(item)
        if progress is not None:
            progress(index, len(sources), item)
    return articles
