"""The Jinja environment: a project's own templates first, then the defaults.

A project template can extend a default one and replace a single block:
``{% extends "!default/html/article.html" %}``.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
)
from markupsafe import Markup

from publish.cache import cache_folder
from publish.installed import distribution_version

_PACKAGE = Path(__file__).resolve().parent


def default_templates_dir() -> Path:
    """The templates shipped in the wheel, or the repository's top-level templates/."""
    shipped = _PACKAGE / "_templates"
    return shipped if shipped.is_dir() else _PACKAGE.parent / "templates"


def bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates, kept in the user's cache folder (never in the output).

    Jinja keys each one by the template's name, file and source checksum, so an edited
    template is compiled afresh. The folder is per Jinja version, since the compiled code
    calls Jinja's runtime. Compiling the page templates costs more than rendering them.
    """
    folder = cache_folder() / f"templates-jinja{distribution_version('jinja2')}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home: compile every time, as before
    return FileSystemBytecodeCache(str(folder))


def environment(project_templates: Path | None = None) -> Environment:
    defaults = FileSystemLoader(default_templates_dir())
    loaders: list[BaseLoader] = []
    if project_templates is not None and project_templates.is_dir():
        loaders.append(FileSystemLoader(project_templates))
    loaders += [PrefixLoader({"!default": defaults}), defaults]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache(),
    )
    env.filters["css_string"] = css_string
    return env


def css_string(value: object) -> Markup:
    """A quoted CSS string; every character that could end it or the <style> is hex-escaped."""
    out = []
    for char in str(value):
        out.append(char if char.isalnum() or char in " .,-_·" else f"\\{ord(char):06x}")
    return Markup('"' + "".join(out) + '"')
