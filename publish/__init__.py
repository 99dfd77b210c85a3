"""publish: one accessible Markdown source to HTML, PDF, EPUB 3 and narration."""

from __future__ import annotations

from typing import TYPE_CHECKING

from publish.version import __version__

if TYPE_CHECKING:
    from pathlib import Path

    from publish.model.nodes import Article
    from publish.pipeline import BuildResult

__all__ = ["__version__", "build", "load"]


def load(path: Path) -> Article:
    """Parse one source file into the document model."""
    from publish.parse.markdown import load_article

    return load_article(path)


def build(sources: list[Path], out_dir: Path, formats: tuple[str, ...] = ("html",)) -> BuildResult:
    """Build every source into out_dir in the given formats."""
    from publish.pipeline import BuildOptions, build_all

    return build_all(sources, BuildOptions(out_dir=out_dir, formats=formats))
