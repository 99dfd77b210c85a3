"""Benchmark: peak resident memory of a batch against one article, side by side in one run.

    python bench/memory.py [--articles N]

Builds N different articles (default 200) in html, pdf and epub in one process, and one
article the same way in another, each under `/usr/bin/time -v`, and prints the ratio of their
peak resident set sizes (goal: <= 1.5).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import make_articles


def peak_mb(sources: list[Path], out: Path) -> float:
    command = [
        "/usr/bin/time",
        "-v",
        sys.executable,
        "-m",
        "publish",
        "build",
        *map(str, sources),
        "-f",
        "html,pdf,epub",
        "--out",
        str(out),
        "-q",
        "--jobs",
        "1",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    assert found, result.stderr
    return int(found.group(1)) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources = make_articles(folder, args.articles)
        single = peak_mb(sources[:1], folder / "one")
        batch = peak_mb(sources, folder / "batch")
    print("Peak resident memory, html+pdf+epub in one process")
    print(f"  1 article      {single:8.1f} MB")
    print(f"  {args.articles} articles  {batch:8.1f} MB")
    print(f"  ratio batch / single = {batch / single:.2f}   (goal <= 1.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
