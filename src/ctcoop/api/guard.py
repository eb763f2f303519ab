"""What every response carries and every request is held to: security headers and a body limit.

A pure ASGI middleware, so that it costs nothing per request beyond the header list:
- ``Content-Security-Policy`` without inline script (the pages load their scripts from /static
  and read their data from ``<script type="application/json">`` blocks, which are not executed),
  ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY`` and ``Referrer-Policy``;
  the interactive API docs (``/api/docs``, Swagger UI from the project's own assets) may use
  inline styles;
- request bodies over ``MAX_BODY`` bytes are refused with 413 in the project's error shape,
  before the body is parsed (by ``Content-Length``, or while it streams in without one);
- :class:`PublicCompression` gzips responses to requests without credentials.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

MAX_BODY = 1 << 20  # 1 MiB: a hundred screening queries are a few kilobytes

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


class TooLargeError(Exception):
    pass


class Guard:
    def __init__(self, app: App, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_POLICY if scope["path"] == "/api/docs" else PAGE_POLICY
        extra = [*HEADERS, (b"content-security-policy", policy.encode())]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"server"
                ] + extra
            await send(message)

        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self._refuse(send_with_headers)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise TooLargeError
            return message

        try:
            await self.app(scope, counted, send_with_headers)
        except TooLargeError:
            await self._refuse(send_with_headers)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(
            {
                "error": "too_large",
                "message": f"the request body is over {self.max_body:,} bytes; send less "
                "(at most 100 queries per screening request; a batch CSV of at most 1 MiB: "
                "split a larger file, or use ctcoop screen-batch)",
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class PublicCompression:
    """Gzip for what anyone may read: a response is compressed when the client accepts gzip and
    the request carries no credentials (no ``Authorization``, no cookie). A pair's page is over
    a megabyte of HTML that compresses about twelvefold. Responses to signed-in users are left
    as they are: a compressed page holding a secret (a session's CSRF token) beside text the
    request reflects would leak the secret through its length (BREACH)."""

    def __init__(self, app: App, minimum_size: int = 1024) -> None:
        from starlette.middleware.gzip import GZipMiddleware

        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not any(
            name in (b"authorization", b"cookie") for name, _ in scope.get("headers", [])
        ):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)
