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
from typing import TYPE_CHECKING

from publish.catalogs import DOMAIN, catalog_languages, locale_folder

if TYPE_CHECKING:
    import gettext

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
        "download_m4b": "Audiobook (M4B)",
        "download_daisy": "DAISY talking book (zip)",
        "download_braille": "Braille (BRF)",
        "other_formats": "Other formats",  # the page's list of its PDF, e-book... downloads
        "page": "Page",
        "pages": "Pages",
        "cover": "Cover",
        "landmarks": "Landmarks",
        "of": "of",
        "online_edition": "Read or listen online",
        "qr_alt": "QR code linking to",
        "image": "Image",  # announces a figure's alt text in the narration
        # a callout's label, shown and read before it (> [!WARNING] in the source)
        "callout_note": "Note",
        "callout_tip": "Tip",
        "callout_important": "Important",
        "callout_warning": "Warning",
        "callout_caution": "Caution",
        "checklist": "Checklist",  # read before a checklist's first item
        "check_open": "Done?",  # read after a checklist item with an empty box
        "check_done": "Done.",  # read after a checklist item with a ticked box
        # a checklist item's box in words, where the PDF's tags and text say its state (kept
        # short, ten characters at most: it hangs in the large-print PDF's margin)
        "box_open": "Not done:",
        "box_done": "Done:",
        "languages": "Languages",  # the switcher between a handout's translations
        # credits on the title page, by MARC relator role: "Edited by Ann Lee"
        "credit_edt": "Edited by",
        "credit_trl": "Translated by",
        "credit_ill": "Illustrated by",
        "credit_nrt": "Narrated by",
        "credit_pht": "Photographs by",
        "credit_rev": "Reviewed by",
        "credit_adp": "Adapted by",
        "credit_cov": "Cover by",
        "credit_dsr": "Designed by",
        "credit_com": "Compiled by",
        "credit_csl": "With advice from",
        "credit_ctb": "With contributions by",
        "credit_aut": "By",
        "series": "Series",
        # the library page (index.html): its cards, filters, search and pages
        "format_page": "Web page (HTML)",
        "download_mp3": "Narration (MP3)",
        "library_articles": "Articles",
        "library_showing": "Articles {first} to {last} of {total}",
        "library_none": "No article matches this filter.",
        "library_search": "Search",
        "library_search_label": "Words to find in the articles",
        "library_search_needs_js": "Search needs JavaScript, which is off in this browser. "
        "The filters below work without it.",
        "library_searching": "Searching…",
        "library_results": "Articles found: {count}",
        "library_filters": "Filters",
        "library_all": "All articles",
        "library_language": "Language",
        "library_audience": "Audience",
        "library_format": "Format",
        "library_grade": "Reading grade",
        "library_grade_6": "Grade 6 or under",
        "library_grade_7_8": "Grades 7 to 8",
        "library_grade_9": "Grade 9 and over",
        "library_not_measured": "not measured",
        "library_length": "Narration",
        "library_previous": "Previous page",
        "library_next": "Next page",
        "library_page": "Page {number}",
        "audience_patients": "Patients",
        "audience_caregivers": "Caregivers",
        "audience_general": "Everyone",
        "audience_professionals": "Health professionals",
        "audience_children": "Children",
        # the braille edition's transcriber's note, on its title page
        "braille_note": "Transcriber's note: this braille edition was made from the same "
        "source as the print edition. Print page numbers are shown at the right of a line "
        "of dashes. Abbreviations are spelled out where they first appear.",
        # the review record, closing the handout (publish.parse.review); dates written out
        "review_by_next": "Reviewed by {name} on {date}; next review {due}.",
        "review_by": "Reviewed by {name} on {date}.",
        "review_next": "Reviewed on {date}; next review {due}.",
        "review_on": "Reviewed on {date}.",
        "review_due": "Next review {due}.",
        "sources": "Sources",  # the front matter's `sources:`, listed at the end
        "library_reviewed": "Reviewed",  # a library card's fact: the review date
    },
}
# The check report's words, for its reader (the author): every language that has them
# in its catalog (msgctxt 'report:KEY'); English otherwise, said in the report's lang.
REPORT = {
    "title": "Check report",
    "skip": "Skip to the results",
    "header": "check report",
    "source": "Source",
    "audience": "Audience",
    "target": "target reading grade",
    "overall": "Overall",
    "summary": "Summary",
    "check": "Check",
    "result": "Result",
    "gates": "Gates the run",
    "yes": "yes",
    "no": "no",
    "language": "Language",
    "language_is": "The article's language is",
    "rtl": "written right to left",
    "ltr": "written left to right",
    "stages": "What each stage used:",
    "fallback": "fallback",
    "translations": "Translations, side by side",
    "title_col": "Title",
    "sections": "Sections",
    "sentences": "Sentences",
    "grade_col": "Reading grade",
    "report": "Report",
    "this_one": "this one",
    "this_page": "this page",
    "report_link": "report",
    "not_measured": "not measured",
    "readability": "Readability",
    "grade_against": "{formula} grade {grade} against a target of {target}.",
    "others": "Other measures for the whole text:",
    "counts": "({words} words, {sentences} sentences).",
    "bars_title": "Reading grade per section",
    "bars_desc": "Bars show each section's grade; the dashed line is the target grade {target}. The table below has the same numbers.",
    "bars_caption": "Grade per section; the dashed line is the target.",
    "per_section": "Grades per section",
    "section": "Section",
    "line": "Line",
    "grade": "Grade",
    "words": "Words",
    "hardest": "The hardest sentences",
    "hardest_intro": "Fix these first. Each names its ID and the line of the source to edit.",
    "sentence_id": "Sentence ID",
    "why": "Why it is hard",
    "lengths": "Sentence lengths",
    "hist_title": "How many sentences have each length",
    "hist_desc": "Bars count sentences in bands of five words; the dashed line marks {words} words. The table below has the same numbers.",
    "words_per_sentence": "words per sentence",
    "lengths_caption": "Sentence lengths in words.",
    "loudness": "Narration loudness",
    "curve_title": "Loudness of the narration over time",
    "curve_desc": "Short-term loudness in LUFS every 3 seconds over {span} seconds; the dashed line is the target of {target} LUFS.",
    "curve_axis": "time (0 to {span} s)",
    "curve_caption": "Short-term loudness (LUFS) over time.",
    "findings": "{check}: findings",
    "severity": "Severity",
    "finding": "Finding",
    "generated": "Generated by publish {version}.",
}
REPORT_CONTEXT = "report:"

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


def catalog_name(language: str) -> str | None:
    """The catalog for a BCP 47 tag: "zh-Hans" and "zh" (written in Hans unless the tag says
    otherwise) -> "zh_Hans", "es-US" -> "es"; None if none."""
    from publish.language import language as language_of

    found = language_of(language)
    available = catalog_languages()
    return next(
        (n for n in (f"{found.primary}_{found.script}", found.primary) if n in available), None
    )


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


def report_strings(language: str) -> tuple[str, dict[str, str]]:
    """The check report's words for an article's language, and the language they are in:
    its catalog's when the catalog has them all, else English (the report then says lang
    "en", so a screen reader speaks it as English)."""
    name = catalog_name(language)
    if name in (None, "en"):
        return "en", dict(REPORT)
    translations = _translations(str(name))
    words = {k: translations.pgettext(REPORT_CONTEXT + k, text) for k, text in REPORT.items()}
    if any(words[k] == text for k, text in REPORT.items() if k not in _SAME_IN_ANY):
        return "en", dict(REPORT)  # a partial catalog would mix two languages
    return language, words


_SAME_IN_ANY = frozenset({"no"})  # words a translation may leave as they are


@functools.lru_cache(maxsize=16)
def _translations(name: str) -> gettext.GNUTranslations:
    """The catalog compiled (with Babel) at build time into the user's cache, by its hash."""
    import gettext
    import hashlib
    import io
    import os

    from publish.cache import cache_folder

    source = locale_folder() / name / "LC_MESSAGES" / f"{DOMAIN}.po"
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
    for key, text in REPORT.items():
        template.add(text, context=REPORT_CONTEXT + key)
    folder = locale_folder()
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
