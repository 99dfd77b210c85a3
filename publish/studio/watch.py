"""Edits made outside the studio (another editor, another tab) reach every open page: the
source folder is watched, and each change is sent to the pages as an event."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

from publish.studio.store import SLUG, NotFoundError, Project


class Watcher:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.queues: set[asyncio.Queue[dict[str, Any]]] = set()
        self.stop = asyncio.Event()

    def subscribe(self) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=100)
        self.queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self.queues.discard(queue)

    def announce(self, event: dict[str, Any]) -> None:
        for queue in list(self.queues):
            with contextlib.suppress(asyncio.QueueFull):  # a stalled page misses an event
                queue.put_nowait(event)

    async def run(self) -> None:
        from watchfiles import awatch

        self.project.source.mkdir(parents=True, exist_ok=True)
        async for changes in awatch(self.project.source, stop_event=self.stop, recursive=False):
            slugs = {Path(path).stem for _, path in changes if path.endswith(".md")}
            for slug in sorted(s for s in slugs if SLUG.match(s)):
                try:
                    _, digest = self.project.read(slug)
                except (OSError, NotFoundError):
                    digest = ""  # removed
                self.announce({"event": "changed", "slug": slug, "digest": digest})
