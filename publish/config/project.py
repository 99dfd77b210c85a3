"""The project's settings: `publish.toml`, or `[tool.publish]` in a `pyproject.toml`, whichever is
nearest to the source, searching its folder and then each folder above it.

    # publish.toml                      # pyproject.toml
    formats = ["html", "pdf"]           [tool.publish]
    editions = ["standard"]             formats = ["html", "pdf"]
    out = "public"
    [checks]                            [tool.publish.checks]
    gates = ["readability", "html"]     gates = ["readability", "html"]
    [brand]                             [tool.publish.brand]
    name = "Riverside Clinic"           name = "Riverside Clinic"

They are build defaults: a command-line flag overrides the file, and the file overrides the
built-in defaults. Paths are relative to the file. Unknown keys and bad values are errors
with the file, the line and a did-you-mean, as in front matter.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish.config.brand import Brand, check_brand
from publish.config.checks import check_values
from publish.config.fields import FieldCheck, Value, check_mapping, text
from publish.config.schema import PROJECT, PROJECT_KEYS, misplaced
from publish.diagnostics import Diagnostic, error
from publish.errors import SourceError

# The settings publish.toml may hold, from the one table (publish.config.schema).
BUILD_FIELDS: dict[str, FieldCheck] = {key: s.check for key, s in PROJECT_KEYS.items()}


@dataclass(frozen=True)
class ProjectConfig:
    """Validated settings and the file they came from (None: no file, built-in defaults)."""

    file: Path | None = None
    build: dict[str, Any] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)
    brand: Brand = field(default_factory=Brand)  # the [brand] table: the house style


def find(start: Path) -> tuple[Path, str] | None:
    """The nearest publish.toml, or pyproject.toml with a [tool.publish] table, and its table."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        toml = candidate / "publish.toml"
        if toml.is_file():
            return toml, ""
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and re.search(
            r"^\s*\[\s*tool\.publish\b", _read(pyproject), re.MULTILINE
        ):
            return pyproject, "tool.publish"
    return None


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(
            "config", [error("config-unreadable", f"cannot read it: {exc}", str(file), 1)]
        ) from None


def load(start: Path) -> ProjectConfig:
    """The project settings that apply to sources in `start`; SourceError lists every problem."""
    found = find(start)
    if found is None:
        return ProjectConfig()
    file, table = found
    text_ = _read(file)
    try:
        data = tomllib.loads(text_)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise SourceError(
            "config",
            [
                error(
                    "config-toml",
                    f"this is not valid TOML: {str(exc).split(' (at')[0]}; check the "
                    "quotes and brackets",
                    str(file),
                    int(line.group(1)) if line else 1,
                )
            ],
        ) from None
    for part in table.split(".") if table else ():
        data = data.get(part, {})
    lines = _key_lines(text_)
    prefix = tuple(table.split(".")) if table else ()
    mapping = _values(data, lines, prefix, lines.get(prefix, 1))
    problems: list[Diagnostic] = []
    checks_value = mapping.data.pop("checks", None)
    brand_value = mapping.data.pop("brand", None)
    for key in [k for k in mapping.data if k not in BUILD_FIELDS]:
        wrong_place = misplaced(key, PROJECT) or _front_only(key)
        if wrong_place:
            value = mapping.data.pop(key)
            problems.append(error("config-misplaced", wrong_place, str(file), value.line))
    build = check_mapping(
        mapping.data, BUILD_FIELDS | {"checks": text, "brand": text}, "project", str(file), problems
    )
    checks = check_values(checks_value, str(file), problems) if checks_value is not None else {}
    brand = check_brand(brand_value, file, problems) if brand_value is not None else Brand()
    if problems:
        raise SourceError("config", sorted(problems, key=lambda d: d.line or 0))
    for key in ("out", "templates"):
        if key in build and not build[key].is_absolute():
            build[key] = file.parent / build[key]
    return ProjectConfig(file, build, checks, brand)


def _front_only(key: str) -> str | None:
    """A front-matter field (title, fit...) written in the project file."""
    from publish.config.metadata import FIELDS, NESTED

    if key in FIELDS or key in NESTED:
        return (
            f"'{key}' belongs to one article: set it in that article's front matter, not in "
            "the project file"
        )
    return None


def _values(data: Any, lines: dict[tuple[str, ...], int], at: tuple[str, ...], line: int) -> Value:
    """TOML data as Values carrying the line each key is written on."""
    if isinstance(data, dict):
        return Value(
            {k: _values(v, lines, (*at, k), lines.get((*at, k), line)) for k, v in data.items()},
            line,
        )
    if isinstance(data, list):
        return Value([_values(item, lines, at, line) for item in data], line)
    return Value(data, line)


_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-\s\"]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def _key_lines(source: str) -> dict[tuple[str, ...], int]:
    """(table..., key) -> line, for tables and the keys written in them."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(source.split("\n"), start=1):
        header = _TABLE.match(line)
        if header:
            table = tuple(p.strip().strip('"') for p in header.group(1).split("."))
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((*table, key.group(1)), number)
    return lines
