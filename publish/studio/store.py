"""The studio's files: the sources of one project folder, confined to it, saved atomically,
never overwritten by a stale copy, and never replaced without keeping what they held."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from publish.limits import Limits

CONFLICTS = ".studio-conflicts"  # in source/; a folder, so source/*.md never picks them up
HISTORY = ".history"  # in source/: .history/<slug>/<stamp>-<counter>-<why>.md
SLUG = re.compile(r"^[a-z][a-z0-9-]{0,99}$")
STAMP = "%Y%m%dT%H%M%S.%fZ"  # UTC, to the microsecond; a counter after it makes names unique
_STAMP = r"(\d{8}T\d{6}\.\d{6}Z)-(\d{1,9})"
VERSION = re.compile(rf"^{_STAMP}-(replaced|unsaved|deleted|conflict)$")
_KEPT = re.compile(rf"^{_STAMP}-(replaced|unsaved|deleted)\.md$")
KEPT_FILE = "kept"  # a file (not a text) moved into the history: <stamp>-<n>-kept-<name>
_KEPT_FILE = re.compile(rf"^{_STAMP}-{KEPT_FILE}-(.+)$")
# Why a copy was kept: the saved text a save replaced, the editor's text set aside (the
# writer chose the version on disk, or restored another), the editor's text when its file
# was deleted, and the editor's text a stale save could not write (in CONFLICTS).
WHY = ("replaced", "unsaved", "deleted", "conflict")
LIST_LIMIT = 200  # versions listed, newest first


class NotFoundError(Exception):
    """A name that is not a file of the project: missing, outside it, or a link out of it."""


@dataclass(frozen=True)
class Saved:
    digest: str  # of the text now on disk
    replaced: Path | None = None  # where the text it replaced was kept (None: nothing replaced)
    created: bool = False  # the file was missing (deleted while editing) and is made again


@dataclass(frozen=True)
class Conflict:
    """The file changed on disk since the editor opened it: nothing was overwritten. The
    editor's text was kept beside the source as `kept`; `disk` is what the file holds now."""

    disk: str
    digest: str
    kept: Path


@dataclass(frozen=True)
class Version:
    """One kept copy of a handout's text: `id` names it in URLs (`<stamp>-<n>-<why>`)."""

    id: str
    path: Path
    when: dt.datetime
    why: str
    size: int  # bytes


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
        self.lock = threading.RLock()  # one save at a time: read, keep, then write

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

        The text it replaces is kept in the history first (not when the text is unchanged).
        A file deleted since the editor opened it is made again. Atomic: a temporary file in
        the same folder, flushed to disk, then renamed over the source, so a crash leaves the
        old file or the new one, never half of either."""
        with self.lock:
            path = self.writable(slug)
            if not path.exists():
                self.source.mkdir(parents=True, exist_ok=True)
                write_atomic(path, text)
                return Saved(digest(text), created=True)
            on_disk, now = self.read(slug)
            if now != base and on_disk != text:
                kept = self.keep(slug, text, "conflict")
                return Conflict(on_disk, now, kept)
            if on_disk == text:
                return Saved(now)
            replaced = self.keep(slug, path.read_bytes(), "replaced")
            write_atomic(path, text)
            return Saved(digest(text), replaced=replaced)

    def writable(self, slug: str) -> Path:
        """The source of `slug`, which may be missing (then a save makes it); NotFoundError
        for a bad name, or for a name that is there but is not a file of this project."""
        if not SLUG.match(slug):
            raise NotFoundError(slug)
        path = self.source / f"{slug}.md"
        return self.path(slug) if os.path.lexists(path) else path

    def keep(self, slug: str, text: str | bytes, why: str) -> Path:
        """Keep `text` as a version of `slug` under a name never used before: in the
        handout's history, or, for a stale save's text, in the conflicts folder."""
        if not SLUG.match(slug) or why not in WHY:
            raise NotFoundError(slug)
        data = text.encode("utf-8") if isinstance(text, str) else text
        if why == "conflict":
            return write_unique(self._folder(CONFLICTS), f"{slug}-", ".md", data)
        return write_unique(self._folder(HISTORY, slug), "", f"-{why}.md", data)

    def keep_file(self, slug: str, path: Path) -> Path:
        """Move `path` (a file of source/, such as a recording) into the handout's history
        as `<stamp>-<counter>-kept-<its name>`, a name never used before; the file is
        linked in before it is unlinked, so it is never lost and nothing is overwritten.
        These copies are not versions of the text: `versions` does not list them."""
        if not SLUG.match(slug):
            raise NotFoundError(slug)
        inside(self.source, path.relative_to(self.source).as_posix())
        folder = self._folder(HISTORY, slug)
        stamp = dt.datetime.now(dt.UTC).strftime(STAMP)
        for counter in itertools.count(1):
            target = folder / f"{stamp}-{counter}-{KEPT_FILE}-{path.name}"
            try:
                os.link(path, target)
            except FileExistsError:
                continue
            except OSError:  # a file system without hard links: rename, if the name is free
                if os.path.lexists(target):
                    continue
                os.rename(path, target)
                return target
            path.unlink()
            return target
        raise AssertionError("unreachable")  # pragma: no cover

    def kept_files(self, slug: str) -> list[tuple[Path, dt.datetime, int]]:
        """The files `keep_file` moved into the history of `slug`, newest first: each path,
        when it was kept, and its size in bytes."""
        if not SLUG.match(slug):
            raise NotFoundError(slug)
        history = self.source / HISTORY / slug
        found = []
        for path in history.iterdir() if history.is_dir() else []:
            match = _KEPT_FILE.match(path.name)
            if match is None or path.is_symlink() or not path.is_file():
                continue
            when = dt.datetime.strptime(match[1], STAMP).replace(tzinfo=dt.UTC)
            found.append((path, when, int(match[2]), path.stat().st_size))
        found.sort(key=lambda f: (f[1], f[2]), reverse=True)
        return [(path, when, size) for path, when, _, size in found[:LIST_LIMIT]]

    def versions(self, slug: str) -> list[Version]:
        """The kept versions of `slug`, newest first: its history and its conflict copies."""
        if not SLUG.match(slug):
            raise NotFoundError(slug)
        found: list[tuple[re.Match[str], Path, str]] = []
        history = self.source / HISTORY / slug
        if history.is_dir():
            found += [(m, p, m[3]) for p in history.iterdir() if (m := _KEPT.match(p.name))]
        conflicts = self.source / CONFLICTS
        if conflicts.is_dir():
            pattern = re.compile(rf"^{re.escape(slug)}-{_STAMP}\.md$")
            found += [
                (m, p, "conflict") for p in conflicts.iterdir() if (m := pattern.match(p.name))
            ]
        found.sort(key=lambda f: (f[0][1], int(f[0][2])), reverse=True)
        versions = []
        for match, path, why in found[:LIST_LIMIT]:
            when = dt.datetime.strptime(match[1], STAMP).replace(tzinfo=dt.UTC)
            try:
                inside(self.source, path.relative_to(self.source).as_posix())
                size = path.stat().st_size
            except (NotFoundError, OSError):
                continue
            versions.append(Version(f"{match[1]}-{match[2]}-{why}", path, when, why, size))
        return versions

    def version(self, slug: str, name: str) -> tuple[Version, str]:
        """One kept version of `slug` and its text; NotFoundError for any other name."""
        if not VERSION.match(name):
            raise NotFoundError(name)
        for version in self.versions(slug):
            if version.id == name:
                data = version.path.read_bytes()[: self.limits.source_bytes]
                return version, data.decode("utf-8", "replace").replace("\r\n", "\n")
        raise NotFoundError(name)

    def _folder(self, *parts: str) -> Path:
        """A folder below source/ (made 755 when missing), confined to it like any file."""
        folder = self.source
        for part in parts:
            folder = folder / part
            if not folder.is_dir():
                folder.mkdir(mode=0o755, parents=True, exist_ok=True)
                os.chmod(folder, 0o755)
        if not folder.resolve().is_relative_to(self.source.resolve()):
            raise NotFoundError("/".join(parts))
        return folder

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


def write_unique(folder: Path, prefix: str, suffix: str, data: bytes) -> Path:
    """Write `data` to `<prefix><UTC stamp>-<counter><suffix>` in `folder`, a name no other
    copy has: the complete file is linked in, and a name already taken is never replaced."""
    stamp = dt.datetime.now(dt.UTC).strftime(STAMP)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".keep.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        for counter in itertools.count(1):
            target = folder / f"{prefix}{stamp}-{counter}{suffix}"
            try:
                os.link(temporary, target)
            except FileExistsError:
                continue
            except OSError:  # a file system without hard links: create it exclusively
                try:
                    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                except FileExistsError:
                    continue
                with os.fdopen(fd, "wb") as file:
                    file.write(data)
                    file.flush()
                    os.fsync(file.fileno())
                os.chmod(target, 0o644)
            return target
        raise AssertionError("unreachable")  # pragma: no cover
    finally:
        Path(temporary).unlink(missing_ok=True)
