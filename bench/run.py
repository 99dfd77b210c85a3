"""Benchmark: publish's HTML build against `pandoc -s`, side by side in one run.

    python bench/run.py [--articles N] [--rounds R]

Prints seconds per article for each tool and the ratio publish / pandoc
(goal: <= 1.0). publish builds in one process, as `publish build a.md b.md ...`
does; pandoc runs once per article, as a shell loop would. Installs Debian's
pandoc if it is missing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "cell-and-gene-therapy.md"


def make_articles(folder: Path, count: int) -> list[Path]:
    """N different articles: the sample with its paragraphs rotated and a new title."""
    text = SAMPLE.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    paths = []
    for n in range(count):
        k = n % len(paragraphs)
        rotated = paragraphs[k:] + paragraphs[:k]
        article = (
            front.replace("title: Cell and Gene Therapy for Cancer", f"title: Article {n + 1}")
            + "\n---\n"
            + "\n\n".join(rotated)
            + "\n"
        )
        path = folder / f"article-{n + 1:03d}.md"
        path.write_text(article, encoding="utf-8")
        paths.append(path)
    return paths


def time_publish(sources: list[Path], out: Path) -> float:
    from publish.pipeline import BuildOptions, build_all

    started = time.perf_counter()
    result = build_all(sources, BuildOptions(out_dir=out, formats=("html",)))
    assert not result.failed
    return time.perf_counter() - started


def time_pandoc(pandoc: str, sources: list[Path], out: Path) -> float:
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for source in sources:
        command = pandoc_command(pandoc, source, out / f"{source.stem}.html")
        subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def pandoc_command(pandoc: str, source: Path, target: Path) -> list[str]:
    """`pandoc -s` from Markdown to a standalone HTML5 page, as the baseline runs it."""
    return [pandoc, "-s", "-f", "markdown", "-t", "html5", str(source), "-o", str(target)]


def find_pandoc() -> str | None:
    """Debian's pandoc, installed if it is missing."""
    if shutil.which("pandoc") is None:
        subprocess.run(["sh", str(ROOT / "scripts" / "system-deps.sh"), "bench"], check=True)
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("bench: pandoc is not installed and could not be installed", file=sys.stderr)
    return pandoc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pandoc = find_pandoc()
    if pandoc is None:
        return 1
    version = subprocess.run(
        [pandoc, "--version"], capture_output=True, text=True, check=True
    ).stdout.split("\n")[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources = make_articles(folder, args.articles)
        time_publish(sources[:1], folder / "warm")  # imports and template compilation
        ours, theirs = [], []
        for _ in range(args.rounds):  # interleaved, so machine noise hits both alike
            ours.append(time_publish(sources, folder / "publish") / len(sources))
            theirs.append(time_pandoc(pandoc, sources, folder / "pandoc") / len(sources))
    ours_s, theirs_s = statistics.median(ours), statistics.median(theirs)
    print(f"HTML build, {args.articles} articles x {args.rounds} rounds (median per article)")
    print(f"  publish  {ours_s * 1000:8.2f} ms")
    print(f"  pandoc   {theirs_s * 1000:8.2f} ms   ({version})")
    print(f"  ratio publish/pandoc = {ours_s / theirs_s:.3f}   (goal <= 1.0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
