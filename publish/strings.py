"""The few words publish itself adds to a page, and dates written out, by language.

STRINGS holds the English messages, each under a key the templates use
(`strings.skip`). Translations are gettext catalogs, `locale/<language>/LC_MESSAGES/
publish.po`, with the key as each message's context; `python -m publish.strings` extracts
the template (`locale/publish.pot`) from STRINGS and merges it into every catalog. A build
compiles a catalog once, with Babel, into the user's cache. A language without a catalog
gets English, and publish.language names that fallback in the build's warnings.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
from pathlib import Path

STRINGS = {
    "en": {
        "skip": "Skip to main content",
        "contents": "Contents",
        "notes": "Notes",
        "note": "Note",
        "back_to_text": "Back to text for note",
        "glossary": "Glossary",
        "table": "Table",
        "made_with": "Made with",
        "listen": "Listen to this page",
        "captions": "Captions",
        "chapters": "Chapters",
        "readalong": "Read-along controls",
        "previous_sentence": "Previous sentence",
        "next_sentence": "Next sentence",
        "play": "Play",
        "pause": "Pause",
        "speed": "Speed",
        "player_help": "While these controls have focus: K plays or pauses, the left and right "
        "arrows go to the previous or next sentence. Select a sentence to hear it from there.",
        "download_audio": "Download the narration",
        "download_captions": "Download the captions",
        "download_epub": "E-book (EPUB)",
        "download_pdf": "Print handout (PDF)",
        "download_large_print": "Large-print handout (PDF)",
        "page": "Page",
        "pages": "Pages",
        "cover": "Cover",
        "landmarks": "Landmarks",
        "of": "of",
        "online_edition": "Read or listen online",
        "qr_alt": "QR code linking to",
        "image": "Image",  # announces a figure's alt text in the narration
        "languages": "Languages",  # the switcher between a handout's translations
    },
}
MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


LOCALE = "locale"  # publish/locale/<language>/LC_MESSAGES/publish.po
DOMAIN = "publish"


def _locale_folder() -> Path:
    return Path(__file__).parent / LOCALE


@functools.lru_cache(maxsize=1)
def catalog_languages() -> frozenset[str]:
    """The languages with a catalog, English (the messages' own language) included."""
    folder = _locale_folder()
    found = {p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return frozenset(found | {"en"})


def catalog_name(language: str) -> str | None:
    """The catalog for a BCP 47 tag: "zh-Hans" -> "zh_Hans", "es-US" -> "es"; None if none."""
    parts = language.replace("_", "-").split("-")
    primary = parts[0].lower()
    script = next((p.title() for p in parts[1:] if len(p) == 4), "")
    available = catalog_languages()
    for name in (f"{primary}_{script}" if script else "", primary):
        if name and name in available:
            return name
    if primary == "zh" and "zh_Hans" in available and not script:
        return "zh_Hans"
    return None


@functools.lru_cache(maxsize=32)
def strings_for(language: str) -> dict[str, str]:
    """The page strings for a language: its catalog's, else English (a named fallback that
    publish.language reports)."""
    name = catalog_name(language)
    english = STRINGS["en"]
    if name in (None, "en"):
        return dict(english)
    translations = _translations(str(name))
    return {key: translations.pgettext(key, text) for key, text in english.items()}


def _translations(name: str) -> gettext.GNUTranslations:
    """The catalog compiled (with Babel) at build time into the user's cache, by its hash."""
    import hashlib
    import io
    import os

    from publish.cache import cache_folder

    source = _locale_folder() / name / "LC_MESSAGES" / f"{DOMAIN}.po"
    data = source.read_bytes()
    compiled = cache_folder() / "locale" / f"{name}-{hashlib.sha256(data).hexdigest()[:16]}.mo"
    if not compiled.is_file():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        buffer = io.BytesIO()
        write_mo(buffer, read_po(io.BytesIO(data), locale=name))
        compiled.parent.mkdir(parents=True, exist_ok=True)
        temporary = compiled.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(buffer.getvalue())
        os.replace(temporary, compiled)
    with compiled.open("rb") as file:
        return gettext.GNUTranslations(file)


def long_date(date: dt.date, language: str) -> str:
    """A date written out in words, so no reader has to guess 03/04 order: "March 5, 2026",
        "5 March 2026", "5 de marzo de 2026". English from the table above (no Babel to load);
        every other language from Babel's CLDR data, which a test holds to the same English
    (en-US and en-GB)."""
    primary, _, region = language.replace("_", "-").partition("-")
    if primary.lower() == "en":
        months = MONTHS["en"]
        if region.upper() == "US":  # "en" alone: the day first, as most of the world writes
            return f"{months[date.month - 1]} {date.day}, {date.year}"
        return f"{date.day} {months[date.month - 1]} {date.year}"
    from babel.core import Locale, UnknownLocaleError
    from babel.dates import format_date

    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return date.isoformat()  # an unknown language: the unambiguous ISO form
    return str(format_date(date, format="long", locale=locale))


def language_name(tag: str) -> str:
    """A language's name in that language, from Babel's CLDR data: "es-US" -> "Español
    (Estados Unidos)", so a reader finds their own language in a switcher."""
    from babel.core import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return tag
    name = str(locale.get_display_name(locale) or tag)
    return name[:1].upper() + name[1:]


def extract() -> None:
    """Write locale/publish.pot from STRINGS and merge it into every catalog (Babel's
    update: new messages are added untranslated, and a test then fails until they are)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    template = Catalog(project="publish", domain=DOMAIN)
    for key, text in STRINGS["en"].items():
        template.add(text, context=key)
    folder = _locale_folder()
    with (folder / f"{DOMAIN}.pot").open("wb") as file:
        write_po(file, template, omit_header=True, sort_output=True)
    for path in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with path.open("rb") as file:
            catalog = read_po(file, locale=path.parent.parent.name)
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as file:
            write_po(file, catalog, omit_header=True, sort_output=True, ignore_obsolete=True)


if __name__ == "__main__":
    extract()
