"""Benchmark: one whole `publish build ARTICLE -f html` process against one `pandoc -s` process.

    python bench/startup.py [--rounds R]

Prints the median wall time of each and the ratios publish / pandoc, with and without the
quick text checks every build runs (goal: <= 1.0). Both run side by side, interleaved, in
one run. Installs Debian's pandoc if it is missing.
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


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        subprocess.run(["sh", str(ROOT / "scripts" / "system-deps.sh"), "bench"], check=True)
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("bench: pandoc is not installed and could not be installed", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        commands = {
            "publish": [
                sys.executable,
                "-m",
                "publish",
                "build",
                str(SAMPLE),
                "-f",
                "html",
                "--out",
                str(out / "p"),
                "-q",
            ],
            "publish --no-checks": [
                sys.executable,
                "-m",
                "publish",
                "build",
                str(SAMPLE),
                "-f",
                "html",
                "--out",
                str(out / "n"),
                "-q",
                "--no-checks",
            ],
            "pandoc -s": [
                pandoc,
                "-s",
                "-f",
                "markdown",
                "-t",
                "html5",
                str(SAMPLE),
                "-o",
                str(out / "pandoc.html"),
            ],
        }
        for command in commands.values():  # warm: caches on disk, the page cache
            timed(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                times[name].append(timed(command))
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"Whole-process HTML build of {SAMPLE.name}, median of {args.rounds} rounds")
    for name, seconds in median.items():
        print(f"  {name:22s} {seconds * 1000:8.1f} ms")
    for name in ("publish", "publish --no-checks"):
        print(
            f"  ratio {name} / pandoc -s = {median[name] / median['pandoc -s']:.2f}   (goal <= 1.0)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
