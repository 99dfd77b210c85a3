"""`publish check` over many articles: one index of every article's checks, reading grade and
report (index.html and index.json in the output folder), made once after the articles by a
finisher (publish/batch.py) from what each article's check left in its summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from publish.batch import ArticleResult, Batch, write_atomically
from publish.settings import BuildOptions

INDEX_FILES = ("index.html", "index.json")
LIBRARY_INDEX_FILES = ("checks.html", "checks.json")  # with --library, index.html is its


class CheckIndex:
    name = "check-index"
    help = "an index of every article's check report (publish check, two or more articles)"

    def wanted(self, options: BuildOptions) -> bool:
        return True  # it writes only when the batch was checked (see finish)

    def finish(self, batch: Batch, out_dir: Path) -> list[Path]:
        from publish.checks.report import index_html, index_json

        rows = [row(item) for item in batch.done if item.check_status]
        if len(rows) < 2:
            return []
        page, data = LIBRARY_INDEX_FILES if batch.options.library else INDEX_FILES
        return [
            write_atomically(out_dir / data, index_json(rows)),
            write_atomically(out_dir / page, index_html(rows)),
        ]


def row(item: ArticleResult) -> dict[str, Any]:
    """One article's line in the index: each check's status and its reading grade."""
    meta = item.metadata
    return {
        "slug": item.slug,
        "title": meta.title if meta else item.slug,
        "source": str(item.source),
        "status": item.check_status,
        "grade": item.grade,
        "target_grade": meta.reading_grade if meta else None,
        "checks": dict(item.check_results),
        "report": item.report,
    }
