"""The recording page of a handout (/recording/<slug>): the recording it is narrated from, a
form to upload one (or a new one), a button to stop using it, the recordings kept in its
history, and the way to the alignment of the last published narration (/readalong/<slug>)."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from publish.config.distribution import RECORDING_SUFFIXES
from publish.errors import PublishError
from publish.studio.receive import KINDS
from publish.studio.recording import (
    ENVELOPE,
    Done,
    Facts,
    check_upload,
    facts,
    install,
    narration_of,
    remove,
    upload_limit,
)
from publish.studio.security import ASGIApp, BodyLimit, Receive, Scope, Send
from publish.studio.store import SLUG, NotFoundError, Project, inside
from publish.studio.web import csrf_ok, forbidden, not_found, page, studio_of

KINDS_SAID = "WAV, FLAC, MP3, M4A or OGG"
KEPT = re.compile(r"^\d{8}T\d{6}\.\d{6}Z-\d{1,9}-kept-(.+)$")
DONE = ("uploaded", "removed", "unchanged", "none")


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


def duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def refusal(problem: str, name: str, limit: int) -> tuple[int, str]:
    """The status and sentence for an upload refused before it was checked as audio."""
    shown = f"'{name}'" if name else "The file"
    return {
        "no-file": (400, "No recording was sent: choose a file, then upload it."),
        "not-audio": (
            400,
            (
                f"{shown} is not a recording: its content is not {KINDS_SAID} audio, "
                f"whatever its name says. Export the recording as {KINDS_SAID} and upload "
                "that file."
            ),
        ),
        "too-large": (
            413,
            (
                f"{shown} is too large: a recording may have {megabytes(limit)} here. Export "
                "it as FLAC or MP3, which are smaller, or build from the command line."
            ),
        ),
    }.get(problem, (400, "This form sends the page's token and one recording; reload the page."))


def _kept(project: Project, slug: str) -> list[dict[str, Any]]:
    """The recordings moved into the handout's history, newest first."""
    found = []
    for path, when, size in project.kept_files(slug):
        match = KEPT.match(path.name)
        if match is None or not match[1].lower().endswith(RECORDING_SUFFIXES):
            continue
        found.append(
            {
                "name": match[1],
                "file": path.name,
                "path": path.relative_to(project.folder).as_posix(),
                "when": when.strftime("%Y-%m-%d %H:%M:%S UTC"),
                "size": megabytes(size),
            }
        )
    return found


def _about(project: Project, slug: str) -> dict[str, Any]:
    """What the page shows of the handout: title, language, recording, narrators, alignment."""
    from publish.names import OutputNames
    from publish.parse import frontmatter

    text, digest = project.read(slug)
    path = project.path(slug)
    about: dict[str, Any] = {"title": slug, "language": "", "narrators": [], "facts": None}
    about |= {"digest": digest, "problem": "", "aligned": False}
    try:
        meta = frontmatter.read(frontmatter.split(text, str(path)), str(path))
    except PublishError as exc:
        from publish.studio.feedback import shown_lines

        about["problem"] = " ".join(shown_lines(exc, project.folder))
        return about
    about |= {"title": meta.title or slug, "language": meta.language}
    about["narrators"] = [c.name for c in meta.contributors if c.role == "nrt"]
    if meta.narration:
        about["facts"] = facts(project, slug, meta.narration)
    timing = project.build / slug / OutputNames(slug).timing
    with contextlib.suppress(OSError, ValueError):
        about["aligned"] = "recording" in json.loads(timing.read_text(encoding="utf-8"))
    return about


def _note(project: Project, slug: str, query: Any) -> str:
    """What the page says after an upload or a removal, from the names in its address, each
    checked against the files it names (so an address cannot make the page say anything)."""
    from publish.studio.history import where
    from publish.studio.store import VERSION

    done = query.get("done", "")
    if done not in DONE:
        return ""
    if done == "none":
        return "This handout names no recording, so there was nothing to remove."
    said = []
    try:
        current = narration_of(project.read(slug)[0], project.path(slug))
    except PublishError:
        current = ""
    if done == "uploaded" and current:
        said.append(
            f"Saved the recording as source/{current} and named it in the front matter "
            f"(narration: {current}). Publish the handout to narrate it from the recording."
        )
    elif done == "unchanged":
        said.append("The recording was saved; the front matter already named it.")
    elif done == "removed":
        said.append(
            "The handout is no longer narrated from a recording: the narration line is "
            "gone from its front matter, and the next publish narrates it with the voice."
        )
    history = {k["file"]: k for k in _kept(project, slug)}
    for file in query.getlist("kept")[:4]:
        if file in history:
            kept = history[file]
            said.append(f"The recording {kept['name']} is kept in {kept['path']}.")
    left = query.get("left", "")
    if left:
        try:
            inside(project.source, left)
            said.append(f"source/{left} stays where it is: another handout is narrated from it.")
        except NotFoundError:
            pass
    version = query.get("version", "")
    if VERSION.match(version):
        try:
            kept_version, _ = project.version(slug, version)
            said.append(
                "The version of the handout it replaced is kept in "
                f"{where(project, kept_version.path)} (listed under History in the editor)."
            )
        except NotFoundError:
            pass
    return " ".join(said)


async def _show(
    request: Request, slug: str, status: int = 200, *, note: str = "", refused: str = ""
) -> Response:
    project = studio_of(request).project
    about = await run_in_threadpool(_about, project, slug)
    kept = await run_in_threadpool(_kept, project, slug)
    facts_: Facts | None = about["facts"]
    return page(
        request,
        "recording.html",
        status,
        slug=slug,
        about=about,
        facts=facts_,
        kept=kept,
        note=note,
        refused=refused,
        limit=megabytes(upload_limit(project)),
        kinds=KINDS_SAID,
        accept=",".join(
            [*(f".{k}" for k in KINDS), "audio/wav", "audio/flac", "audio/mpeg", "audio/mp4"]
        ),
        megabytes=megabytes,
        duration=duration,
    )


async def recording_form(request: Request) -> Response:
    project = studio_of(request).project
    slug = request.path_params["slug"]
    try:
        project.path(slug)
    except NotFoundError:
        return not_found()
    note = await run_in_threadpool(_note, project, slug, request.query_params)
    return await _show(request, slug, note=note)


async def recording_upload(request: Request) -> Response:
    """Receive a recording; a file that is not one, or too large, is refused (400, 413) with
    nothing written, as is a form without the page's token (403)."""
    from publish.studio.receive import receive
    from publish.studio.uploads import upload_name

    project = studio_of(request).project
    slug = request.path_params["slug"]
    try:
        project.path(slug)
    except NotFoundError:
        return not_found()

    async def allowed(fields: Any) -> bool:
        return await csrf_ok(request, fields)

    limit = upload_limit(project)
    got = await receive(request, project.source, limit, allowed)
    if got.problem == "csrf" or (not got.problem and not await csrf_ok(request, got.fields)):
        got.discard()
        return forbidden()
    shown = upload_name(got.name) if got.name else ""
    if got.problem or got.path is None:
        status, message = refusal(got.problem, shown, limit)
        return await _show(request, slug, status, refused=message)
    try:
        problems = await run_in_threadpool(check_upload, project, slug, got.path, shown)
        if problems:
            return await _show(request, slug, 400, refused=" ".join(problems))
        done: Done = await run_in_threadpool(install, project, slug, got.path, got.kind)
    finally:
        got.discard()
    if done.problems:
        return await _show(request, slug, 422, refused=" ".join(done.problems))
    return _redirect(slug, "uploaded" if done.changed else "unchanged", done)


async def recording_remove(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=2)
    if not await csrf_ok(request, form):
        return forbidden()
    project = studio_of(request).project
    slug = request.path_params["slug"]
    try:
        project.path(slug)
    except NotFoundError:
        return not_found()
    done = await run_in_threadpool(remove, project, slug)
    if done.problems:
        return await _show(request, slug, 422, refused=" ".join(done.problems))
    return _redirect(slug, "removed" if done.changed else "none", done)


def _redirect(slug: str, what: str, done: Done) -> Response:
    query: list[tuple[str, str]] = [("done", what)]
    query += [("kept", path.name) for _, path in done.kept]
    if done.left:
        query.append(("left", done.left))
    if done.replaced is not None:
        query.append(("version", done.replaced.stem))
    return RedirectResponse(f"/recording/{slug}?{urlencode(query)}", 303)


def too_large(project: Project, templates: Jinja2Templates, csrf: str) -> BodyLimit:
    """The guard's limit for the recording forms, and its answer to a body over it."""
    limit = upload_limit(project)

    async def answer(scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        slug = scope["path"].removeprefix("/recording/").split("/")[0]
        context = {
            "csrf": csrf,
            "slug": slug if SLUG.match(slug) else "",
            "message": refusal("too-large", "", limit)[1],
        }
        response = templates.TemplateResponse(request, "recording-refused.html", context, 413)
        await response(scope, receive, send)

    refuse: ASGIApp = answer
    return BodyLimit(limit + ENVELOPE, refuse)


ROUTES = [
    Route("/recording/{slug}", recording_form, methods=["GET"]),
    Route("/recording/{slug}", recording_upload, methods=["POST"]),
    Route("/recording/{slug}/remove", recording_remove, methods=["POST"]),
]
