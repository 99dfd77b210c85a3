"""What a long build shows while it works: the batch, each article's current step, and the
narration sentence by sentence, drawn by rich on the terminal.

Silent under --quiet and whenever stderr is not a terminal (CI logs, pipes), where the
per-article lines the CLI prints are enough. rich is imported only when something is shown.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

Steps = Callable[[int, int, float], None]  # done, total, seconds so far


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
    (the studio): {"event": "article" | "step" | "progress" | "finished", ...}."""

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


def display(quiet: bool, mode: str = "auto") -> Display:
    """Bars on a terminal; nothing under --quiet or when stderr is a file or a pipe; JSON
    lines with --progress json, whatever stderr is."""
    if mode == "json":
        return JsonDisplay()
    return Display() if quiet or not sys.stderr.isatty() else RichDisplay()
