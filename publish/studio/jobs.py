"""Publishing from the studio: `publish check` on one source, in a child process, with its
progress (JSON lines, `--progress json`) kept as events a page can follow while it runs.

A child process keeps the app responsive, whatever the build does, and runs exactly what the
command line runs: the same options, writers, checks and reports."""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMATS = "all"
_ids = itertools.count(1)


@dataclass
class Job:
    id: str
    slug: str
    events: list[dict[str, Any]] = field(default_factory=list)
    done: bool = False
    code: int | None = None
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    process: asyncio.subprocess.Process | None = None

    async def add(self, event: dict[str, Any]) -> None:
        async with self.changed:
            self.events.append(event)
            self.changed.notify_all()

    async def follow(self, start: int = 0) -> Any:
        """Every event from `start`, then each new one as it comes, until the job is done."""
        at = start
        while True:
            async with self.changed:
                while at >= len(self.events) and not self.done:
                    await self.changed.wait()
                new = self.events[at:]
                finished = self.done
            for event in new:
                yield event
            at += len(new)
            if finished and at >= len(self.events):
                return


class Jobs:
    """The running and finished publish jobs; one at a time per article."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.jobs: dict[str, Job] = {}
        self.tasks: set[asyncio.Task[None]] = set()

    def running(self, slug: str) -> Job | None:
        return next((j for j in self.jobs.values() if j.slug == slug and not j.done), None)

    def start(self, slug: str, source: Path, out: Path) -> Job:
        job = self.running(slug)
        if job is not None:
            return job
        job = Job(str(next(_ids)), slug)
        self.jobs[job.id] = job
        task = asyncio.create_task(self._run(job, source, out))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return job

    async def _run(self, job: Job, source: Path, out: Path) -> None:
        command = [
            sys.executable,
            "-m",
            "publish",
            "check",
            str(source),
            "--out",
            str(out),
            "--format",
            FORMATS,
            "--edition",
            "all",  # both PDF editions: a clinic prints large print too
            "--jobs",
            "1",
            "--progress",
            "json",
        ]
        await job.add({"event": "started", "formats": FORMATS})
        process = await asyncio.create_subprocess_exec(
            *command,
            cwd=self.folder,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        job.process = process
        assert process.stdout is not None and process.stderr is not None
        await asyncio.gather(self._read(job, process.stdout), self._read(job, process.stderr))
        code = await process.wait()
        job.code = code
        outcome = {0: "passed", 1: "built; some checks failed"}.get(code, "failed")
        await job.add({"event": "done", "code": code, "outcome": outcome})
        async with job.changed:
            job.done = True
            job.changed.notify_all()

    async def _read(self, job: Job, stream: asyncio.StreamReader) -> None:
        async for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip()
            if not line:
                continue
            event: dict[str, Any]
            try:
                event = json.loads(line)
                if not isinstance(event, dict) or "event" not in event:
                    raise ValueError
            except ValueError:
                event = {"event": "log", "text": line}
            await job.add(event)

    async def stop(self) -> None:
        """When the studio stops: end the builds still running; their output folders keep
        what they held, since a build swaps its files in only when it is done."""
        for job in self.jobs.values():
            if not job.done and job.process is not None and job.process.returncode is None:
                job.process.terminate()
        for task in list(self.tasks):
            task.cancel()
