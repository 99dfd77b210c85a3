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


class Writer(Protocol):
    name: str

    def __init__(self, context: RenderContext) -> None: ...

    def write(self, article: Article, staging: Path) -> list[Path]:
        """Write this format's files for `article` into `staging`; return their paths."""
        ...
