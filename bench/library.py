"""Benchmark: the library step (`--library`) for thousands of articles, from synthetic results.

    python bench/library.py [--sizes 500,5000]

For each size it makes that many synthetic article summaries (what a batch keeps of each
article: front matter, files with sizes, narration with chapters, reading grade; a third of
them in Spanish, in translation pairs), writes a small page for each (what the search
indexes), and runs the library finisher once into an empty folder (the first build) and
once more with nothing changed (the rebuild). Prints, side by side in one run: seconds, peak
memory the step allocated (tracemalloc) and per-article ratios. Goals: 5,000 articles in at
most 2 s; memory per article flat as the library grows. The search index (Pagefind) is timed
on its own line, since its cost is the search tool's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import tempfile
import time
import tracemalloc
from pathlib import Path

from publish.batch import ArticleResult, Batch, Listening, OutputFile
from publish.config.metadata import Metadata
from publish.settings import BuildOptions

FILES = (  # format, name suffix, size
    ("html", ".html", 150_000),
    ("pdf", ".pdf", 60_000),
    ("pdf", "-large-print.pdf", 90_000),
    ("epub", ".epub", 400_000),
    ("audio", ".mp3", 2_500_000),
    ("audio", ".vtt", 8_000),
    ("m4b", ".m4b", 2_800_000),
    ("daisy", "-daisy.zip", 2_600_000),
    ("braille", ".brf", 5_000),
)
WORDS = [
    "hands",
    "soap",
    "water",
    "germs",
    "clinic",
    "nurse",
    "medicine",
    "rinse",
    "towel",
    "sink",
    "fever",
    "cough",
]


def results(count: int, folder: Path) -> list[ArticleResult]:
    """`count` built articles as a batch keeps them, with a small page each on disk."""
    made = []
    for n in range(count):
        spanish = n % 3 == 2
        slug = f"handout-{n:05d}" + ("-es" if spanish else "")
        pair = f"handout-{n - 1:05d}.md" if spanish else f"handout-{n + 1:05d}-es.md"
        meta = Metadata(
            title=f"{'Hoja' if spanish else 'Handout'} {n}: {WORDS[n % len(WORDS)]}",
            language="es-US" if spanish else "en-US",
            description=f"What to do about {WORDS[(n * 7) % len(WORDS)]}, in plain words.",
            audience=("patients", "caregivers", "general")[n % 3],
            date=dt.date(2026, 1, 1) + dt.timedelta(days=n % 300),
            publisher="Northside Clinic",
            keywords=(WORDS[n % len(WORDS)], WORDS[(n + 3) % len(WORDS)]),
            translations={"en-US" if spanish else "es-US": pair} if n % 3 else {},
        )
        page = folder / slug / f"{slug}.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<!doctype html><html lang="{meta.language}"><head><title>{meta.title}</title>'
            f"</head><body><main><h1>{meta.title}</h1><p>{meta.description} "
            f"{' '.join(WORDS[(n + i) % len(WORDS)] for i in range(40))} token{n}.</p>"
            "</main></body></html>",
            encoding="utf-8",
        )
        made.append(
            ArticleResult(
                source=folder / "source" / f"{slug}.md",
                slug=slug,
                metadata=meta,
                files=[
                    OutputFile(fmt, f"{slug}{suffix}", size + n, f"{n:064x}")
                    for fmt, suffix, size in FILES
                ],
                narration=Listening(
                    240_000 + n, (("Intro", 0), ("What to do", 60_000), ("Glossary", 200_000))
                ),
                grade=6.0 + (n % 5),
                rebuilt=("html",),
            )
        )
    return made


def run(count: int) -> dict[str, float]:
    """Seconds for the first build and the rebuild (and the search index's share), then, in
    a second pass, the peak memory of a first build (tracemalloc slows what it traces)."""
    from publish.library import LibraryFinisher, search

    figures: dict[str, float] = {"search": 0.0}
    indexing = search.files

    def timed(*args: object) -> dict[str, bytes | None]:
        started = time.perf_counter()
        try:
            return indexing(*args)  # type: ignore[arg-type]
        finally:
            figures["search"] += time.perf_counter() - started

    search.files = timed  # type: ignore[assignment]
    try:
        for traced in (False, True):
            with tempfile.TemporaryDirectory(prefix="bench-library-") as name:
                out = Path(name)
                articles = results(count, out)
                options = BuildOptions(
                    out_dir=out,
                    formats=("html", "pdf", "epub", "audio", "m4b", "daisy", "braille"),
                    editions=("standard", "large-print"),
                    library=True,
                    base_url="https://clinic.example/handouts/",
                )
                batch = Batch(options, articles, frozenset(a.slug for a in articles))
                gc.collect()
                if traced:
                    tracemalloc.start()
                    LibraryFinisher().finish(batch, out)
                    figures["peak MB"] = tracemalloc.get_traced_memory()[1] / 1e6
                    tracemalloc.stop()
                    continue
                started = time.perf_counter()
                LibraryFinisher().finish(batch, out)
                figures["first"] = time.perf_counter() - started
                figures["first search"] = figures["search"]
                again = Batch(options, articles, frozenset())
                started = time.perf_counter()
                LibraryFinisher().finish(again, out)
                figures["again"] = time.perf_counter() - started
                figures["files"] = sum(1 for p in out.rglob("*") if p.is_file()) - count
    finally:
        search.files = indexing  # type: ignore[assignment]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,5000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    run(20)  # imports and compiled templates, so neither size pays for them
    rows = {size: run(size) for size in sizes}
    print(
        f"{'articles':>8} {'first s':>8} {'search s':>8} {'rest s':>7} {'again s':>8} "
        f"{'peak MB':>8} {'KB/article':>10} {'files':>6}"
    )
    for size, f in rows.items():
        per = f["peak MB"] * 1000 / size
        print(
            f"{size:>8} {f['first']:>8.2f} {f['first search']:>8.2f} "
            f"{f['first'] - f['first search']:>7.2f} {f['again']:>8.2f} {f['peak MB']:>8.1f} "
            f"{per:>10.1f} {int(f['files']):>6}"
        )
    small, large = min(rows), max(rows)
    time_ratio = rows[large]["first"] / rows[small]["first"]
    memory_ratio = (rows[large]["peak MB"] / large) / (rows[small]["peak MB"] / small)
    print(
        f"{large} against {small} articles: time x{time_ratio:.2f} for x{large / small:.0f} the "
        f"articles; memory per article x{memory_ratio:.2f} (flat is 1.0)"
    )
    big = rows[large]
    for label, seconds in (
        ("first build, without the search index", big["first"] - big["first search"]),
        ("first build, with the search index", big["first"]),
        ("rebuild with nothing changed", big["again"]),
    ):
        verdict = "meets" if seconds <= 2.0 else "MISSES"
        print(f"{large} articles, {label}: {seconds:.2f} s ({verdict} <= 2 s)")


if __name__ == "__main__":
    main()
