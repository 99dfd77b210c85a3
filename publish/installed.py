"""What is installed: distributions' versions and entry points, read straight from sys.path.

`importlib.metadata` answers the same questions, but importing it costs about 40 ms (it
pulls in email, zipfile and csv) and `entry_points()` parses every package's METADATA,
more than the rest of a small HTML build. Entry points live in one small INI file per
distribution, `NAME-VERSION.dist-info/entry_points.txt`, and a name or version is the first
lines of its METADATA, so reading those is enough. As in importlib.metadata,
the first distribution of a name on sys.path wins. A path entry that is a zip archive is
not a folder we can list, so then importlib.metadata is asked; a test holds the two equal.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EntryPoint:
    group: str
    name: str
    value: str  # "module:attribute"
    dist: str  # the distribution's name as its folder spells it


@dataclass(frozen=True)
class Distribution:
    name: str  # as the folder spells it
    folder: Path  # the .dist-info or .egg-info folder

    def header(self, field: str) -> str:
        """A field of the core metadata's header (`Name`, `Version`), read without email."""
        for file in ("METADATA", "PKG-INFO"):
            try:
                with (self.folder / file).open(encoding="utf-8") as lines:
                    for line in lines:
                        if not line.strip():
                            break
                        key, colon, value = line.partition(":")
                        if colon and key.strip().lower() == field.lower():
                            return value.strip()
            except OSError:
                continue
        return ""


def normalize(name: str) -> str:
    """PEP 503 normalized name: 'Foo_Bar' and 'foo-bar' are one distribution."""
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def distributions() -> tuple[Distribution, ...] | None:
    """Every distribution on sys.path, first of a name wins; None if a path entry is a zip."""
    found: dict[str, Distribution] = {}
    for entry in sys.path:
        folder = Path(entry or ".")
        if folder.is_file():
            return None
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for child in names:
            stem, dot, suffix = child.rpartition(".")
            if not dot or suffix not in ("dist-info", "egg-info"):
                continue
            name = stem.partition("-")[0]
            found.setdefault(normalize(name), Distribution(name, folder / child))
    return tuple(found.values())


def distribution_version(name: str) -> str:
    """The installed version of `name`; "" when it is not installed."""
    known = distributions()
    if known is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version(name)
        except PackageNotFoundError:
            return ""
    wanted = normalize(name)
    return next((d.header("Version") for d in known if normalize(d.name) == wanted), "")


@functools.cache
def entry_points(group: str) -> tuple[EntryPoint, ...]:
    """The group's entry points, in sys.path order."""
    known = distributions()
    if known is None:
        from importlib.metadata import entry_points as scan

        return tuple(
            EntryPoint(group, p.name, p.value, p.dist.name if p.dist else "?")
            for p in scan(group=group)
        )
    found: list[EntryPoint] = []
    for dist in known:
        try:
            text = (dist.folder / "entry_points.txt").read_text(encoding="utf-8")
        except OSError:
            continue
        points = [(name, value) for g, name, value in parse(text) if g == group]
        if points:
            named = dist.header("Name") or dist.name
            found += (EntryPoint(group, name, value, named) for name, value in points)
    return tuple(found)


def parse(text: str) -> list[tuple[str, str, str]]:
    """(group, name, value) for each `name = value` line of an entry_points.txt."""
    group = ""
    points = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1].strip()
            continue
        name, equals, value = line.partition("=")
        if equals and group:
            points.append((group, name.strip(), value.strip()))
    return points


def program(name: str, packages: str, purpose: str) -> str:
    """The path of a command publish runs, or an EngineError naming the Debian packages."""
    import shutil

    from publish.errors import EngineError

    found = shutil.which(name)
    if found is None:
        raise EngineError(
            f"publish: {purpose} needs {name}, which is not installed; install the Debian "
            f"package {packages} (./run does)"
        )
    return found
