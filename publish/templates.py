"""The Jinja environment: a project's own templates first, then the defaults.

A project template can extend a default one and replace a single block:
``{% extends "!default/html/article.html" %}``.
"""

from __future__ import annotations

import re
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
from markupsafe import Markup, escape

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
    env.filters["keep_together"] = keep_together
    return env


# What must not break across lines: a phone number ("555-0100", "(555) 010-0199",
# "+44 20 7946 0958") or a quantity and its unit ("2.5 mg", "20 seconds" is free to break).
_TOGETHER = re.compile(
    r"(?<![\w.])\+\d{1,3}(?:[ .-]\d{1,5}){2,5}(?![\w.]\d)"
    r"|(?<![\w.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?)?(?:\d{1,4}[.-]){1,3}\d{3,4}(?![\w.]\d)"
    r"|(?<![\w.,])\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|g|kg|ml|mL|L|mmol|mmHg|IU|UI|%)(?!\w)"
)


def keep_together(value: object) -> Markup:
    """Escaped text with each phone number and dose held on one line (class "nowrap"): a
    phone number split at its hyphen, or "2.5" and "mg" on two lines, misleads a reader."""
    text = str(value)
    out, at = [], 0
    for match in _TOGETHER.finditer(text):
        out.append(escape(text[at : match.start()]))
        out.append(Markup('<span class="nowrap">') + escape(match.group(0)) + Markup("</span>"))
        at = match.end()
    out.append(escape(text[at:]))
    return Markup("").join(out)


def css_string(value: object) -> Markup:
    """A quoted CSS string; every character that could end it or the <style> is hex-escaped."""
    out = []
    for char in str(value):
        out.append(char if char.isalnum() or char in " .,-_·" else f"\\{ord(char):06x}")
    return Markup('"' + "".join(out) + '"')
