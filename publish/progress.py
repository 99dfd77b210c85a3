"""What a long build shows while it works: the batch, each article's current step, and the
narration sentence by sentence, drawn by rich on the terminal or sent as JSON lines.

Silent under --quiet and whenever stderr is not a terminal (CI logs, pipes), where the
per-article lines the CLI prints are enough. rich is imported only when something is shown.

The steps of one article come in phases, each named where it happens: "build" (reading the
source; pipeline.make_article), "format" (each writer; the same), "narration" (each sentence
as it is synthesized or found in the cache; audio/narration.py), "check" (each check of
`publish check`; cli.py through checks/runner.py) and "finisher" (the batch's own outputs).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, Self

Steps = Callable[[int, int, float], None]  # done, total, seconds so far
Heard = Callable[[str, bool], None]  # a sentence's ID, and whether its audio was cached
FINDINGS_SENT = 3  # findings an "ended" event carries for a check that did not pass


class Display:
    """A no-op display: what a quiet build or a pipe gets."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        return None

    def article(self, index: int, total: int, name: str) -> None:
        """Article `index` of `total` begins."""

    def step(self, what: str) -> None:
        """The current article moves on to `what` ("html", "narration"...)."""

    def steps(self, what: str) -> Steps | None:
        """A callback for work counted in steps (sentences narrated), or None."""
        return None

    def finished(self) -> None:
        """The current article is done."""

    def begin(
        self,
        phase: str,
        what: str,
        index: int | None = None,
        total: int | None = None,
        title: str | None = None,
    ) -> None:
        """`what` of `phase` starts: a format, a check, a finisher (`index` of `total`).
        Drawn as a step, except reading the source, which the article's own line covers."""
        if phase != "build":
            self.step(what)

    def end(
        self,
        phase: str,
        what: str,
        status: str = "ok",
        seconds: float = 0.0,
        summary: str = "",
        findings: Sequence[str] = (),
        gated: bool = False,
    ) -> None:
        """`what` of `phase` is done: "ok" or "error" for a step, a check's own status."""

    def sentences(self, total: int) -> Heard | None:
        """A callback for each of `total` sentences as it is narrated, or None."""
        advance = self.steps(f"narrating {total} sentences")
        if advance is None:
            return None
        started = time.perf_counter()
        done = 0

        def heard(sentence: str, cached: bool) -> None:
            nonlocal done
            done += 1
            advance(done, total, time.perf_counter() - started)

        return heard

    def failed(self, phase: str, what: str, lines: Sequence[str]) -> None:
        """The article failed at `what`; `lines` say why (the CLI prints them too)."""

    def report(self, path: str, status: str, failed: Sequence[str] = ()) -> None:
        """`publish check` wrote the article's report at `path`; `failed`: failing checks."""


class RichDisplay(Display):
    """Progress bars on stderr: the batch, the article's step, and counted work."""

    def __init__(self, console: Any = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
            transient=True,
        )
        self.batch: Any = None
        self.current: Any = None
        self.name = ""

    def __enter__(self) -> Self:
        self.progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.progress.stop()

    def article(self, index: int, total: int, name: str) -> None:
        if self.batch is None:
            self.batch = self.progress.add_task("Articles", total=total)
        self.name = name
        self.progress.update(self.batch, completed=index - 1, description=f"Article {name}")

    def step(self, what: str) -> None:
        if self.current is not None:
            self.progress.remove_task(self.current)
            self.current = None
        self.progress.update(self.batch, description=f"Article {self.name}: {what}")

    def steps(self, what: str) -> Steps:
        self.step(what)
        task = self.progress.add_task(f"  {what}", total=None)
        self.current = task

        def advance(done: int, total: int, elapsed: float) -> None:
            self.progress.update(task, completed=done, total=total)

        return advance

    def finished(self) -> None:
        if self.current is not None:
            self.progress.remove_task(self.current)
            self.current = None
        if self.batch is not None:
            self.progress.advance(self.batch)


class JsonDisplay(Display):
    """One JSON object per line on stderr, for a program that shows the progress itself
    (the studio): {"event": "article" | "step" | "progress" | "ended" | "failed" | "report" |
    "finished", ...}. README.md ("Progress as JSON") lists each event's fields."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr

    def _send(self, **event: Any) -> None:
        import json

        self.stream.write(json.dumps(event) + "\n")
        self.stream.flush()

    def article(self, index: int, total: int, name: str) -> None:
        self._send(event="article", index=index, total=total, name=name)

    def step(self, what: str) -> None:
        self._send(event="step", what=what)

    def steps(self, what: str) -> Steps:
        self.step(what)

        def advance(done: int, total: int, elapsed: float) -> None:
            self._send(event="progress", what=what, done=done, total=total)

        return advance

    def finished(self) -> None:
        self._send(event="finished")

    def begin(
        self,
        phase: str,
        what: str,
        index: int | None = None,
        total: int | None = None,
        title: str | None = None,
    ) -> None:
        extra = {"index": index, "total": total, "title": title}
        self._send(event="step", what=what, phase=phase, **{k: v for k, v in extra.items() if v})

    def end(
        self,
        phase: str,
        what: str,
        status: str = "ok",
        seconds: float = 0.0,
        summary: str = "",
        findings: Sequence[str] = (),
        gated: bool = False,
    ) -> None:
        event: dict[str, Any] = {"what": what, "phase": phase, "status": status}
        event["seconds"] = round(seconds, 3)
        if phase == "check":
            event |= {"summary": summary, "gated": gated, "findings": list(findings)}
        self._send(event="ended", **event)

    def sentences(self, total: int) -> Heard:
        what = f"narrating {total} sentences"
        self._send(event="step", what=what, phase="narration", total=total)
        done = 0

        def heard(sentence: str, cached: bool) -> None:
            nonlocal done
            done += 1
            self._send(
                event="progress",
                what=what,
                phase="narration",
                done=done,
                total=total,
                sentence=sentence,
                cached=cached,
            )

        return heard

    def failed(self, phase: str, what: str, lines: Sequence[str]) -> None:
        self._send(event="failed", phase=phase, what=what, lines=list(lines))

    def report(self, path: str, status: str, failed: Sequence[str] = ()) -> None:
        self._send(event="report", path=path, status=status, failed=list(failed))


def display(quiet: bool, mode: str = "auto") -> Display:
    """Bars on a terminal; nothing under --quiet or when stderr is a file or a pipe; JSON
    lines with --progress json, whatever stderr is."""
    if mode == "json":
        return JsonDisplay()
    return Display() if quiet or not sys.stderr.isatty() else RichDisplay()
