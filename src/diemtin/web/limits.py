"""Request guards (body size limits: 413; a Host/Origin check: 400/403) and HEAD support."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from diemtin.web.errors import PayloadTooLarge


class BodyLimitMiddleware:
    """Refuse bodies over ``max_body_bytes`` (``max_upload_bytes`` for multipart uploads).

    A declared ``Content-Length`` over the limit is refused without reading the body; a
    chunked body is counted as it arrives and refused as soon as it passes the limit.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        multipart = headers.get("content-type", "").startswith("multipart/form-data")
        limit = max(self.max_upload_bytes, self.max_body_bytes) if multipart else self.max_body_bytes
        what = "upload" if multipart else "request body"
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                await _send_json(send, 400, "Content-Length is not a number")
                return
            if int(declared) > limit:
                await _send_json(send, 413, PayloadTooLarge(limit, what).detail, close=True)
                return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise PayloadTooLarge(limit, what)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except PayloadTooLarge as exc:
            if started:
                raise
            await _send_json(send, 413, str(exc.detail), close=True)


async def _send_json(send: Send, status: int, message: str, close: bool = False) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:  # the unread body is still on the wire: do not reuse the connection
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _hostname(value: str) -> str:
    """``example.org:8000`` / ``[::1]:8000`` -> ``example.org`` / ``::1`` (lower case)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class HostGuardMiddleware:
    """Refuse requests whose ``Host`` is not served here, and cross-site writes.

    A server on loopback without authentication can still be reached by a web page in the
    user's browser: through DNS rebinding (the page's own name resolves to 127.0.0.1, so the
    ``Host`` header carries that name: refused with 400 unless it is an allowed name) or a
    cross-site form post (the ``Origin`` header names another site: refused with 403).
    """

    UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, app: ASGIApp, host_names: frozenset[str] | None) -> None:
        self.app = app
        self.host_names = host_names

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        if self.host_names is not None and _hostname(host) not in self.host_names:
            await _send_json(send, 400, f"host {host!r} is not served here: open the page as "
                             "http://127.0.0.1:PORT/ (or set DIEMTIN_ALLOWED_HOSTS)")
            return
        origin = headers.get("origin")  # "null" (sandboxed frames, files) is cross-site too
        if (scope["method"] in self.UNSAFE and origin is not None
                and urlsplit(origin).netloc.lower() != host.lower()):
            await _send_json(send, 403, f"cross-site request from {origin} refused")
            return
        await self.app(scope, receive, send)


class HeadMiddleware:
    """Answer ``HEAD`` as ``GET`` without the body, as HTTP requires of every GET resource.

    FastAPI routes declared with ``@get`` answer HEAD with 405; uptime monitors and
    ``curl -I`` send HEAD. The headers (``Content-Length`` included) are the GET response's.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
