"""Benchmark: PDF render time of the sample for each edition, side by side in one run.

    python bench/pdf.py [--rounds R]

Prints the median seconds per edition and each one's ratio to the standard edition
(and the standard edition's ratio to the HTML page, the cheapest output).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "cell-and-gene-therapy.md"


def main() -> int:
    from publish.formats.html import HtmlWriter
    from publish.formats.pdf import PdfWriter
    from publish.parse.markdown import load_article
    from publish.products import Products
    from publish.settings import BuildOptions

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    article = load_article(SAMPLE)
    plain, press = BuildOptions(Path("build")), BuildOptions(Path("build"), press=True)

    def fresh(options: BuildOptions) -> Products:  # a new layout each round, as a build makes
        return Products.standalone(article, options)

    def pdf(options: BuildOptions, edition: str) -> bytes:
        products = fresh(options)
        return PdfWriter(options, products.env).render(products, edition)

    def html() -> str:
        products = fresh(plain)
        return HtmlWriter(plain, products.env).render(article, products)

    cases = {
        "html": html,
        "standard": lambda: pdf(plain, "standard"),
        "large-print": lambda: pdf(plain, "large-print"),
        "press": lambda: pdf(press, "standard"),
    }
    for case in cases.values():  # warm-up: imports, font loading
        case()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.rounds):  # interleaved so noise hits every case alike
        for name, case in cases.items():
            started = time.perf_counter()
            case()
            times[name].append(time.perf_counter() - started)
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"PDF render of {SAMPLE.name}, median of {args.rounds} rounds")
    for name, seconds in median.items():
        print(
            f"  {name:12s} {seconds:7.3f} s   ratio to standard PDF = {seconds / median['standard']:.2f}"
        )
    print(f"  standard PDF / HTML page = {median['standard'] / median['html']:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
