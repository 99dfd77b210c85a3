"""The standalone HTML page: semantic, inline CSS, no script."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from publish import __version__
from publish.assets import data_url
from publish.formats.base import RenderContext
from publish.model.nodes import Article
from publish.strings import long_date, strings_for
from publish.templates import environment

# No script, no remote anything: styles inline, images only as data URLs the build made.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
RTL_LANGUAGES = ("ar", "he", "fa", "ur", "yi", "ps", "sd", "dv", "ug", "ku-Arab")


def page_context(article: Article) -> dict[str, Any]:
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
        "toc": [s for s in article.sections if s.heading is not None],
        "image_src": lambda src: data_url(source, src),
        "glossary_href": "" if article.glossary else None,
        "xml": False,
        "page_breaks": {},
    }


class HtmlWriter:
    name = "html"

    def __init__(self, context: RenderContext) -> None:
        self.env = environment(context.templates)

    def render(self, article: Article) -> str:
        variables = page_context(article)
        variables["csp"] = CSP
        return self.env.get_template("html/article.html").render(variables)

    def write(self, article: Article, staging: Path) -> list[Path]:
        target = staging / f"{article.slug}.html"
        target.write_text(self.render(article), encoding="utf-8")
        return [target]
