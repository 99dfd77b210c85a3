"""The studio's files: the sources of one project folder, confined to it, saved atomically,
and never overwritten by a stale copy."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from publish.limits import Limits

CONFLICTS = ".studio-conflicts"  # in source/; a folder, so source/*.md never picks them up
SLUG = re.compile(r"^[a-z][a-z0-9-]{0,99}$")


class NotFoundError(Exception):
    """A name that is not a file of the project: missing, outside it, or a link out of it."""


@dataclass(frozen=True)
class Saved:
    digest: str  # of the text now on disk


@dataclass(frozen=True)
class Conflict:
    """The file changed on disk since the editor opened it: nothing was overwritten. The
    editor's text was kept beside the source as `kept`; `disk` is what the file holds now."""

    disk: str
    digest: str
    kept: Path


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def inside(root: Path, name: str) -> Path:
    """`root / name` when it is a file inside `root`, links resolved; NotFoundError otherwise.

    Refuses absolute names, `..`, and symbolic links that lead out of `root`: whatever the
    route decoded from the URL, only files below the root are ever served."""
    if not name or "\x00" in name or name.startswith(("/", "\\")) or ":" in name:
        raise NotFoundError(name)
    base = root.resolve()
    try:
        path = (base / name).resolve(strict=True)
    except (OSError, RuntimeError):
        raise NotFoundError(name) from None
    if not path.is_relative_to(base) or not path.is_file():
        raise NotFoundError(name)
    return path


class Project:
    """A folder with `source/` (the Markdown) and `build/` (what the studio publishes)."""

    def __init__(self, folder: Path, limits: Limits | None = None) -> None:
        self.folder = folder.resolve()
        self.source = self.folder / "source"
        self.build = self.folder / "build"
        self.limits = limits or Limits()

    def slugs(self) -> list[str]:
        return sorted(p.stem for p in self.source.glob("*.md") if SLUG.match(p.stem))

    def path(self, slug: str) -> Path:
        """The source of `slug`; NotFoundError for a name that is not a source of this project."""
        if not SLUG.match(slug):
            raise NotFoundError(slug)
        return inside(self.source, f"{slug}.md")

    def read(self, slug: str) -> tuple[str, str]:
        """The source's text (as typed: line endings made LF) and its digest."""
        from publish.errors import SourceError
        from publish.parse.source import read_text

        try:
            text = read_text(self.path(slug), self.limits)
        except SourceError:
            text = self.path(slug).read_bytes().decode("utf-8", "replace")
        return text, digest(text)

    def save(self, slug: str, text: str, base: str) -> Saved | Conflict:
        """Write `text` if the file still holds the version whose digest is `base`.

        Atomic: a temporary file in the same folder, flushed to disk, then renamed over the
        source, so a crash leaves the old file or the new one, never half of either."""
        path = self.path(slug)
        on_disk, now = self.read(slug)
        if now != base and on_disk != text:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            kept = self.source / CONFLICTS / f"{slug}-{stamp}.md"
            kept.parent.mkdir(mode=0o755, exist_ok=True)
            write_atomic(kept, text)
            return Conflict(on_disk, now, kept)
        write_atomic(path, text)
        return Saved(digest(text))

    def create(self, slug: str, text: str) -> Path:
        """A new source; FileExistsError when the name is taken."""
        if not SLUG.match(slug):
            raise NotFoundError(slug)
        self.source.mkdir(parents=True, exist_ok=True)
        path = self.source / f"{slug}.md"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        return path

    def output(self, slug: str, name: str) -> Path:
        """A built file of `slug`, confined to its folder in build/."""
        if not SLUG.match(slug):
            raise NotFoundError(slug)
        return inside(self.build / slug, name)


def write_atomic(path: Path, text: str) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
