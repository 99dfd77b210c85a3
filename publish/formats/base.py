"""The small contract every writer keeps."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from publish.model.nodes import Article


@dataclass(frozen=True)
class RenderContext:
    """What every writer may read besides the article."""

    templates: Path | None = None
    paper: str | None = None  # a4 or letter; None: the front matter's
    editions: tuple[str, ...] = ()  # PDF editions; empty: the front matter's
    press: bool = False  # 3 mm bleed and crop marks for a print shop


class Writer(Protocol):
    name: str

    def __init__(self, context: RenderContext) -> None: ...

    def write(self, article: Article, staging: Path) -> list[Path]:
        """Write this format's files for `article` into `staging`; return their paths."""
        ...
