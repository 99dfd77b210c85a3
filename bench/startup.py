"""Benchmark: one whole `publish build ARTICLE -f html` process against one `pandoc -s` process.

    python bench/startup.py [--rounds R]

Prints the median wall time of each and the ratios publish / pandoc, with and without the
quick text checks every build runs (goal: <= 1.0). Both run side by side, interleaved, in
one run. Installs Debian's pandoc if it is missing.

Python runs as a user's does: PYTHONDONTWRITEBYTECODE is removed from the environment, so
modules load from their cached bytecode (with it set, each run compiles every module again
and takes about 0.3 s longer). The first, unmeasured round fills publish's user cache
(compiled templates, the word store), as any earlier build on the machine would have.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import SAMPLE, find_pandoc, pandoc_command

ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=ENVIRONMENT)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    pandoc = find_pandoc()
    if pandoc is None:
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        # --force: every round builds; without it the manifest would skip an unchanged page
        build = [sys.executable, "-m", "publish", "build", str(SAMPLE), "-f", "html", "--force"]
        commands = {
            # Not -q: a quiet build skips the text checks, since it prints no summary of them.
            "publish": [*build, "--out", str(out / "p")],
            "publish --no-checks": [*build, "--out", str(out / "n"), "-q", "--no-checks"],
            "pandoc -s": pandoc_command(pandoc, SAMPLE, out / "pandoc.html"),
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
