"""The library page: `index.html`, a card per article (translations on one card), filters
by language, audience, format and reading grade as pre-made pages (`index-language-es.html`,
`index-format-epub.html`, …) that work without JavaScript, 50 cards a page, and full-text
search (publish.library.search).

Each card is rendered once (a Jinja macro) and encoded once, and the pages join the cards they
show, so the page count never multiplies the rendering. The page uses the article page's
stylesheet (templates/html/style.css) and its web fonts, as files in `library/fonts/` that
every page shares rather than data URLs repeated in each.
"""

from __future__ import annotations

import base64
import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from publish.library.entries import LABELS, ORDER, Entry
from publish.render.page import brand_context

if TYPE_CHECKING:
    from jinja2 import Environment

    from publish.library.shelf import Shelf
    from publish.settings import BuildOptions

PER_PAGE = 50
FONTS = "fonts"  # in library/
SCRIPT = "search.js"  # in library/
SLOT = "\x00cards\x00"  # where a page's cards go, rendered once each and joined as bytes
# Reading-grade bands: (name in the page's file name, its label's key, lowest, below).
BANDS = (
    ("6", "library_grade_6", -math.inf, 7.0),
    ("7-8", "library_grade_7_8", 7.0, 9.0),
    ("9", "library_grade_9", 9.0, math.inf),
)
DIMENSIONS = ("language", "audience", "format", "grade")
# Search needs its script ('self'), Pagefind's WebAssembly and its index files; no more.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; worker-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True)
class Card:
    """One card: an article, or a translation group (its first article first)."""

    entries: tuple[Entry, ...]

    def values(self, dimension: str) -> set[str]:
        """The filter values this card matches: any of its articles matching is enough."""
        if dimension == "language":
            return {e.language.lower() for e in self.entries}
        if dimension == "audience":
            return {e.audience for e in self.entries}
        if dimension == "format":
            return {d.kind for e in self.entries for d in e.downloads}
        return {band(e.grade) for e in self.entries if e.grade is not None}


@dataclass(frozen=True)
class Choice:
    """One filter value and the cards it shows, in the library's order."""

    dimension: str
    value: str
    label: str
    lang: str  # the label's language when it is not the page's (a language's own name)
    cards: tuple[int, ...]

    @property
    def stem(self) -> str:
        return f"index-{self.dimension}-{self.value}"


def band(grade: float) -> str:
    return next(name for name, _, low, below in BANDS if low <= grade < below)


def cards(shelf: Shelf) -> list[Card]:
    """The shelf's cards in its order: a translation group where its first article is."""
    groups: dict[str, list[Entry]] = {}
    for entry in shelf.entries:
        groups.setdefault(entry.group, []).append(entry)
    return [Card(tuple(found)) for found in groups.values()]


def choices(found: list[Card], strings: dict[str, str]) -> list[Choice]:
    """Every filter value that some card has, by dimension, each with its cards; a value every
    card has is left out (in a library where every article has an e-book, "E-book" filters
    nothing, and its pages would repeat the whole library)."""
    from publish.strings import language_name

    made = []
    for dimension in DIMENSIONS:
        holding: dict[str, list[int]] = {}
        for index, card in enumerate(found):
            for value in card.values(dimension):
                holding.setdefault(value, []).append(index)
        for value in sorted(holding, key=_order):
            if len(holding[value]) == len(found):
                continue  # it would filter nothing: a page the same as index.html
            lang, label = "", value
            if dimension == "language":
                lang = next(
                    e.language
                    for e in found[holding[value][0]].entries
                    if e.language.lower() == value
                )
                label = language_name(lang)
            elif dimension == "audience":
                label = strings.get(f"audience_{value}", value)
            elif dimension == "format":
                label = strings[LABELS[value]]
            else:
                label = strings[next(key for name, key, _, _ in BANDS if name == value)]
            made.append(Choice(dimension, value, label, lang, tuple(holding[value])))
    return made


def files(shelf: Shelf, options: BuildOptions) -> dict[str, bytes | None]:
    """index.html and its pages, the search script and fonts, and the search index."""
    from publish.library import search
    from publish.library.shelf import FOLDER
    from publish.render.fonts import web_fonts
    from publish.templates import environment

    env = environment(options.templates)
    made: dict[str, bytes | None] = {}
    fonts = []
    for face in web_fonts():
        name = f"{FOLDER}/{FONTS}/atkinson-hyperlegible-{face['weight']}-{face['style']}.woff2"
        made[name] = base64.b64decode(face["url"].partition(",")[2])
        fonts.append({"url": name, "weight": face["weight"], "style": face["style"]})
    made[f"{FOLDER}/{SCRIPT}"] = env.get_template(f"library/{SCRIPT}").render().encode()
    made |= dict(_pages(shelf, env, fonts, search.languages(shelf)))
    made |= search.files(shelf, options.out_dir)
    return made


def _pages(
    shelf: Shelf, env: Environment, fonts: list[dict[str, Any]], languages: list[str]
) -> Iterator[tuple[str, bytes]]:
    from publish.language import language as language_of
    from publish.strings import strings_for
    from publish.version import __version__

    strings = strings_for(shelf.language)
    found = cards(shelf)
    rendered = _render_cards(found, env, strings, shelf.language)
    every = choices(found, strings)
    groups = [
        {
            "label": strings[f"library_{dimension}"],
            "choices": [
                {"name": c.stem, "href": f"{c.stem}.html", "label": c.label, "lang": c.lang}
                for c in every
                if c.dimension == dimension
            ],
        }
        for dimension in DIMENSIONS
    ]
    groups = [g for g in groups if g["choices"]]
    style = Markup(
        env.get_template("html/style.css").render(web_fonts=fonts)
        + env.get_template("library/library.css").render()
    )
    template = env.get_template("library/index.html")
    common = {
        "language": shelf.language,
        "direction": language_of(shelf.language).direction,
        "strings": strings,
        "csp": CSP,
        "title": shelf.title,
        "publisher": shelf.publisher,
        "brand": brand_context(shelf.brand),
        "version": __version__,
        "style": style,
        "filters": groups,
        "search_languages": languages,
    }
    views: list[tuple[str, str, str, tuple[int, ...]]] = [
        ("index", "", "", tuple(range(len(found))))
    ]
    views += [(c.stem, c.label, c.lang, c.cards) for c in every]
    for stem, label, lang, shown in views:
        names = _names(stem, len(shown))
        for number, name in enumerate(names, 1):
            part = shown[(number - 1) * PER_PAGE : number * PER_PAGE]
            page = _page(strings, names, number, len(shown))
            title = f"{label} – {shelf.title}" if label else shelf.title
            if len(names) > 1:
                title = f"{title} ({strings['library_page'].format(number=number)})"
            html = template.render(
                common,
                page=page,
                page_title=title,
                current="" if stem == "index" else stem,
                current_label=label,
                current_lang=lang,
                cards=Markup(SLOT) if part else "",
            )
            head, _, tail = html.partition(SLOT)
            yield name, head.encode() + b"".join(rendered[i] for i in part) + tail.encode()


def _render_cards(
    found: list[Card], env: Environment, strings: dict[str, str], chrome: str
) -> list[bytes]:
    """Each card's markup, once, encoded once: a page is its cards' bytes joined."""
    from publish.language import language as language_of
    from publish.strings import language_name

    chrome_dir = language_of(chrome).direction
    macros = env.get_template("library/_card.html").make_module(
        {"strings": strings, "chrome_dir": chrome_dir}
    )
    card_macro = vars(macros)["card"]
    names: dict[str, tuple[str, str]] = {}
    out = []
    for card in found:
        views = []
        for e in card.entries:
            if e.language not in names:
                names[e.language] = (language_name(e.language), language_of(e.language).direction)
            views.append(_view(e, strings, chrome, *names[e.language]))
        out.append(str(card_macro({"entries": views}, chrome)).encode())
    return out


def _view(
    e: Entry, strings: dict[str, str], chrome: str, language_name: str, direction: str
) -> dict[str, Any]:
    """What a card shows of one article, its numbers written for the page's language."""
    from publish.strings import long_date

    return {
        "id": f"a-{e.slug}",
        "title": e.title,
        "page": e.page,
        "description": e.description,
        "language": e.language,
        "language_name": language_name,
        "dir": direction,
        "audience": strings.get(f"audience_{e.audience}", e.audience),
        "grade": _number(e.grade, chrome)
        if e.grade is not None
        else strings["library_not_measured"],
        "reviewed": long_date(e.reviewed, chrome) if e.reviewed else "",
        "reviewed_iso": e.reviewed.isoformat() if e.reviewed else "",
        "duration": _duration(e.duration_ms, chrome) if e.duration_ms else "",
        "duration_iso": _iso_duration(e.duration_ms or 0),
        "downloads": [
            {
                "href": d.href,
                "media_type": d.media_type,
                "label": strings[LABELS[d.kind]],
                "size": size(d.size, chrome),
            }
            for d in sorted(e.downloads, key=lambda d: ORDER.index(d.kind))
        ],
    }


def size(count: int, locale: str) -> str:
    """A file's size as a reader says it: "2.4 MB", "830 kB" (decimal units)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if count >= scale:
            return f"{_number(count / scale, locale)} {unit}"
    return f"{count} B"


def _number(value: float, locale: str) -> str:
    """A number to one decimal in the page's language ("2.4", "2,4"); babel's symbols, looked
    up once, since formatting every size with babel would take most of the library's time."""
    decimal, group = _symbols(locale)
    text = f"{round(value, 1):,.1f}".removesuffix(".0")
    return text.translate({ord(","): group, ord("."): decimal})


@functools.lru_cache(maxsize=16)
def _symbols(locale: str) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    loc = _locale(locale)
    return str(get_decimal_symbol(loc)), str(get_group_symbol(loc))


def _duration(ms: int, locale: str) -> str:
    """The narration's length: "12 min 5 sec", "1 hr 2 min", in the page's language."""
    seconds = round(ms / 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [(hours, "hour"), (minutes, "minute")]
    if not hours:
        parts.append((seconds, "second"))
    shown = [(n, unit) for n, unit in parts if n] or [(0, "second")]
    return " ".join(_unit(n, unit, locale) for n, unit in shown)


@functools.lru_cache(maxsize=1024)
def _unit(count: int, unit: str, locale: str) -> str:
    from babel.units import format_unit

    return str(format_unit(count, f"duration-{unit}", length="short", locale=_locale(locale)))


def _iso_duration(ms: int) -> str:
    seconds = round(ms / 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"PT{hours}H{minutes}M{seconds}S"


@functools.lru_cache(maxsize=64)
def _locale(tag: str) -> str:
    from babel.core import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(tag.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return "en"


def _names(stem: str, count: int) -> list[str]:
    """A view's page files: stem.html, stem-2.html, …; one page even when empty."""
    pages = max(1, math.ceil(count / PER_PAGE))
    return [f"{stem}.html" if n == 1 else f"{stem}-{n}.html" for n in range(1, pages + 1)]


def _page(strings: dict[str, str], names: list[str], number: int, total: int) -> dict[str, Any]:
    first = (number - 1) * PER_PAGE + 1
    last = min(number * PER_PAGE, total)
    summary = strings["library_showing"].format(first=min(first, total), last=last, total=total)
    return {
        "count": len(names),
        "summary": summary,
        "previous": names[number - 2] if number > 1 else "",
        "next": names[number] if number < len(names) else "",
        "links": [
            {
                "href": name,
                "number": n,
                "label": strings["library_page"].format(number=n),
                "current": n == number,
            }
            for n, name in enumerate(names, 1)
        ],
    }


def _order(value: str) -> tuple[int, str]:
    """Formats in the cards' order, grade bands low to high, the rest alphabetically."""
    if value in ORDER:
        return ORDER.index(value), value
    return 0, value
