"""Benchmark: one whole `publish build ARTICLE -f html` process against one `pandoc -s` process.

    python bench/startup.py [--rounds R]

Times, round after round in one run (so machine noise hits all alike), three processes on
the sample: `publish build -f html --force --no-checks` (the plain HTML build, issue 29's
goal: <= 2.0x pandoc), `publish build -f html --force` (what a default build does: it also
runs the quick text checks) and `pandoc -s`. Prints the median wall and CPU time of each,
and both ratios (of wall times) to pandoc. Installs Debian's pandoc if it is missing.

Python runs as a user's does: PYTHONDONTWRITEBYTECODE is removed from the environment, so
modules load from their cached bytecode (with it set, each run compiles every module again
and takes about 0.3 s longer). The first, unmeasured round fills publish's user cache
(compiled templates, the word store), as any earlier build on the machine would have.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import SAMPLE, find_pandoc, pandoc_command

ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
GOAL = 2.0  # issue 29: the plain HTML build within 2.0x pandoc -s
PLAIN = "publish --no-checks"
CHECKED = "publish (with checks)"
PANDOC = "pandoc -s"


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds, and CPU seconds (user + system) of the process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=ENVIRONMENT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    pandoc = find_pandoc()
    if pandoc is None:
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        # --force: every round builds; without it the manifest would skip an unchanged page.
        # Not -q: a quiet build skips the text checks, since it prints no summary of them.
        build = [sys.executable, "-m", "publish", "build", str(SAMPLE), "-f", "html", "--force"]
        commands = {
            PLAIN: [*build, "--out", str(out / "plain"), "--no-checks"],
            CHECKED: [*build, "--out", str(out / "checked")],
            PANDOC: pandoc_command(pandoc, SAMPLE, out / "pandoc.html"),
        }
        for command in commands.values():  # warm: caches on disk, the page cache
            timed(command)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.rounds):  # interleaved
            for name, command in commands.items():
                times[name].append(timed(command))
    median = {name: statistics.median(w for w, _ in values) for name, values in times.items()}
    cpu = {name: statistics.median(c for _, c in values) for name, values in times.items()}
    print(f"Whole-process HTML build of {SAMPLE.name}, median of {args.rounds} rounds")
    print("  (CPU time is less disturbed than wall time by other work on the machine)")
    for name, seconds in median.items():
        print(f"  {name:22s} {seconds * 1000:8.1f} ms wall {cpu[name] * 1000:8.1f} ms CPU")
    plain, checked = median[PLAIN] / median[PANDOC], median[CHECKED] / median[PANDOC]
    print(f"  ratio plain HTML build  ({PLAIN} / {PANDOC}) = {plain:.2f}   (goal <= {GOAL})")
    print(f"  ratio default build     ({CHECKED} / {PANDOC}) = {checked:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
