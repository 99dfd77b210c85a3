"""Publishing from the studio: `publish check` on one source, in a child process, with its
progress (JSON lines, `--progress json`) kept as events a page can follow while it runs.

A child process keeps the app responsive, whatever the build does, and runs exactly what the
command line runs: the same options, writers, checks and reports. The last event, "done",
says how it went and, when it failed, where and why: the failing step, its first findings,
and the address of the run's check report, if the run got as far as writing one."""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMATS = "all"
FINDINGS_SHOWN = 3  # findings (or last lines of output) the page shows per failed step
_ids = itertools.count(1)


@dataclass
class Failure:
    """A step that failed: a check that failed its gate, or the step a build stopped at."""

    phase: str  # build, format, narration, check, finisher, or "run" (the process itself)
    what: str
    title: str
    findings: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"phase": self.phase, "what": self.what, "title": self.title} | {
            "findings": self.findings[:FINDINGS_SHOWN]
        }


@dataclass
class Job:
    id: str
    slug: str
    events: list[dict[str, Any]] = field(default_factory=list)
    done: bool = False
    code: int | None = None
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    process: asyncio.subprocess.Process | None = None
    current: dict[str, Any] = field(default_factory=dict)  # the last step begun
    titles: dict[str, str] = field(default_factory=dict)  # a check's name -> its title
    failures: list[Failure] = field(default_factory=list)
    report: str | None = None  # the address of this run's check report
    logged: list[str] = field(default_factory=list)  # the last lines of other output

    async def add(self, event: dict[str, Any]) -> None:
        self.follow_up(event)
        async with self.changed:
            self.events.append(event)
            self.changed.notify_all()

    def follow_up(self, event: dict[str, Any]) -> None:
        """Keep what the last event will need: the current step, the failures, the report."""
        kind = event.get("event")
        if kind == "step":
            self.current = event
            if event.get("phase") == "check" and event.get("title"):
                self.titles[str(event["what"])] = str(event["title"])
        elif kind == "ended" and event.get("status") == "fail" and event.get("gated"):
            name = str(event.get("what", ""))
            found = [str(f) for f in event.get("findings", [])] or [str(event.get("summary"))]
            self.failures.append(Failure("check", name, self.titles.get(name, name), found))
        elif kind == "failed":
            lines = [str(line) for line in event.get("lines", [])]
            what = str(event.get("what", ""))
            self.failures.append(Failure(str(event.get("phase", "")), what, what, lines))
        elif kind == "report":
            name = Path(str(event.get("path", ""))).name
            event["url"] = self.report = f"/files/{self.slug}/{name}"
        elif kind == "log":
            self.logged = [*self.logged[-(FINDINGS_SHOWN - 1) :], str(event.get("text", ""))]

    def outcome(self, code: int) -> dict[str, Any]:
        """The last event: the exit code, in words, and what failed."""
        words = {0: "passed", 1: "built; some checks failed"}.get(code, "failed")
        event: dict[str, Any] = {"event": "done", "code": code, "outcome": words}
        if code == 0:
            return event
        failures = self.failures
        if not failures:  # it stopped with no word of why: where it was, and its last lines
            step = self.current
            what = str(step.get("what", "publish check"))
            phase = str(step.get("phase", "run"))
            failures = [Failure(phase, what, str(step.get("title", what)), self.logged)]
        return event | {"failures": [f.as_dict() for f in failures], "report": self.report}

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
        await job.add(job.outcome(code))
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
