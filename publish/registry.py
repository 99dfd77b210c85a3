"""Plug-in points: output formats, checks and speech engines, found through entry points.

Built-in ones register exactly as a third-party package does, in pyproject.toml:

    [project.entry-points."publish.formats"]
    txt = "publish_txt:TextWriter"

A name offered twice is an error, unless the newcomer's object sets `override = True`,
which replaces the built-in one on purpose (as Sphinx's `add_builder(override=True)`).
Nothing is imported until it is used, so a build loads only the formats it makes.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from typing import Any

from publish.errors import UsageError
from publish.installed import entry_points

FORMATS = "publish.formats"
CHECKS = "publish.checks"
ENGINES = "publish.engines"
FINISHERS = "publish.finishers"  # outputs made once per batch (publish/batch.py)
BUILT_IN = "publish"  # the distribution whose entry points are the built-in ones
# Installers sort entry points by name; these are the orders people read them in. A format's
# place is its writer's own `order` (formats_in_order), so a new format touches no table here.
ORDER = {
    CHECKS: (
        "source",
        "readability",
        "plain-language",
        "pronunciation",
        "navigation",
        "html",
        "epub",
        "pdf",
        "audio",
        "fidelity",
    ),
    ENGINES: ("piper", "espeak", "gtts", "tones"),
    FINISHERS: ("book", "check-index"),
}


@dataclass(frozen=True)
class Entry:
    name: str
    value: str  # "module:attribute"
    dist: str  # the distribution that offers it

    def load(self) -> Any:
        import importlib

        module_name, _, attribute = self.value.partition(":")
        loaded: Any = importlib.import_module(module_name.strip())
        for part in attribute.strip().split(".") if attribute.strip() else ():
            loaded = getattr(loaded, part)
        return loaded


class RegistryError(UsageError):
    """Two packages offer one name, and neither says it overrides the other."""


def _entry_points(group: str) -> tuple[Entry, ...]:
    return tuple(Entry(p.name, p.value, p.dist) for p in entry_points(group))


@functools.cache
def entries(group: str) -> dict[str, Entry]:
    """Name -> entry for the group; a duplicate name resolves only by an explicit override."""
    chosen: dict[str, Entry] = {}
    order = ORDER.get(group, ())

    def rank(entry: Entry) -> tuple[bool, int, str, str]:
        built_in = entry.dist == BUILT_IN
        place = order.index(entry.name) if built_in and entry.name in order else len(order)
        return (not built_in, place, entry.dist, entry.name)

    for entry in sorted(_entry_points(group), key=rank):
        previous = chosen.get(entry.name)
        if previous is None or previous.value == entry.value:
            chosen[entry.name] = entry
            continue
        if getattr(entry.load(), "override", False) is True:
            chosen[entry.name] = entry
            continue
        raise RegistryError(
            f"publish: two packages offer the {group.split('.')[-1][:-1]} '{entry.name}': "
            f"{previous.dist} ({previous.value}) and {entry.dist} ({entry.value}); uninstall "
            f"one, or set 'override = True' on {entry.value} to replace the other on purpose"
        )
    return chosen


def names(group: str) -> tuple[str, ...]:
    """The registered names: the built-in ones first, in ORDER, then the plug-ins'."""
    return tuple(entries(group))


def formats_in_order() -> tuple[str, ...]:
    """Every format, in the order their writers declare (loads each writer class)."""
    found = entries(FORMATS)
    return tuple(
        sorted(found, key=lambda name: (int(getattr(found[name].load(), "order", 1000)), name))
    )


def load(group: str, name: str) -> Any:
    """The object registered under `name`, or a usage error with a suggestion."""
    found = entries(group)
    if name not in found:
        raise UsageError(unknown(group, name))
    return found[name].load()


def unknown(group: str, name: str) -> str:
    what = group.split(".")[-1][:-1]
    options = list(entries(group))
    close = difflib.get_close_matches(name, options, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f"; choose from {', '.join(options)}"
    return f"publish: unknown {what} '{name}'{hint}"
