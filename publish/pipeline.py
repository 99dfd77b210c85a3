"""parse -> products -> writers -> quick checks, one article at a time. No globals.

Each article is parsed, its products (narration, print layout, cover) are made on first
request, its outputs are written into a staging folder and swapped into place, its text
is checked, and then everything but a small summary is dropped: memory stays flat
however many articles a batch holds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from publish.diagnostics import Diagnostic
from publish.errors import PublishError
from publish.output import build_lock, staging
from publish.settings import BuildOptions

if TYPE_CHECKING:
    from jinja2 import Environment

    from publish.checks import CheckResult
    from publish.formats.base import Writer
    from publish.model.nodes import Article
    from publish.products import Products
    from publish.progress import Display

log = logging.getLogger(__name__)

__all__ = ["ArticleResult", "BuildOptions", "BuildResult", "build_all"]


@dataclass
class ArticleResult:
    """What is kept of an article once its outputs are written: a summary, never the model."""

    source: Path
    slug: str = ""
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)  # the quick text checks
    error: PublishError | None = None
    seconds: float = 0.0


@dataclass
class BuildResult:
    articles: list[ArticleResult] = field(default_factory=list)

    @property
    def failed(self) -> list[ArticleResult]:
        return [a for a in self.articles if a.error is not None]


Progress = Callable[[int, int, ArticleResult], None]
AfterArticle = Callable[["Article", ArticleResult], None]  # called while the model is alive


def make_writers(options: BuildOptions, env: Environment) -> list[Writer]:
    """One writer per format, shared by every article of a build (templates compile once).
    With a book, the EPUB is written once for all articles, not per article."""
    from publish import registry

    names = [n for n in options.formats if not (options.book and n == "epub")]
    return [registry.load(registry.FORMATS, name)(options, env) for name in names]


def build_article(
    article: Article,
    products: Products,
    writers: list[Writer],
    out_dir: Path,
    shown: Display | None = None,
) -> list[Path]:
    """Render one parsed article in every requested format; all or nothing."""
    target = out_dir / article.slug
    written: list[Path] = []
    with staging(target) as stage:
        for writer in writers:
            if shown is not None:
                shown.step(str(getattr(writer, "name", type(writer).__name__)))
            for path in writer.write(article, products, stage):
                written.append(target / path.relative_to(stage))
    return written


def build_all(
    sources: list[Path],
    options: BuildOptions,
    progress: Progress | None = None,
    after: AfterArticle | None = None,
    shown: Display | None = None,
) -> BuildResult:
    from publish.products import Product, Products
    from publish.templates import environment

    result = BuildResult()
    with build_lock(options.out_dir):
        env = environment(options.templates)
        writers = make_writers(options, env)
        needs = frozenset().union(*(w.requires() for w in writers)) if writers else frozenset()
        if options.book is not None:  # the book's e-book reads every product of every article
            needs |= {Product.COVER, Product.LAYOUT, Product.NARRATION}
        book_parts: list[Products] = []
        for index, source in enumerate(sources, start=1):
            started = time.perf_counter()
            item = ArticleResult(source)
            if shown is not None:
                shown.article(index, len(sources), source.name)
            try:
                article = _load(source, options)
                item.slug = article.slug
                item.warnings.extend(article.warnings)
                products = Products(article, options, env, needs, shown)
                item.outputs = build_article(article, products, writers, options.out_dir, shown)
                item.warnings.extend(products.warnings)
                if options.checks:
                    if shown is not None:
                        shown.step("checks")
                    item.checks = _quick_checks(article, options)
                if after is not None:
                    after(article, item)
                if options.book is not None:
                    book_parts.append(products)  # a book holds every article, so keep them
            except PublishError as exc:
                item.error = exc
            item.seconds = time.perf_counter() - started
            result.articles.append(item)
            if shown is not None:
                shown.finished()
            if progress is not None:
                progress(index, len(sources), item)
        if options.book is not None and "epub" in options.formats and not result.failed:
            result.articles.append(_build_book(options, env, book_parts))
    return result


def _load(source: Path, options: BuildOptions) -> Article:
    from publish.parse.markdown import load_article

    return load_article(source, options.limits, options.allow_remote)


def _quick_checks(article: Article, options: BuildOptions) -> list[CheckResult]:
    from publish.checks.runner import quick_checks

    return quick_checks(article, options.check_config.updated(article.metadata.checks))


def _build_book(options: BuildOptions, env: Environment, parts: list[Products]) -> ArticleResult:
    """One EPUB for every article, with the book's own metadata and one navigation document."""
    from publish.formats.epub import EpubWriter, identifier_for
    from publish.model.ids import slugify
    from publish.names import OutputNames
    from publish.parse.frontmatter import read_book

    assert options.book is not None
    started = time.perf_counter()
    item = ArticleResult(options.book)
    try:
        meta = read_book(options.book)
        slug = slugify(options.book.stem, "book")
        item.slug = slug
        data = EpubWriter(options, env).build_book(
            meta, parts, identifier_for(f"book:{slug}\n{meta.title}")
        )
        target = options.out_dir / slug
        name = OutputNames(slug).epub
        with staging(target) as stage:
            (stage / name).write_bytes(data)
        item.outputs = [target / name]
    except PublishError as exc:
        item.error = exc
    item.seconds = time.perf_counter() - started
    return item
