"""The standalone HTML page: semantic, inline CSS, no script."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

from publish import __version__
from publish.assets import data_url
from publish.formats.base import RenderContext
from publish.limits import Limits, build_time
from publish.model.nodes import Article
from publish.strings import long_date, strings_for
from publish.templates import environment

# No script, no remote anything: styles inline, images only as data URLs the build made.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
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


class HtmlWriter:
    name = "html"

    def __init__(self, context: RenderContext) -> None:
        self.context = context
        self.env = environment(context.templates)

    def render(self, article: Article) -> str:
        variables = page_context(article, self.context.limits)
        narration = self._narration(article)
        variables["narration"] = narration
        variables["downloads"] = self._downloads(article, variables["strings"])
        csp = CSP
        if narration is not None:
            script = self.env.get_template("html/readalong.js").render()
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            csp += f"; media-src 'self'; script-src 'sha256-{digest}'"
        variables["csp"] = csp
        return self.env.get_template("html/article.html").render(variables)

    def _narration(self, article: Article) -> dict[str, Any] | None:
        """The player's data when narration is built in the same run; None otherwise."""
        if "audio" not in self.context.formats:
            return None
        from publish.formats.audio import AudioWriter

        narration = AudioWriter(self.context).narrate(article)
        slug = article.slug
        return {
            "audio": f"{slug}.mp3", "captions": f"{slug}.vtt", "chapters": f"{slug}.chapters.vtt",
            "timing": {"sentences": [{"id": c.id, "start_ms": c.start_ms, "end_ms": c.end_ms}
                                     for c in narration.cues]},
        }

    def _downloads(self, article: Article, strings: dict[str, str]) -> list[dict[str, str]]:
        links = []
        if "epub" in self.context.formats:
            links.append({"href": f"{article.slug}.epub", "label": strings["download_epub"]})
        if "pdf" in self.context.formats:
            from publish.formats.pdf import PdfWriter

            pdf = PdfWriter(self.context)
            for edition in pdf.editions(article):
                label = strings["download_large_print" if edition == "large-print" else "download_pdf"]
                links.append({"href": pdf.file_name(article, edition), "label": label})
        return links

    def write(self, article: Article, staging: Path) -> list[Path]:
        target = staging / f"{article.slug}.html"
        target.write_text(self.render(article), encoding="utf-8")
        return [target]
