"""Run every check for one built article and collect a report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from publish.checks import CheckResult, Status, skipped
from publish.checks.config import CheckConfig
from publish.model.nodes import Article, iter_blocks


@dataclass
class Report:
    article: Article
    config: CheckConfig
    results: list[CheckResult] = field(default_factory=list)

    def failed(self) -> list[CheckResult]:
        """Checks that fail the run: gated failures, and with strict every warning or skip."""
        out = []
        for result in self.results:
            gated = result.name in self.config.gates
            if (result.status is Status.FAIL and (gated or self.config.strict)) or (self.config.strict and result.status in (Status.WARN, Status.SKIP)):
                out.append(result)
        return out


def node_lines(article: Article) -> dict[str, int]:
    """Source line of every ID in the model, so any finding can point at what to edit."""
    lines = {s.id: s.line for s in article.sentences()}
    for section in article.walk_sections():
        lines[section.id] = section.line
        for block in iter_blocks(section.blocks):
            lines[block.id] = block.line
    for entry in article.glossary:
        lines[entry.id] = entry.line
    return lines


def text_checks(article: Article, config: CheckConfig) -> list[CheckResult]:
    """The checks that need only the model: fast enough to run on every build."""
    from publish.checks.text import plain_language, readability, source

    plain, rare = plain_language(article, config)
    return [source(article), readability(article, config, rare), plain]


def run_checks(article: Article, folder: Path, config: CheckConfig) -> Report:
    from publish.checks.audio import audio_check
    from publish.checks.epub import epub_check
    from publish.checks.html import axe_pages
    from publish.checks.pdf import pdf_check

    report = Report(article, config, text_checks(article, config))
    lines = node_lines(article)
    slug = article.slug
    html = folder / f"{slug}.html"
    report.results.append(axe_pages([html], lines) if html.is_file()
                          else skipped("html", "HTML (axe-core, WCAG 2.2 AA)", "no HTML was built"))
    epub = folder / f"{slug}.epub"
    report.results.append(epub_check(epub, lines) if epub.is_file()
                          else skipped("epub", "EPUB", "no EPUB was built"))
    pdfs = sorted(folder.glob(f"{slug}*.pdf"))
    report.results.append(pdf_check(pdfs, article.metadata.language, article.metadata.title) if pdfs
                          else skipped("pdf", "PDF (PDF/UA-1 structure)", "no PDF was built"))
    mp3, timing = folder / f"{slug}.mp3", folder / f"{slug}.timing.json"
    report.results.append(audio_check(mp3, timing, lines) if mp3.is_file() and timing.is_file()
                          else skipped("audio", "Audio narration", "no narration was built"))
    for result in report.results:
        result.gated = result.name in config.gates
    return report
