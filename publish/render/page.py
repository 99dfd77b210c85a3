"""Template variables shared by everything rendered from the page templates (HTML, PDF, EPUB)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from publish.assets import data_url
from publish.limits import Limits, build_time
from publish.model.nodes import Article
from publish.strings import long_date, strings_for
from publish.version import __version__

RTL_LANGUAGES = ("ar", "he", "fa", "ur", "yi", "ps", "sd", "dv", "ug", "ku-Arab")


def page_context(article: Article, limits: Limits | None = None) -> dict[str, Any]:
    """Template variables shared by the HTML-like writers."""
    source = Path(article.source)
    language = article.metadata.language
    return {
        "article": article,
        "meta": article.metadata,
        "version": __version__,
        "strings": strings_for(language),
        "direction": "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr",
        "long_date": long_date(article.metadata.date, language) if article.metadata.date else "",
        "build_date": build_time(article.metadata.date).date().isoformat(),
        "toc": [s for s in article.sections if s.heading is not None],
        "image_src": lambda src: data_url(source, src, limits),
        "glossary_href": "" if article.glossary else None,
        "xml": False,
        "page_breaks": {},
    }
