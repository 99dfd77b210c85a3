"""Import from Word in the browser: the upload streams to a temporary file (the guard counts
its bytes and refuses more than UPLOAD_BYTES), `publish import` reads it in a child process
(the safe zip reader, the same limits, never --force), and the page shows its report."""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path, PureWindowsPath
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from publish.limits import Limits
from publish.studio.security import ASGIApp, Receive, Scope, Send
from publish.studio.store import Project
from publish.studio.web import csrf_ok, forbidden, studio_of

log = logging.getLogger(__name__)

UPLOAD_BYTES = 32 * 1024 * 1024  # the whole form: a handout's .docx, pictures and all
IMPORT_SECONDS = 120  # the child's time; a handout takes a second or two
NAME_CHARS = 120  # of the uploaded file's name, kept for the handout's file name
# What the import's status is on the page: refused input, a name taken, anything else.
STATUS = {"imported": 200, "refused": 422, "exists": 409, "failed": 500, "too-large": 413}


@dataclass
class Outcome:
    """What became of one upload, as the page shows it."""

    state: str  # a key of STATUS, or "no-file"
    name: str = ""  # the file's name as uploaded
    slug: str = ""  # the new handout (imported) or the one already there (exists)
    notes: list[str] = field(default_factory=list)  # what did not come through, line by line
    fill_in: list[str] = field(default_factory=list)  # front matter the build needs
    message: str = ""  # the one-line refusal, as the command line prints it

    @property
    def status(self) -> int:
        return STATUS.get(self.state, 400)


def upload_name(filename: str | None) -> str:
    """The uploaded file's own name, without any folder a browser sent, safe as a file name."""
    name = PureWindowsPath(filename or "").name  # splits on / and \ both
    name = "".join(c for c in name if c.isprintable()).strip().lstrip(".")
    if not name:
        return "handout.docx"
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 10:
        stem, suffix = name, ""
    return stem[: NAME_CHARS - len(suffix) - 1] + (f".{suffix}" if suffix else "")


class Importer:
    """Runs `publish import` for the studio's project, one upload at a time."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.lock = asyncio.Lock()

    async def run(self, upload: Path, name: str) -> Outcome:
        """Import `upload` (a temporary file named as uploaded) into source/."""
        out = self.project.source
        command = [sys.executable, "-m", "publish", "import", str(upload), "--out", str(out)]
        command += [f"--limit={k}={v}" for k, v in _raised(self.project.limits).items()]
        async with self.lock:
            child = await asyncio.create_subprocess_exec(
                *command,
                cwd=self.project.folder,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )
            try:
                _, err = await asyncio.wait_for(child.communicate(), IMPORT_SECONDS)
            except TimeoutError:
                child.kill()
                await child.wait()
                message = f"the import took longer than {IMPORT_SECONDS} s and was stopped"
                return Outcome("failed", name, message=message)
        said = err.decode("utf-8", "replace").splitlines()
        return _outcome(child.returncode, said, upload, name, out, self.project.folder)


def _raised(limits: Limits) -> dict[str, int]:
    """The project's limits that differ from the defaults, for the child's --limit."""
    default = Limits()
    return {
        f.name: getattr(limits, f.name)
        for f in fields(Limits)
        if getattr(limits, f.name) != getattr(default, f.name)
    }


def _outcome(
    code: int | None, said: list[str], upload: Path, name: str, out: Path, root: Path
) -> Outcome:
    """The command line's lines, read back: the paths it names are the temporary file (shown
    as the name the user chose) and the source folder (shown relative to the project)."""
    mine = f"{upload}: "
    done = re.compile(rf"{re.escape(str(upload))} -> {re.escape(str(out))}/([^/]+?)\.md( and |$)")
    taken = re.compile(rf"{re.escape(str(out))}/([^/]+?)\.md already exists")
    shown = out.relative_to(root).as_posix()

    def plain(line: str) -> str:
        return line.removeprefix(mine).replace(str(out), shown)

    def named(line: str) -> str:  # the line the command line prints for the file by its name
        return line.replace(str(upload), name).replace(str(out), shown)

    if code == 0:
        slug = next((m.group(1) for m in map(done.match, said) if m), "")
        notes = [plain(line) for line in said if line.startswith(mine)]
        fill_in = [line.replace(str(out), shown) for line in said if ": fill in " in line]
        return Outcome("imported", name, slug, notes, fill_in)
    message = next((named(line) for line in said if line.strip()), "the import failed")
    if code == 2:
        exists = next((m.group(1) for m in map(taken.search, said) if m), "")
        if exists:
            return Outcome("exists", name, exists, message=message)
        return Outcome("refused", name, message=message)
    log.warning("publish import exited %s: %s", code, " | ".join(said[-5:]))
    return Outcome("failed", name, message=message)


def _save(upload: UploadFile, path: Path) -> None:
    upload.file.seek(0)
    with path.open("wb") as copy:
        shutil.copyfileobj(upload.file, copy, 1024 * 1024)


async def import_form(request: Request) -> Response:
    """GET /import (a reload of the report): the form is on the library page."""
    return RedirectResponse("/#import", 303)


async def import_upload(request: Request) -> Response:
    """POST /import: a .docx from the library page's form."""
    studio = studio_of(request)
    try:
        async with request.form(max_files=1, max_fields=4) as form:
            if not await csrf_ok(request, form):
                return forbidden()
            upload = form.get("file")
            if not isinstance(upload, UploadFile) or not upload.filename:
                return show(request, studio.templates, studio.csrf, Outcome("no-file"))
            name = upload_name(upload.filename)
            with tempfile.TemporaryDirectory(prefix="publish-import-") as folder:
                path = Path(folder) / name
                await run_in_threadpool(_save, upload, path)
                outcome = await request.app.state.importer.run(path, name)
    except HTTPException:  # not a multipart form, or one cut short
        outcome = Outcome("no-file")
    return show(request, studio.templates, studio.csrf, outcome)


def show(request: Request, templates: Jinja2Templates, csrf: str, outcome: Outcome) -> Response:
    context: dict[str, Any] = {
        "csrf": csrf,
        "outcome": outcome,
        "limit_mb": UPLOAD_BYTES // (1024 * 1024),
    }
    return templates.TemplateResponse(request, "imported.html", context, outcome.status)


def too_large(templates: Jinja2Templates, csrf: str) -> ASGIApp:
    """The guard's answer to an upload over UPLOAD_BYTES: the import page, saying so."""

    async def answer(scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        await show(request, templates, csrf, Outcome("too-large"))(scope, receive, send)

    return answer
