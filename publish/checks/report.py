"""report.json (schema publish-report/1) and an accessible report.html with inline SVG charts."""

from __future__ import annotations

import json
from typing import Any

from publish.checks import Status
from publish.checks.runner import Report
from publish.templates import environment
from publish.version import __version__

SCHEMA = "publish-report/2"  # 2: findings are diagnostics (code, file, line, text)


def to_json(report: Report) -> str:
    meta = report.article.metadata
    failed = {r.name for r in report.failed()}
    data = {
        "schema": SCHEMA,
        "generator": f"publish {__version__}",
        "article": {
            "slug": report.article.slug,
            "title": meta.title,
            "source": report.article.source,
            "language": meta.language,
            "target_grade": meta.reading_grade,
            "audience": meta.audience,
            "translations": dict(meta.translations),
        },
        "status": "fail" if failed else "pass",
        "strict": report.config.strict,
        "checks": [
            {
                "name": r.name,
                "title": r.title,
                "status": r.status.value,
                "gated": r.gated,
                "fails_run": r.name in failed,
                "summary": r.summary,
                "metrics": r.metrics,
                "findings": [f.as_dict() for f in r.findings],
            }
            for r in report.results
        ],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def _bars(sections: list[dict[str, Any]], target: float) -> dict[str, Any]:
    """Horizontal bars: grade per section against the target grade."""
    width, label_w, row = 640, 260, 34
    top = 10
    scale_max = max([target + 2, *(s["grade"] for s in sections)]) if sections else target + 2
    plot_w = width - label_w - 50

    def x(value: float) -> float:
        return label_w + plot_w * value / scale_max

    bars = [
        {
            "y": top + i * row,
            "w": x(s["grade"]) - label_w,
            "label": s["title"],
            "value": s["grade"],
            "over": s["grade"] > target,
        }
        for i, s in enumerate(sections)
    ]
    height = top + row * len(sections) + 30
    ticks = [{"x": x(t), "label": str(t)} for t in range(0, int(scale_max) + 1, 2)]
    return {
        "width": width,
        "height": height,
        "label_w": label_w,
        "bars": bars,
        "target_x": x(target),
        "ticks": ticks,
        "row": row,
    }


def _histogram(sentences: list[dict[str, Any]], long_words: int) -> dict[str, Any]:
    edges = list(range(0, 45, 5))
    counts = [0] * len(edges)
    for sentence in sentences:
        counts[min(sentence["words"] // 5, len(edges) - 1)] += 1
    width, height, left, bottom = 640, 240, 40, 200
    bar_w = (width - left - 10) / len(edges)
    peak = max(counts) or 1
    bins = [
        {
            "x": left + i * bar_w,
            "w": bar_w - 4,
            "h": 170 * c / peak,
            "count": c,
            "label": f"{e}–{e + 4}" if i < len(edges) - 1 else f"{e}+",
        }
        for i, (e, c) in enumerate(zip(edges, counts, strict=True))
    ]
    return {
        "width": width,
        "height": height,
        "bins": bins,
        "bottom": bottom,
        "long_x": left + bar_w * long_words / 5,
        "rows": bins,
    }


def _curve(points: list[dict[str, float]], target: float | None) -> dict[str, Any] | None:
    if not points:
        return None
    width, height, left, top, plot_h = 640, 240, 50, 10, 190
    span = max(p["t"] for p in points) or 1.0
    low, high = -40.0, -5.0

    def y(lufs: float) -> float:
        return top + plot_h * (high - max(low, min(high, lufs))) / (high - low)

    path = " ".join(
        f"{left + (width - left - 10) * p['t'] / span:.1f},{y(p['lufs']):.1f}" for p in points
    )
    return {
        "width": width,
        "height": height,
        "path": path,
        "left": left,
        "target_y": y(target) if target is not None else None,
        "target": target,
        "ticks": [{"y": y(v), "label": str(v)} for v in (-40, -30, -20, -10)],
        "span": round(span),
        "points": points,
    }


def to_html(report: Report) -> str:
    readability = next((r for r in report.results if r.name == "readability"), None)
    audio = next((r for r in report.results if r.name == "audio"), None)
    from publish.language import language
    from publish.strings import report_strings

    words_language, words = report_strings(report.article.metadata.language)
    metrics = readability.metrics if readability and readability.metrics.get("formula") else {}
    charts = {
        "bars": _bars(metrics.get("sections", []), metrics.get("target_grade", 8.0)),
        "histogram": _histogram(metrics.get("sentences", []), report.config.long_sentence_words),
        "curve": _curve(
            audio.metrics.get("loudness_curve", []), audio.metrics.get("target_lufs", -18.0)
        )
        if audio and audio.status is not Status.SKIP
        else None,
    }
    failed = {r.name for r in report.failed()}
    template = environment().get_template("report/report.html")
    return template.render(
        report=report,
        article=report.article,
        meta=report.article.metadata,
        charts=charts,
        failed=failed,
        metrics=metrics,
        language=language(report.article.metadata.language),
        translations=translations(report),
        version=__version__,
        w_lang=words_language,
        w=words,
    )


def translations(report: Report) -> list[dict[str, Any]]:
    """This article and each declared translation side by side: language, title, sections,
    sentences, words and reading grade by the language's own formula, and its report."""
    from pathlib import Path

    from publish.checks.text import body_sentences, readability
    from publish.errors import PublishError
    from publish.model.ids import source_slug
    from publish.model.locator import Locator
    from publish.parse.markdown import load_article

    article = report.article
    if not article.metadata.translations:
        return []
    folder = Path(article.source).parent
    versions: list[tuple[str, Path | None]] = [(article.metadata.language, None)]
    versions += [
        (tag, folder / name) for tag, name in sorted(article.metadata.translations.items())
    ]
    rows = []
    for tag, path in versions:
        slug = source_slug(path) if path else article.slug
        row: dict[str, Any] = {"tag": tag, "report": f"../{slug}/report.html", "current": not path}
        try:
            other = load_article(path) if path else article
        except PublishError as exc:
            rows.append(row | {"error": str(exc).removeprefix("publish: ")})
            continue
        result = readability(other, report.config.updated(other.metadata.checks), Locator(other))
        row |= {
            "title": other.metadata.title,
            "sections": sum(1 for s in other.sections if s.heading is not None),
            "sentences": len(body_sentences(other)),
            "grade": result.metrics.get("grade"),
            "formula": result.metrics.get("formula_name") or "none",
        }
        rows.append(row)
    return rows


INDEX_SCHEMA = "publish-index/1"


def index_json(rows: list[dict[str, Any]]) -> str:
    worst = max((r["grade"] for r in rows if r["grade"] is not None), default=None)
    data = {
        "schema": INDEX_SCHEMA,
        "generator": f"publish {__version__}",
        "articles": len(rows),
        "failed": sum(1 for r in rows if r["status"] == "fail"),
        "worst_grade": worst,
        "rows": rows,
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def index_html(rows: list[dict[str, Any]]) -> str:
    names = sorted({name for row in rows for name in row["checks"]}, key=_check_order)
    worst = max((r["grade"] for r in rows if r["grade"] is not None), default=None)
    return (
        environment()
        .get_template("report/index.html")
        .render(rows=rows, names=names, worst=worst, version=__version__)
    )


def _check_order(name: str) -> tuple[int, str]:
    """The registry's order; the checks it does not place (daisy, braille, retail, plug-ins)
    by name, as the registry lists them, not in the set's order, which changes from run to
    run with Python's string hashing."""
    from publish.registry import CHECKS, ORDER

    order = ORDER[CHECKS]
    return (order.index(name) if name in order else len(order), name)
