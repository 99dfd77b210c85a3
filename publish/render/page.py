"""Template variables shared by everything rendered from the page templates (HTML, PDF, EPUB)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from publish.assets import data_url
from publish.config.brand import Brand
from publish.language import language as language_of
from publish.limits import Limits, source_date
from publish.model.nodes import Article
from publish.strings import long_date, strings_for
from publish.version import __version__

# Readers for whom plain-language guidance says never to break a word across lines.
UNHYPHENATED = frozenset({"patients", "children", "general"})


def page_context(
    article: Article, limits: Limits | None = None, brand: Brand | None = None
) -> dict[str, Any]:
    """Template variables shared by the HTML-like writers."""
    source = Path(article.source)
    language = article.metadata.language
    return {
        "article": article,
        "meta": article.metadata,
        "version": __version__,
        "strings": strings_for(language),
        "direction": language_of(language).direction,
        "long_date": long_date(article.metadata.date, language) if article.metadata.date else "",
        # SOURCE_DATE_EPOCH or the front matter's date; "" for neither (the PDF leaves it out)
        "build_date": _iso(source_date(article.metadata.date)),
        "toc": [s for s in article.sections if s.heading is not None],
        "image_src": lambda src: data_url(source, src, limits),
        "glossary_href": "" if article.glossary else None,
        "xml": False,
        "xhtml1": False,  # only XHTML 1.0 elements and attributes (the DAISY text)
        "page_breaks": {},
        "table_labels": table_labels(article, strings_for(language)["table"]),
        "hyphenate": article.metadata.audience not in UNHYPHENATED,
        "translations": translation_links(article),
        "brand": brand_context(brand),
    }


def brand_context(brand: Brand | None) -> dict[str, Any] | None:
    """The house style for the templates' brand block (templates/html/_brand.html): None for
    none. The logo's `src` is a data URL; the e-book's writer points it at its own copy."""
    if not brand:
        return None
    logo = brand.logo
    return {
        "shown": brand.shown,  # a name or a logo: a block to show
        "name": brand.name,
        "website": brand.website,
        "color": brand.color,
        "color_dark": brand.color_dark,
        "logo": {
            "src": logo.data_url,
            "alt": brand.logo_alt,
            "width": logo.width,
            "height": logo.height,
        }
        if logo
        else None,
    }


def translation_links(article: Article) -> list[dict[str, Any]]:
    """This page and its translations, for hreflang links and the language switcher: each
    with its tag, its name in its own language, its page (beside this one's folder) and
    whether it is this page. Empty when the source declares no translations."""
    from publish.model.ids import source_slug
    from publish.strings import language_name

    meta = article.metadata
    if not meta.translations:
        return []
    versions = [(meta.language, article.slug, True)] + [
        (tag, source_slug(name), False) for tag, name in sorted(meta.translations.items())
    ]
    return [
        {"tag": tag, "name": language_name(tag), "href": f"../{slug}/{slug}.html", "current": now}
        for tag, slug, now in versions
    ]


def table_labels(article: Article, word: str) -> dict[str, str]:
    """A distinct name for each table's scrolling region: "Table 2: Side effects".

    Numbered in reading order and named by the heading of the section it is in, so two
    tables on one page are two different landmarks (Ace's landmark-unique)."""
    from publish.model.nodes import Section, Table
    from publish.model.walk import walk

    headings: dict[str, str] = {}
    labels: dict[str, str] = {}
    for step in walk(article):
        if isinstance(step.node, Section) and step.node.heading is not None:
            headings[step.node.id] = step.node.heading.sentence.text
        elif isinstance(step.node, Table):
            number = len(labels) + 1
            heading = headings.get(step.section_id)
            labels[step.node.id] = f"{word} {number}: {heading}" if heading else f"{word} {number}"
    return labels


def _iso(stamp: dt.datetime | None) -> str:
    return stamp.date().isoformat() if stamp is not None else ""
