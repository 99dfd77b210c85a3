"""Benchmarks for libraries of thousands, side by side in one run.

    python bench/batch.py [--articles 40] [--library 200]

1. Speed-up of --jobs 2 over --jobs 1: N articles x html,pdf,epub (goal >= 1.8 on 2 cores).
2. Scaling model: the measured cost per article, and the predicted time for 5,000 articles
   on 1, 16 and 128 cores; the Dask path's overhead per task against the local pool, from
   the same N articles on a LocalCluster of 2 worker processes (goal <= 5%).
3. No-change rebuild of a library of M articles (html): its time against the cold build's
   (goal <= 2% and <= 1 s).
4. Peak memory of an M-article --jobs 2 build (html,pdf,epub), the whole process tree,
   against a one-article build (goal <= 2x).

Python runs with its bytecode cache, as a user's does. Every build runs as
`python -m publish build ...` with SOURCE_DATE_EPOCH fixed, in a fresh output folder, so the
manifests of one run never make another one's work disappear.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import make_articles

# As a user's Python runs: from cached bytecode (PYTHONDONTWRITEBYTECODE, set on some CI
# machines, makes every worker compile WeasyPrint again, a second of fixed cost per build).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["SOURCE_DATE_EPOCH"] = "1764288000"


def publish(
    sources: list[Path],
    out: Path,
    *extra: str,
    formats: str = "html,pdf,epub",
    env: dict[str, str] | None = None,
) -> float:
    command = [sys.executable, "-m", "publish", "build", *map(str, sources), "-f", formats]
    started = time.perf_counter()
    subprocess.run([*command, "--out", str(out), "-q", *extra], check=True, env=env or ENV)
    return time.perf_counter() - started


def tree_rss_mb(pid: int) -> float:
    """Memory of a process and all its descendants, from /proc: the proportional set size
    (Pss), so pages that forked workers share are counted once, not once per worker."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += next(int(l.split()[1]) for l in status.splitlines() if l.startswith("Pss:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def peak_tree_mb(sources: list[Path], out: Path, *extra: str) -> float:
    command = [sys.executable, "-m", "publish", "build", *map(str, sources), "-f", "html,pdf,epub"]
    process = subprocess.Popen([*command, "--out", str(out), "-q", *extra], env=ENV)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        time.sleep(0.05)
    assert process.returncode == 0
    return peak


def timings(sources: list[Path], out: Path, rounds: int = 2) -> tuple[float, float, float]:
    """The best of `rounds` runs of --jobs 1, --jobs 2 and a 2-worker LocalCluster,
    interleaved, so the machine's noise falls on all three alike."""
    from distributed import LocalCluster

    one, pool, dask = [], [], []
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        address = cluster.scheduler_address
        publish(sources[:2], out / "warm", "--scheduler", address)
        for n in range(rounds):
            one.append(publish(sources, out / f"one{n}", "--jobs", "1"))
            pool.append(publish(sources, out / f"pool{n}", "--jobs", "2"))
            dask.append(publish(sources, out / f"dask{n}", "--scheduler", address))
    return min(one), min(pool), min(dask)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--library", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "src").mkdir()
        sources = make_articles(folder / "src", max(args.articles, args.library))
        batch = sources[: args.articles]
        publish(batch[:2], folder / "warm", "--jobs", "1")  # caches: word store, templates
        one, two, dask = timings(batch, folder / "runs")
        per_article = one / len(batch)
        print(f"{len(batch)} articles x html,pdf,epub")
        print(f"  --jobs 1   {one:7.1f} s   ({per_article:.2f} s an article)")
        print(f"  --jobs 2   {two:7.1f} s")
        print(f"  Dask, 2 workers {dask:7.1f} s")
        print(f"  speed-up --jobs 2 / --jobs 1 = {one / two:.2f}   (goal >= 1.8)")
        # Both run len(batch)/2 tasks per worker, so the difference per task over the
        # time per task is the difference of the totals over the pool's total.
        overhead = (dask - two) / two
        print(f"  Dask overhead per task against the local pool = {overhead:+.1%}   (goal <= 5%)")
        print("  (a warm cluster against a pool that starts with each build)")
        fresh = dict(ENV, PUBLISH_CACHE=str(folder / "audio-cache"))  # no narration cached
        flags = ("--jobs", "1", "--no-checks")
        narrated = publish(batch[:2], folder / "audio", *flags, formats="audio", env=fresh) / 2
        print(f"  narration (Piper) {narrated:.1f} s an article")
        print("Predicted time for 5,000 articles x all formats (measured costs, ideal scaling):")
        for cores in (1, 16, 128):
            minutes = 5000 * (per_article + narrated) / cores / 60
            print(f"  {cores:4d} cores  {minutes:9.1f} min")

        library = sources[: args.library]
        cold = publish(library, folder / "lib")
        warm = publish(library, folder / "lib")
        print(f"No-change rebuild of {len(library)} articles (html,pdf,epub)")
        print(f"  cold {cold:6.2f} s, no change {warm:6.2f} s")
        print(f"  ratio = {warm / cold:.1%}   (goal <= 2% and <= 1 s)")

        single = peak_tree_mb(library[:1], folder / "mem1", "--jobs", "1")
        many = peak_tree_mb(library, folder / "mem2", "--jobs", "2")
        print("Peak memory (Pss) of the whole process tree, html,pdf,epub")
        print(f"  1 article            {single:8.1f} MB")
        print(f"  {len(library)} articles, --jobs 2 {many:8.1f} MB")
        print(f"  ratio = {many / single:.2f}   (goal <= 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
