"""Benchmark: publish's sentence splitter against sentencex and pysbd on 1 MB of English.

    python bench/sentences.py [--megabytes 1]

The prose is the sample article's paragraphs (and the plain-language version's), repeated
to the size asked. Each splitter gets the same text in the same run, fed one paragraph per
call and also as one string. Prints sentences per second, MB/s, and publish's time as a
ratio of sentencex's (publish runs sentencex and then its own rules). Goal: one string of
1 MB in under 1 s. pysbd comes with the nox bench session (`./run bench`); it is slow
(about 0.13 MB/s), so it gets one paragraph per call only, on a tenth of the text.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prose(size: int) -> list[str]:
    paragraphs: list[str] = []
    for source in sorted((ROOT / "source").glob("*.md")):
        body = source.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        for block in body.split("\n\n"):
            block = " ".join(block.split())
            if block and not block.startswith(("#", "|", "!", "[", "-", "*", ">")):
                paragraphs.append(re.sub(r"[*_`]", "", block))
    out: list[str] = []
    total = 0
    while total < size:
        for paragraph in paragraphs:
            out.append(paragraph)
            total += len(paragraph) + 1
            if total >= size:
                break
    return out


def timed(split: Callable[[str], int], texts: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    count = sum(split(text) for text in texts)
    return time.perf_counter() - started, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args()
    try:
        import pysbd
    except ImportError:
        print("bench/sentences.py needs pysbd: run it through './run bench'", file=sys.stderr)
        return 1
    import sentencex

    from publish.parse.sentences import segmenter

    size = int(args.megabytes * 1_000_000)
    paragraphs = prose(size)
    whole = " ".join(paragraphs)
    ours = segmenter("en")
    pysbd_en = pysbd.Segmenter(language="en", clean=False)
    splitters: dict[str, Callable[[str], int]] = {
        "publish": lambda text: len(ours.boundaries(text)),
        "sentencex": lambda text: len(sentencex.get_sentence_boundaries("en", text)),
        "pysbd": lambda text: len(pysbd_en.segment(text)),
    }
    ours.boundaries("Warm up. Done.")
    print(f"{len(whole) / 1e6:.2f} MB of English prose, {len(paragraphs):,} paragraphs")
    results: dict[tuple[str, str], float] = {}
    for name, split in splitters.items():
        feeds = {"per paragraph": paragraphs, "one string": [whole]}
        if name == "pysbd":
            feeds = {"per paragraph": paragraphs[: len(paragraphs) // 10]}
        for feed, texts in feeds.items():
            seconds, count = timed(split, texts)
            megabytes = sum(len(t) for t in texts) / 1e6
            results[(name, feed)] = seconds / megabytes
            print(
                f"  {name:10s} {feed:14s} {seconds:7.3f} s  {count / seconds:10,.0f} sentences/s"
                f"  {megabytes / seconds:6.2f} MB/s"
            )
    for feed in ("per paragraph", "one string"):
        ratio = results[("publish", feed)] / results[("sentencex", feed)]
        print(f"  ratio publish / sentencex, {feed}: {ratio:.2f}")
    one = results[("publish", "one string")] * len(whole) / 1e6
    print(f"  publish, one string of {len(whole) / 1e6:.2f} MB: {one:.3f} s (goal < 1 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
