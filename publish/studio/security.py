"""The studio writes files, so it is guarded like a server: the Host header (against DNS
rebinding), an access token off the loopback interface, a CSRF token on every POST, request
size limits, and a Content-Security-Policy with no inline script on every response."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
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


class Guard:
    """ASGI middleware in front of every route."""

    def __init__(self, app: ASGIApp, hosts: tuple[str, ...], token: str | None) -> None:
        self.app = app
        self.hosts = {h.lower() for h in hosts}
        self.token = token

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
        if self.token is not None:
            allowed = self._authorized(headers)
            if not allowed and self._token_in_query(scope):
                # The address printed at start-up: keep the token in a cookie, drop it from the URL.
                cookie = f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"
                await _plain(
                    send,
                    303,
                    "publish studio: signed in",
                    [(b"location", scope["path"].encode()), (b"set-cookie", cookie.encode())],
                )
                return
            if not allowed:
                await _plain(
                    send,
                    401,
                    "publish studio: this studio needs the access token it printed at "
                    "start-up; open the address it printed, with ?token=...",
                    [],
                )
                return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            await _plain(send, 413, f"publish studio: requests are limited to {MAX_BODY} bytes", [])
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY:
                raise TooLargeError
            return message

        async def with_headers(message: Message) -> None:
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

        try:
            await self.app(scope, limited, with_headers)
        except TooLargeError:
            await _plain(send, 413, f"publish studio: requests are limited to {MAX_BODY} bytes", [])

    @staticmethod
    def _host(value: str) -> str:
        value = value.strip().lower()
        if value.startswith("["):
            return value[: value.find("]") + 1]
        return value.rsplit(":", 1)[0] if value.count(":") == 1 else value

    def _authorized(self, headers: dict[str, str]) -> bool:
        assert self.token is not None
        parts = (p.strip().split("=", 1) for p in headers.get("cookie", "").split(";") if "=" in p)
        return same(dict(parts).get(COOKIE), self.token)

    def _token_in_query(self, scope: Scope) -> bool:
        assert self.token is not None
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        return same((query.get("token") or [None])[0], self.token)


class TooLargeError(Exception):
    pass
