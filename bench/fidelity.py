"""Benchmark: what the fidelity check adds to `publish check`, measured side by side.

    python bench/fidelity.py [--rounds R] [--copies N]

Builds the sample in every format once, then times, round after round, every other check
on it and the fidelity check on it, in one process. Prints the fidelity check's cost as a
share of the rest (goal: <= 15%). With --copies N it also times the check on the sample's
body repeated N times, to show the cost grows linearly with the document.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "cell-and-gene-therapy.md"
FORMATS = "html,pdf,epub,audio,daisy,braille"


def build(source: Path, out: Path) -> None:
    from publish.cli import main

    main(["build", str(source), "-f", FORMATS, "--edition", "all", "--out", str(out), "-q"])


def timings(source: Path, out: Path, rounds: int) -> tuple[float, float]:
    """Median seconds of the other checks together, and of the fidelity check alone."""
    from publish.checks import Subject
    from publish.checks.runner import registered
    from publish.config.checks import CheckConfig
    from publish.model.locator import Locator
    from publish.names import OutputNames
    from publish.parse.markdown import load_article

    article = load_article(source)
    subject = Subject(
        article, out / article.slug, CheckConfig(), OutputNames(article.slug), Locator(article)
    )
    checks = registered()
    rest: list[float] = []  # per round, every other check together
    fidelity: list[float] = []
    for _ in range(rounds):
        others = 0.0
        for check in checks:
            start = time.perf_counter()
            check.run(subject)
            spent = time.perf_counter() - start
            if check.name == "fidelity":
                fidelity.append(spent)
            else:
                others += spent
        rest.append(others)
    return statistics.median(rest), statistics.median(fidelity)


def longer(folder: Path, copies: int) -> Path:
    """The sample with its body repeated `copies` times (one article, `copies` times longer)."""
    text = SAMPLE.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    path = folder / f"long-{copies}.md"
    path.write_text(front + "\n---\n" + "\n\n".join([body] * copies), encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copies", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        build(SAMPLE, out)
        rest, fidelity = timings(SAMPLE, out, args.rounds)
        print(f"sample: every other check {rest:.2f} s, fidelity {fidelity:.3f} s")
        print(f"fidelity / the rest of publish check = {fidelity / rest:.1%} (goal <= 15%)")
        if args.copies > 1:
            source = longer(Path(tmp), args.copies)
            build(source, out)
            _, long_fidelity = timings(source, out, 1)
            ratio = long_fidelity / fidelity
            print(
                f"{args.copies}x the sample: fidelity {long_fidelity:.3f} s, "
                f"{ratio:.1f}x the sample's time for {args.copies}x the text (linear: ~{args.copies}x)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
