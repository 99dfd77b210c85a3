"""The studio writes files, so it is guarded like a server: the Host header (against DNS
rebinding), an access token off the loopback interface, a CSRF token on every POST, request
size limits, and a Content-Security-Policy with no inline script on every response."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
# The studio's own pages: scripts and styles from the studio only. The preview frame's
# document inherits this policy, so it allows the inline styles and data: images and fonts
# the built page carries, never a script.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; media-src 'self'; connect-src 'self'; "
    "frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"
)
COOKIE = "publish-studio"
MAX_BODY = 6 * 1024 * 1024  # a source may be 5 MiB (Limits.source_bytes), plus JSON quoting


def new_token() -> str:
    return secrets.token_urlsafe(24)


def same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


async def _plain(send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]]) -> None:
    body = (text + "\n").encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", CSP.encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


@dataclass(frozen=True)
class BodyLimit:
    """How many bytes a request body may have, and the app that answers one with more (a plain
    line when None)."""

    size: int = MAX_BODY
    refuse: ASGIApp | None = None


class Guard:
    """ASGI middleware in front of every route."""

    def __init__(
        self,
        app: ASGIApp,
        hosts: tuple[str, ...],
        token: str | None,
        limits: Mapping[str, BodyLimit] | None = None,
    ) -> None:
        self.app = app
        self.hosts = {h.lower() for h in hosts}
        self.token = token
        # by path, or by the start of a path when the key ends with "/"; BodyLimit() for
        # every other path
        self.limits = dict(limits or {})
        self.session: str | None = None  # the cookie the token was exchanged for, once

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if "*" not in self.hosts and self._host(headers.get("host", "")) not in self.hosts:
            await _plain(
                send,
                400,
                "publish studio: unknown Host header (a guard against DNS rebinding); open "
                "the address the studio printed",
                [],
            )
            return
        if self.token is not None and not await self._signed_in(scope, headers, send):
            return
        limit = self._limit(scope["path"])
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit.size):
            await _too_large(limit, scope, _headed(send))
            return
        received = 0
        refused = started = False

        async def counted() -> Message:
            """Every body is counted as it streams, with a Content-Length or chunked."""
            nonlocal received, refused
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit.size:
                refused = True
                raise TooLargeError
            return message

        async def answer(message: Message) -> None:
            nonlocal started
            if refused:  # the app's answer to a body it could not read: the 413 goes instead
                return
            started = started or message["type"] == "http.response.start"
            await _headed(send)(message)

        try:
            await self.app(scope, counted, answer)
        except Exception:
            if not refused:
                raise
        if refused and not started:
            await _too_large(limit, scope, _headed(send))

    async def _signed_in(self, scope: Scope, headers: dict[str, str], send: Send) -> bool:
        """Whether the request carries the session cookie. The printed token is exchanged for
        it once; a second use of the token is refused, so a copied address opens nothing."""
        assert self.token is not None
        cookies = (
            p.strip().split("=", 1) for p in headers.get("cookie", "").split(";") if "=" in p
        )
        session = dict(cookies).get(COOKIE)
        offered = self._token_in_query(scope)
        location = (b"location", scope["path"].encode())  # the address without the token
        if self.session is not None and same(session, self.session):
            if offered is None:
                return True
            await _plain(send, 303, "publish studio: signed in", [location])
            return False
        if offered is not None and same(offered, self.token):
            if self.session is None:  # the one exchange: a session for this browser
                self.session = new_token()
                cookie = f"{COOKIE}={self.session}; HttpOnly; SameSite=Strict; Path=/"
                await _plain(
                    send,
                    303,
                    "publish studio: signed in",
                    [location, (b"set-cookie", cookie.encode())],
                )
                return False
            await _plain(
                send,
                403,
                "publish studio: this access address was used once already, and it works only "
                "once. Go on in the browser that opened it first, or stop the studio (Ctrl+C) "
                "and start it again for a new address.",
                [],
            )
            return False
        await _plain(
            send,
            401,
            "publish studio: this studio needs the access token it printed at start-up; open "
            "the address it printed, with ?token=...",
            [],
        )
        return False

    def _limit(self, path: str) -> BodyLimit:
        if path in self.limits:
            return self.limits[path]
        starts = [k for k in self.limits if k.endswith("/") and path.startswith(k)]
        return self.limits[max(starts, key=len)] if starts else BodyLimit()

    @staticmethod
    def _host(value: str) -> str:
        value = value.strip().lower()
        if value.startswith("["):
            return value[: value.find("]") + 1]
        return value.rsplit(":", 1)[0] if value.count(":") == 1 else value

    @staticmethod
    def _token_in_query(scope: Scope) -> str | None:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        return (query.get("token") or [None])[0]


class TooLargeError(Exception):
    """Raised by the counted receive channel when a body passes its limit."""


def _headed(send: Send) -> Send:
    """`send` with the security headers added to the response's start."""

    async def headed(message: Message) -> None:
        if message["type"] == "http.response.start":
            names = {k.lower() for k, _ in message.get("headers", [])}
            extra = [
                (b"x-content-type-options", b"nosniff"),
                # not no-referrer: under it a browser sends "Origin: null" with a form
                (b"referrer-policy", b"same-origin"),
                (b"cross-origin-opener-policy", b"same-origin"),
                (b"cache-control", b"no-store"),
            ]
            if b"content-security-policy" not in names:
                extra.append((b"content-security-policy", CSP.encode()))
            message["headers"] = [*message.get("headers", []), *extra]
        await send(message)

    return headed


async def _nothing() -> Message:
    return {"type": "http.disconnect"}


async def _too_large(limit: BodyLimit, scope: Scope, send: Send) -> None:
    if limit.refuse is not None:
        await limit.refuse(scope, _nothing, send)
    else:
        await _plain(send, 413, f"publish studio: requests are limited to {limit.size} bytes", [])
