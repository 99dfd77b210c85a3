"""A handout's history in the studio: the versions kept (each save keeps the text it replaces,
and every text the editor sets aside), a diff of one against the editor's text, and restore,
which is itself a save, so a restore can be undone like any other."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from publish.studio.store import HISTORY, Conflict, NotFoundError, Project, Saved, Version, digest
from publish.studio.web import csrf_ok, forbidden, json_body, not_found, studio_of

CONTEXT = 3  # unchanged lines shown around each change
LABELS = {
    "replaced": "Saved version, replaced by a later save",
    "unsaved": "Text from the editor, set aside",
    "deleted": "Text from the editor when its file was deleted",
    "conflict": "Text from the editor that a stale save did not write",
}
SET_ASIDE = ("unsaved", "deleted")  # what a page may ask to keep


def where(project: Project, path: Path) -> str:
    """A kept file's name as the page shows it: relative to the project folder."""
    return path.relative_to(project.folder).as_posix()


def describe(project: Project, version: Version) -> dict[str, Any]:
    return {
        "id": version.id,
        "when": version.when.isoformat(),
        "why": version.why,
        "label": LABELS[version.why],
        "bytes": version.size,
        "path": where(project, version.path),
    }


def stamp(version: Version) -> str:
    return version.when.strftime("%Y-%m-%d %H:%M:%S UTC")


def diff(old: str, new: str, context: int = CONTEXT) -> list[dict[str, Any]]:
    """The lines that differ from `old` to `new`, with a few unchanged ones around each change;
    a gap between groups. Each line: kind (same, removed, added, gap), text, and its line."""
    before, after = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    lines: list[dict[str, Any]] = []
    for group in matcher.get_grouped_opcodes(context):
        if lines:
            lines.append({"kind": "gap", "text": "", "line": None})
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [{"kind": "same", "text": after[j], "line": j + 1} for j in range(j1, j2)]
                continue
            lines += [{"kind": "removed", "text": before[i], "line": i + 1} for i in range(i1, i2)]
            lines += [{"kind": "added", "text": after[j], "line": j + 1} for j in range(j1, j2)]
    return lines


@dataclass(frozen=True)
class Restored:
    saved: Saved | None  # None: the file changed since the editor read it; nothing restored
    text: str  # the restored version's text
    set_aside: Path | None  # where the editor's unsaved text was kept
    disk: str = ""
    disk_digest: str = ""


def restore(project: Project, slug: str, name: str, base: str, editing: str) -> Restored:
    """Save version `name` of `slug` over the file, keeping first what it replaces: the file's
    text (by the save) and the editor's unsaved text, when either differs from the version."""
    _, text = project.version(slug, name)
    with project.lock:  # nothing changes the file between the check and the save
        on_disk: str | None = None
        if project.writable(slug).exists():
            on_disk, now = project.read(slug)
            if now != base and on_disk != text:
                return Restored(None, text, None, on_disk, now)
        set_aside = None
        if editing not in (on_disk, text):
            set_aside = project.keep(slug, editing, "unsaved")
        saved = project.save(slug, text, base if on_disk is None else digest(on_disk))
    if isinstance(saved, Conflict):  # pragma: no cover - the lock makes this impossible
        return Restored(None, text, set_aside, saved.disk, saved.digest)
    return Restored(saved, text, set_aside)


def _limit_error(project: Project, text: str) -> Response | None:
    limit = project.limits.source_bytes
    if len(text.encode("utf-8")) > limit:
        return JSONResponse({"error": f"a source is limited to {limit} bytes"}, 413)
    return None


# ------------------------------------------------------------------------------ routes


async def api_versions(request: Request) -> Response:
    project = studio_of(request).project
    slug = request.path_params["slug"]
    try:
        versions = await run_in_threadpool(project.versions, slug)
    except NotFoundError:
        return not_found()
    return JSONResponse(
        {
            "folder": f"source/{HISTORY}/{slug}/",
            "versions": [describe(project, v) for v in versions],
        }
    )


async def api_diff(request: Request) -> Response:
    if not await csrf_ok(request):
        return forbidden()
    project = studio_of(request).project
    data = await json_body(request)
    if (
        data is None
        or not isinstance(data.get("version"), str)
        or not isinstance(data.get("text"), str)
    ):
        return JSONResponse({"error": "send {'version': id, 'text': ...}"}, 400)
    refused = _limit_error(project, data["text"])
    if refused:
        return refused
    try:
        version, old = await run_in_threadpool(
            project.version, request.path_params["slug"], data["version"]
        )
    except NotFoundError:
        return not_found("no such version of this handout")
    lines = diff(old, data["text"])
    return JSONResponse(
        {
            "version": describe(project, version),
            "when": stamp(version),
            "lines": lines,
            "removed": sum(line["kind"] == "removed" for line in lines),
            "added": sum(line["kind"] == "added" for line in lines),
        }
    )


async def api_keep(request: Request) -> Response:
    """Keep the editor's text before the page replaces it (the version on disk was chosen) or
    after its file was deleted; the answer names the copy, so the page can say where."""
    if not await csrf_ok(request):
        return forbidden()
    project = studio_of(request).project
    data = await json_body(request)
    if data is None or not isinstance(data.get("text"), str) or data.get("why") not in SET_ASIDE:
        return JSONResponse({"error": "send {'text': ..., 'why': 'unsaved' or 'deleted'}"}, 400)
    refused = _limit_error(project, data["text"])
    if refused:
        return refused
    try:
        kept = await run_in_threadpool(
            project.keep, request.path_params["slug"], data["text"], data["why"]
        )
    except NotFoundError:
        return not_found()
    return JSONResponse({"kept": where(project, kept)})


async def api_restore(request: Request) -> Response:
    if not await csrf_ok(request):
        return forbidden()
    project = studio_of(request).project
    slug = request.path_params["slug"]
    data = await json_body(request)
    if data is None or not all(isinstance(data.get(k), str) for k in ("version", "base", "text")):
        return JSONResponse({"error": "send {'version': id, 'base': digest, 'text': ...}"}, 400)
    refused = _limit_error(project, data["text"])
    if refused:
        return refused
    try:
        version, _ = await run_in_threadpool(project.version, slug, data["version"])
        done = await run_in_threadpool(
            restore, project, slug, data["version"], data["base"], data["text"]
        )
    except NotFoundError:
        return not_found("no such version of this handout")
    if done.saved is None:
        return JSONResponse(
            {
                "saved": False,
                "message": "The file changed on disk since you opened it, so nothing was "
                "restored and nothing was overwritten. Choose which version to keep first.",
                "disk": done.disk,
                "digest": done.disk_digest,
                "kept": None,
            },
            409,
        )
    saved = done.saved
    message = [f"Restored the version of {stamp(version)}."]
    if saved.created:
        message.append(f"The file source/{slug}.md had been deleted, so it was made again.")
    if saved.replaced:
        message.append(
            f"The text it replaced is kept in {where(project, saved.replaced)}: "
            "restore that one from History to undo."
        )
    if done.set_aside:
        message.append(f"Your unsaved text is kept in {where(project, done.set_aside)}.")
    return JSONResponse(
        {
            "saved": True,
            "digest": saved.digest,
            "text": done.text,
            "replaced": where(project, saved.replaced) if saved.replaced else None,
            "set_aside": where(project, done.set_aside) if done.set_aside else None,
            "created": saved.created,
            "message": " ".join(message),
        }
    )


ROUTES = [
    Route("/api/history/{slug}", api_versions),
    Route("/api/history/{slug}/diff", api_diff, methods=["POST"]),
    Route("/api/history/{slug}/keep", api_keep, methods=["POST"]),
    Route("/api/history/{slug}/restore", api_restore, methods=["POST"]),
]
