"""Every build setting, declared once: its name, type, default, allowed values, help, and where
it may be set. The command line's flags (for `build` and `check` alike), the validation of
`publish.toml` and of the front matter, the defaults of BuildOptions and the manifest's keys
(through each writer's `settings`) all come from this table.

One rule says which value wins, for every setting:

    the command line  >  the article's front matter  >  the project file  >  the default

A setting given where it may not be set (`out` in front matter, `title` in publish.toml) is
an error at its line that says where it belongs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publish.config.fields import (
    FieldCheck,
    Value,
    base_url,
    boolean,
    choice,
    choices,
    number,
    path,
    text,
    whole,
)
from publish.editions import EDITIONS, PAPERS

PROFILES = ("default", "acx")
# Names people reach for, and the format or edition they mean.
ALIASES = {
    "mp3": "audio",
    "narration": "audio",
    "speech": "audio",
    "tts": "audio",
    "ebook": "epub",
    "e-book": "epub",
    "web": "html",
    "page": "html",
    "print": "pdf",
    "large": "large-print",
    "largeprint": "large-print",
}
FRONT_MATTER, PROJECT = "front matter", "project file"


def format_names() -> tuple[str, ...]:
    from publish import registry

    return registry.names(registry.FORMATS)


def formats_in_order() -> tuple[str, ...]:
    """Every format, in the order their writers declare: what 'all' means."""
    from publish import registry

    return registry.formats_in_order()


def _pauses(v: Value) -> tuple[Any, str | None]:
    items = (
        [i.data if isinstance(i, Value) else i for i in v.data] if isinstance(v.data, list) else []
    )
    if (
        3 <= len(items) <= 4
        and all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in items)
        and items[0] <= items[1] <= items[2]
    ):
        return tuple(items), None
    return None, "must be 3 or 4 growing numbers of milliseconds, such as 350,750,1300"


@dataclass(frozen=True)
class Setting:
    name: str  # the BuildOptions field and the publish.toml key
    default: Any
    check: FieldCheck  # validates a value from TOML, YAML or (as text) the command line
    help: str
    flag: str = ""  # the long flag; "" when the command line cannot set it
    short: str = ""
    metavar: str | None = None
    kind: str = "text"  # how a flag's text is read: text, int, float, list, switch
    project: bool = True  # publish.toml may set it
    front: str = ""  # the front-matter key that sets it, when the front matter may

    @property
    def key(self) -> str:
        """Its key in publish.toml."""
        return "out" if self.name == "out_dir" else self.name

    def where(self) -> str:
        """Where it may be set: "--out on the command line or 'out' in publish.toml"."""
        places = [f"{self.flag} on the command line"] if self.flag else []
        if self.front:
            places.append(f"'{self.front}' in the front matter")
        if self.project:
            places.append(f"'{self.key}' in publish.toml")
        return ", ".join(places[:-1]) + (" or " if len(places) > 1 else "") + places[-1]

    def from_flag(self, raw: str) -> tuple[Any, str | None]:
        """The typed value of a flag's text, by the same check as the files use."""
        if self.kind == "switch":
            return True, None
        if self.kind in ("int", "float"):
            try:
                return self.check(Value((int if self.kind == "int" else float)(raw.strip()), 0))
            except ValueError:
                return None, "must be a whole number" if self.kind == "int" else "must be a number"
        if self.kind == "list":
            parts = [p.strip() for p in raw.split(",") if p.strip()]
            items = [int(p) if p.isdigit() else p for p in parts]
            return self.check(Value([Value(i, 0) for i in items], 0))
        return self.check(Value(raw, 0))


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "formats",
        ("html",),
        choices(
            format_names, allow_all=True, what="format", aliases=ALIASES, every=formats_in_order
        ),
        "comma-separated formats, or 'all' (default: html for build, all for check)",
        flag="--format",
        short="-f",
        metavar="LIST",
        kind="list",
    ),
    Setting(
        "out_dir",
        Path("build"),
        path,
        "output folder (default: build)",
        flag="--out",
        short="-o",
        metavar="DIR",
    ),
    Setting(
        "templates",
        Path("templates"),
        path,
        "your own templates, searched before the defaults (default: templates)",
        flag="--templates",
        metavar="DIR",
    ),
    Setting(
        "paper",
        "a4",
        choice(tuple(PAPERS)),
        f"PDF paper size: {', '.join(PAPERS)} (default: a4)",
        flag="--paper",
        metavar="SIZE",
        front="paper",
    ),
    Setting(
        "editions",
        ("standard",),
        choices(lambda: tuple(EDITIONS), allow_all=True, what="edition", aliases=ALIASES),
        "PDF editions: standard, large-print, or 'all' (default: standard)",
        flag="--edition",
        metavar="LIST",
        kind="list",
        front="edition",
    ),
    Setting(
        "press",
        False,
        boolean,
        "PDF for a print shop: 3 mm bleed and crop marks",
        flag="--press",
        kind="switch",
    ),
    Setting(
        "voice",
        "auto",
        text,
        "narration voice: auto (the default: the best offline voice for the article's "
        "language), piper[:NAME], espeak[:VOICE], or gtts:LANG (online); see 'publish voices'",
        flag="--voice",
        metavar="VOICE",
    ),
    Setting(
        "narration",
        "",
        text,
        "a reader's recording of the article (WAV, FLAC, MP3, M4A or OGG) to narrate it "
        "with instead of a voice; one source only ('narration:' in its front matter does "
        "the same, beside the source)",
        flag="--narration",
        metavar="FILE",
        project=False,
    ),
    Setting(
        "voice_fallback",
        False,
        boolean,
        "if an online voice fails, narrate with the offline one instead",
        flag="--voice-fallback",
        kind="switch",
    ),
    Setting(
        "audio_profile",
        "default",
        choice(PROFILES),
        "default: -18 LUFS, 64 kbit/s; acx: ACX audiobook rules, 44.1 kHz 192 kbit/s",
        flag="--audio-profile",
        metavar="PROFILE",
    ),
    Setting(
        "bitrate",
        None,
        whole(8, 320),
        "MP3 bit rate in kbit/s (default: the profile's)",
        flag="--bitrate",
        metavar="KBPS",
        kind="int",
    ),
    Setting(
        "pauses",
        (),
        _pauses,
        "silence after a sentence, a paragraph, a section and a heading, in milliseconds "
        "(default: 350,750,1300,650)",
        flag="--pauses",
        metavar="MS,MS,MS[,MS]",
        kind="list",
    ),
    Setting(
        "speech_rate",
        1.0,
        number(0.5, 2.0),
        "the narration's pace, from 0.5 to 2.0: 1.0 is the voice's natural rate, 0.8 is a "
        "fifth slower; the pauses scale with it (default: 1.0)",
        flag="--speech-rate",
        metavar="RATE",
        kind="float",
        front="speech_rate",
    ),
    Setting(
        "braille_cells",
        40,
        whole(10, 100),
        "cells per braille line (default: 40)",
        flag="--braille-cells",
        metavar="N",
        kind="int",
    ),
    Setting(
        "braille_lines",
        25,
        whole(4, 100),
        "lines per braille page (default: 25)",
        flag="--braille-lines",
        metavar="N",
        kind="int",
    ),
    Setting(
        "braille_grade",
        0,
        whole(1, 2),
        "1: uncontracted, 2: contracted braille (default: the language's usual grade: 2 for "
        "English, 1 for Spanish)",
        flag="--braille-grade",
        metavar="N",
        kind="int",
    ),
    Setting(
        "allow_remote",
        False,
        boolean,
        "fetch http(s) images (with a timeout and a size cap); by default they are replaced "
        "by their alt text",
        flag="--allow-remote",
        kind="switch",
    ),
    Setting(
        "library",
        False,
        boolean,
        "also write the library: index.html, the OPDS catalogs, the podcast feed and the "
        "sitemap, beside the article folders (the feeds need --base-url)",
        flag="--library",
        kind="switch",
    ),
    Setting(
        "base_url",
        "",
        base_url,
        "the address the output folder is published at, such as "
        "https://clinic.example/handouts/; the feeds' links are made from it",
        flag="--base-url",
        metavar="URL",
    ),
    Setting(
        "library_title",
        "",
        text,
        "the library's name on its page and feeds (default: the articles' publisher, or 'Library')",
        flag="--library-title",
        metavar="TEXT",
    ),
)
BY_NAME = {s.name: s for s in SETTINGS}
PROJECT_KEYS = {s.key: s for s in SETTINGS if s.project}
FRONT_KEYS = {s.front: s for s in SETTINGS if s.front}


def default(name: str) -> Any:
    return BY_NAME[name].default


def misplaced(key: str, here: str) -> str | None:
    """Why `key` may not be written `here` (FRONT_MATTER or PROJECT), or None when it may, or
    when it names no setting at all (then it is an unknown key, with a did-you-mean)."""
    setting = PROJECT_KEYS.get(key) or FRONT_KEYS.get(key) or BY_NAME.get(key)
    if setting is None:
        return None
    if here == FRONT_MATTER and setting.front == key:
        return None
    if here == PROJECT and setting.project and setting.key == key:
        return None
    return f"'{key}' cannot be set in the {here}; use {setting.where()}"


def flag_value(setting: Setting, raw: str | bool | None) -> Any:
    """A flag's value, checked; None when the flag was not given. A bad value is a usage error
    naming the flag."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    value, problem = setting.from_flag(raw)
    if problem:
        from publish.errors import UsageError

        raise UsageError(f"publish: {setting.flag} {problem}")
    return value
