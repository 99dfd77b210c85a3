"""What every studio route shares: the studio's state, its pages, and the answers to a
request that is refused (no CSRF token, not found)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from publish.studio.feedback import ASSESSMENTS
from publish.studio.jobs import Jobs
from publish.studio.library import Library
from publish.studio.security import same
from publish.studio.store import Project
from publish.studio.watch import Watcher


@dataclass
class Studio:
    project: Project
    csrf: str
    templates: Jinja2Templates
    library: Library
    jobs: Jobs
    watcher: Watcher


def studio_of(request: Request) -> Studio:
    studio: Studio = request.app.state.studio
    return studio


def page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    studio = studio_of(request)
    context |= {"csrf": studio.csrf, "assessments": ASSESSMENTS}
    return studio.templates.TemplateResponse(request, name, context, status_code=status)


def not_found(what: str = "no such article or file in this project") -> Response:
    return Response(f"publish studio: {what}\n", 404, media_type="text/plain")


async def csrf_ok(request: Request, form: Any = None) -> bool:
    """A POST carries the page's token (header or form field) and, when the browser says
    where it comes from, comes from the studio itself."""
    studio = studio_of(request)
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.headers.get('host')}":
        return False
    token = request.headers.get("x-csrf-token")
    if token is None and form is not None:
        token = form.get("csrf")
    return same(token, studio.csrf)


def forbidden() -> Response:
    return Response(
        "publish studio: this request lacks the page's CSRF token; reload the page\n",
        403,
        media_type="text/plain",
    )


async def json_body(request: Request) -> dict[str, Any] | None:
    try:
        data = await request.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
