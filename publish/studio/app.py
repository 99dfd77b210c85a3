"""The studio's routes: small functions over the project, the feedback, the jobs and the watcher."""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from publish.studio.feedback import feedback
from publish.studio.forms import FORM_FIELDS, NewHandout, read_form
from publish.studio.jobs import Jobs
from publish.studio.library import Library
from publish.studio.security import COOKIE, BodyLimit, Guard, new_token
from publish.studio.store import Conflict, NotFoundError, Project
from publish.studio.watch import Watcher
from publish.studio.web import (
    Studio,
    csrf_ok,
    forbidden,
    json_body,
    not_found,
    page,
    studio_of,
)

_META_CSP = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')
# A built page's own policy goes out as the header; a built file without one gets this.
FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; font-src data:"
PAGE_SCALE = 1.5  # PDF points to pixels for the page images: 72 dpi x 1.5 = 108 dpi


# ------------------------------------------------------------------------------- pages


async def library(request: Request) -> Response:
    from publish.studio.uploads import UPLOAD_BYTES

    rows = await run_in_threadpool(studio_of(request).library.rows)
    return page(request, "library.html", rows=rows, limit_mb=UPLOAD_BYTES // (1024 * 1024))


async def new_form(request: Request) -> Response:
    import datetime as dt

    values = dict.fromkeys(FORM_FIELDS, "") | {
        "language": "en-US",
        "audience": "patients",
        "reading_grade": "6",
        "date": dt.date.today().isoformat(),
    }
    return page(request, "new.html", handout=NewHandout(values))


async def new_create(request: Request) -> Response:
    from urllib.parse import urlencode

    from publish.studio.forms import create

    form = await request.form()
    if not await csrf_ok(request, form):
        return forbidden()
    handout = read_form({k: str(v) for k, v in form.items() if isinstance(v, str)})
    studio = studio_of(request)
    if not handout.errors:
        slug = await run_in_threadpool(create, studio.project, handout)
        if slug is not None:
            query = {"new": "1"} | ({"note": "; ".join(handout.notes)} if handout.notes else {})
            return RedirectResponse(f"/edit/{slug}?{urlencode(query)}", 303)
    return page(request, "new.html", 422, handout=handout)


async def api_glossary(request: Request) -> Response:
    """Add, edit or remove a glossary term of the editor's text, and save it as a save does."""
    from publish.studio import glossary
    from publish.studio.store import SLUG

    if not await csrf_ok(request):
        return forbidden()
    studio = studio_of(request)
    slug = request.path_params["slug"]
    data = await json_body(request)
    if not SLUG.match(slug):
        return not_found()
    if (
        data is None
        or not isinstance(data.get("text"), str)
        or not isinstance(data.get("base"), str)
        or data.get("action") not in glossary.ACTIONS
    ):
        return JSONResponse({"error": "send {'text', 'base', 'action', 'original', 'entry'}"}, 400)
    limit = studio.project.limits.source_bytes
    if len(data["text"].encode("utf-8")) > limit:
        return JSONResponse({"error": f"a source is limited to {limit} bytes"}, 413)
    try:
        status, body = await run_in_threadpool(glossary.save, studio.project, slug, data)
    except NotFoundError:
        return not_found()
    return JSONResponse(body, status)


async def editor(request: Request) -> Response:
    studio = studio_of(request)
    slug = request.path_params["slug"]
    try:
        text, digest = studio.project.read(slug)
    except NotFoundError:
        return not_found()
    note = request.query_params.get("note", "")
    return page(
        request,
        "editor.html",
        slug=slug,
        text=text,
        digest=digest,
        new=request.query_params.get("new") == "1",
        note=note[:300],
    )


async def published(request: Request) -> Response:
    from publish.names import OutputNames

    studio = studio_of(request)
    slug = request.path_params["slug"]
    try:
        studio.project.path(slug)
    except NotFoundError:
        return not_found()
    folder = studio.project.build / slug
    names = OutputNames(slug)
    report: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError):
        report = json.loads((folder / names.report_json).read_text(encoding="utf-8"))
    files = sorted(p.name for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []
    pdfs = [
        {"name": name, "pages": _page_count(folder / name)}
        for name in (names.pdf("standard"), names.pdf("large-print"))
        if name in files
    ]
    checks = {c["name"]: c for c in report.get("checks", []) if isinstance(c, dict)}
    timing: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError):
        timing = json.loads((folder / names.timing).read_text(encoding="utf-8"))
    return page(
        request,
        "published.html",
        slug=slug,
        files=files,
        formats=_formats_made(folder, names),
        pdfs=pdfs,
        html=names.html if names.html in files else None,
        report_html=names.report_html if names.report_html in files else None,
        report=report,
        checks=checks,
        recorded=isinstance(timing, dict) and "recording" in timing,
    )


def _formats_made(folder: Path, names: Any) -> list[dict[str, Any]]:
    """Each format the folder holds (by its manifest), with its writer's own description and
    the files it wrote: a plug-in's format shows as the built-in ones do."""
    from publish import registry
    from publish.errors import UsageError
    from publish.formats.base import describe
    from publish.manifest import Manifest

    manifest = Manifest.read(folder / names.manifest)
    if manifest is None:
        return []
    made = []
    for name in registry.formats_in_order():
        if name not in manifest.formats:
            continue
        try:
            about = describe(registry.load(registry.FORMATS, name)).help
        except UsageError:  # pragma: no cover - uninstalled since the build
            about = name
        files = sorted(manifest.formats[name].get("files", {}))
        made.append({"name": name, "help": about, "files": files})
    return made


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


# -------------------------------------------------------------------------------- API


async def api_feedback(request: Request) -> Response:
    if not await csrf_ok(request):
        return forbidden()
    studio = studio_of(request)
    try:
        path = studio.project.path(request.path_params["slug"])
    except NotFoundError:
        return not_found()
    data = await json_body(request)
    if data is None or not isinstance(data.get("text"), str):
        return JSONResponse({"error": "send {'text': ...}"}, 400)
    limit = studio.project.limits.source_bytes
    if len(data["text"].encode("utf-8")) > limit:
        return JSONResponse({"error": f"a source is limited to {limit} bytes"}, 413)
    templates = studio.project.folder / "templates"
    result = await run_in_threadpool(
        feedback, data["text"], path, templates if templates.is_dir() else None
    )
    return JSONResponse(result.as_dict())


async def api_source(request: Request) -> Response:
    try:
        text, digest = studio_of(request).project.read(request.path_params["slug"])
    except NotFoundError:
        return not_found()
    return JSONResponse({"text": text, "digest": digest})


async def api_save(request: Request) -> Response:
    if not await csrf_ok(request):
        return forbidden()
    studio = studio_of(request)
    data = await json_body(request)
    if (
        data is None
        or not isinstance(data.get("text"), str)
        or not isinstance(data.get("base"), str)
    ):
        return JSONResponse({"error": "send {'text': ..., 'base': digest}"}, 400)
    limit = studio.project.limits.source_bytes
    if len(data["text"].encode("utf-8")) > limit:
        return JSONResponse({"error": f"a source is limited to {limit} bytes"}, 413)
    try:
        outcome = await run_in_threadpool(
            studio.project.save, request.path_params["slug"], data["text"], data["base"]
        )
    except NotFoundError:
        return not_found()
    folder = studio.project.folder
    if isinstance(outcome, Conflict):
        kept = outcome.kept.relative_to(folder).as_posix()
        return JSONResponse(
            {
                "saved": False,
                "message": "The file changed on disk since you opened it, so it was not "
                f"overwritten. Your version was kept in {kept}.",
                "disk": outcome.disk,
                "digest": outcome.digest,
                "kept": kept,
            },
            409,
        )
    replaced = outcome.replaced.relative_to(folder).as_posix() if outcome.replaced else None
    if outcome.created:
        message = (
            f"The file source/{request.path_params['slug']}.md had been deleted. "
            "Saving made it again, with the text in the editor."
        )
    elif replaced:
        message = f"Saved. The version it replaced is kept in {replaced} (listed under History)."
    else:
        message = "Saved."
    return JSONResponse(
        {
            "saved": True,
            "digest": outcome.digest,
            "replaced": replaced,
            "created": outcome.created,
            "message": message,
        }
    )


async def api_publish(request: Request) -> Response:
    if not await csrf_ok(request):
        return forbidden()
    studio = studio_of(request)
    slug = request.path_params["slug"]
    try:
        source = studio.project.path(slug)
    except NotFoundError:
        return not_found()
    job = studio.jobs.start(slug, source, studio.project.build)
    return JSONResponse({"job": job.id, "events": f"/api/jobs/{job.id}"}, 202)


def _sse(event: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(event)}\n\n".encode()


async def api_job(request: Request) -> Response:
    job = studio_of(request).jobs.jobs.get(request.path_params["job"])
    if job is None:
        return not_found("no such job")

    async def stream() -> AsyncIterator[bytes]:
        async for event in job.follow():
            yield _sse(event)

    return StreamingResponse(stream(), media_type="text/event-stream")


async def api_events(request: Request) -> Response:
    watcher = studio_of(request).watcher
    queue = watcher.subscribe()

    async def stream() -> AsyncIterator[bytes]:
        try:
            yield b": connected\n\n"
            while not watcher.stop.is_set():
                try:
                    event = await asyncio.wait_for(queue.get(), timeout=15)
                except TimeoutError:
                    yield b": keep-alive\n\n"
                    continue
                yield _sse(event)
        finally:
            watcher.unsubscribe(queue)

    return StreamingResponse(stream(), media_type="text/event-stream")


# ------------------------------------------------------------------------- built files


async def built_file(request: Request) -> Response:
    studio = studio_of(request)
    slug, name = request.path_params["slug"], request.path_params["name"]
    try:
        path = studio.project.output(slug, name)
    except NotFoundError:
        return not_found()
    headers = {"content-security-policy": FILE_CSP}
    inline = path.suffix in (".html", ".mp3", ".vtt", ".png", ".jpg", ".json")
    if path.suffix == ".html":
        found = _META_CSP.search(path.read_bytes()[:8192])
        if found:  # the attribute's value, so its quotes are escaped: &#39;self&#39;
            policy = html.unescape(found.group(1).decode("utf-8", "replace"))
            headers["content-security-policy"] = policy
    return FileResponse(
        path,
        headers=headers,
        filename=None if inline else path.name,
        content_disposition_type="inline" if inline else "attachment",
    )


async def page_image(request: Request) -> Response:
    studio = studio_of(request)
    slug, name = request.path_params["slug"], request.path_params["name"]
    number = request.path_params["number"]
    try:
        path = studio.project.output(slug, name)
    except NotFoundError:
        return not_found()
    if path.suffix != ".pdf":
        return not_found()
    data = await run_in_threadpool(_render_page, path, number)
    return not_found("no such page") if data is None else Response(data, media_type="image/png")


def _render_page(path: Path, number: int) -> bytes | None:
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        if not 1 <= number <= len(document):
            return None
        image = document[number - 1].render(scale=PAGE_SCALE).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        document.close()


# ------------------------------------------------------------------------------- app


def create_app(
    folder: Path, *, hosts: tuple[str, ...], token: str | None = None, limits: Any = None
) -> Any:
    """The studio over `folder`, behind its guard: the ASGI app uvicorn serves. `limits`
    (publish.limits.Limits) are the project's; the defaults when None."""
    from publish.studio import recording_page
    from publish.studio.uploads import UPLOAD_BYTES, Importer, import_form, import_upload, too_large
    from publish.templates import default_templates_dir

    root = default_templates_dir() / "studio"
    project = Project(folder, limits)
    project.source.mkdir(parents=True, exist_ok=True)
    watcher = Watcher(project)
    jobs = Jobs(project.folder)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(watcher.run())
        try:
            yield
        finally:
            watcher.stop.set()
            await jobs.stop()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    from publish.studio import history, pemat, readalong

    routes = [
        *history.ROUTES,
        *pemat.ROUTES,
        *recording_page.ROUTES,
        *readalong.ROUTES,
        Route("/", library),
        Route("/new", new_form, methods=["GET"]),
        Route("/new", new_create, methods=["POST"]),
        Route("/import", import_form, methods=["GET"]),
        Route("/import", import_upload, methods=["POST"]),
        Route("/edit/{slug}", editor),
        Route("/published/{slug}", published),
        Route("/api/feedback/{slug}", api_feedback, methods=["POST"]),
        Route("/api/source/{slug}", api_source),
        Route("/api/save/{slug}", api_save, methods=["POST"]),
        Route("/api/glossary/{slug}", api_glossary, methods=["POST"]),
        Route("/api/publish/{slug}", api_publish, methods=["POST"]),
        Route("/api/jobs/{job}", api_job),
        Route("/api/events", api_events),
        Route("/files/{slug}/{name:path}", built_file),
        Route("/pages/{slug}/{name}/{number:int}.png", page_image),
        Mount("/static", StaticFiles(directory=root / "static"), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.studio = Studio(
        project, new_token(), Jinja2Templates(directory=root), Library(project), jobs, watcher
    )
    app.state.importer = Importer(project)
    studio = app.state.studio
    upload = BodyLimit(UPLOAD_BYTES, too_large(studio.templates, studio.csrf))
    recording = recording_page.too_large(project, studio.templates, studio.csrf)
    return Guard(app, hosts, token, {"/import": upload, "/recording/": recording})


__all__ = ["COOKIE", "create_app"]
