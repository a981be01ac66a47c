"""HTTP hardening for the web UI: every page we show came from a hostile website.

``SecurityHeaders`` is a plain ASGI middleware that gives each request a fresh CSP nonce
(``request.state.nonce``) and adds to every response:

- ``Content-Security-Policy``: only this origin (``default-src 'self'``), scripts only from this
  origin or inline with the request's nonce, no plugins, no ``<base>``, forms post only here,
  never framed (``frame-ancestors 'none'``);
- ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin`` (other sites never learn
  what was viewed here; ``no-referrer`` would make browsers send ``Origin: null`` on our own form
  posts), ``X-Frame-Options: DENY``,
  ``Cross-Origin-Opener-Policy`` / ``Cross-Origin-Resource-Policy: same-origin`` and a
  ``Permissions-Policy`` that turns off camera, microphone and location.

An exception that escapes the application becomes a plain 500 that carries these headers too
(Starlette's own error handler sits outside every middleware and would send it bare); the
traceback goes to the ``newstrace.web`` logger.

It also refuses requests whose ``Host`` is not trusted (against DNS rebinding when bound to
loopback) and cross-site form posts (an ``Origin`` header that is not this host, or a
``Sec-Fetch-Site`` other than ``same-origin``/``none``).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOG = logging.getLogger("newstrace.web")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def csp(nonce: str) -> str:
    return (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        "style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


STATIC_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
)


def _host_only(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class SecurityHeaders:
    """See the module docstring. ``trusted_hosts=None`` accepts any Host header."""

    def __init__(self, app: ASGIApp, trusted_hosts: Iterable[str] | None = None) -> None:
        self.app = app
        self.trusted = {h.lower() for h in trusted_hosts} if trusted_hosts is not None else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        scope.setdefault("state", {})["nonce"] = nonce
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        problem = None
        if self.trusted is not None and _host_only(host) not in self.trusted:
            problem = (400, "Invalid Host header")
        elif scope.get("method", "GET") not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            fetch_site = headers.get("sec-fetch-site")
            if (
                origin is not None and (origin == "null" or urlsplit(origin).netloc.lower() != host.lower())
            ) or (fetch_site is not None and fetch_site not in ("same-origin", "none")):
                problem = (403, "Cross-site requests are not allowed")

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                hdrs = list(message.get("headers", []))
                present = {k.lower() for k, _ in hdrs}
                if b"content-security-policy" not in present:
                    hdrs.append((b"content-security-policy", csp(nonce).encode()))
                hdrs.extend(h for h in STATIC_HEADERS if h[0] not in present)
                message = {**message, "headers": hdrs}
            await send(message)

        async def plain(status: int, text: str) -> None:
            body = text.encode()
            await send_with_headers(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send_with_headers({"type": "http.response.body", "body": body})

        if problem is not None:
            await plain(*problem)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            LOG.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if started:
                raise
            await plain(500, "Internal Server Error")


class HeadAsGet:
    """Answer ``HEAD`` on every ``GET`` route (link checkers and monitors send it): the request
    runs as ``GET`` and the body is dropped, headers (``content-length`` included) kept."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def no_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, no_body)
