"""The dashboard's outer wall: one ASGI middleware in front of every route.

In order, for every HTTP request:

1. the ``Host`` header must name this dashboard (DNS rebinding), when names are given;
2. with an access token, the request must carry it (``Authorization: Bearer``, the
   ``wattprint_token`` cookie, or ``?token=`` once, which sets that cookie): else 401;
3. a POST (or other unsafe method) from a browser must come from this dashboard's own
   pages: an ``Origin`` (or, without one, a ``Referer``) naming another site is a 403,
   so no web page can make a visitor's browser post a form here;
4. the body is counted while it streams in and refused with 413 past
   :data:`MAX_REQUEST_BYTES`, before more than that is held in memory;

and every answer, errors included, carries the security headers (:data:`HEADERS`).
"""

from __future__ import annotations

import hmac
import urllib.parse
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from wattprint.web.errors import error_response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_REQUEST_BYTES = 512_000  # a 64,000-byte YAML text, JSON-escaped, fits with room to spare
TOKEN_COOKIE = "wattprint_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Pages load only their own scripts (no inline script); plotly sets inline styles, so
# styles allow 'unsafe-inline'. No framing, no plugins, forms post only here.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


@dataclass(frozen=True)
class GuardSettings:
    """What the wall checks: host names (None: any), an access token (None: none)."""

    hosts: tuple[str, ...] | None = None
    token: str | None = None
    max_request_bytes: int = MAX_REQUEST_BYTES


class Refused(Exception):
    """A request the wall turns away: its status, message and the field at fault."""

    def __init__(self, status: int, detail: str, field: str | None) -> None:
        self.status = status
        self.detail = detail
        self.field = field
        super().__init__(detail)


class Guard:
    """ASGI middleware applying :class:`GuardSettings` to every HTTP request."""

    def __init__(self, app: ASGIApp, settings: GuardSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request, then hand it on with its headers-adding ``send``."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        request = Request(scope)
        try:
            cookie = self._check_head(request)
            if request.method not in SAFE_METHODS:
                receive = await self._buffered_body(request, receive)
        except Refused as exc:
            await error_response(request, exc.status, exc.detail, exc.field)(scope, receive, send)
            return
        await self.app(scope, receive, _with_cookie(send, cookie))

    def _check_head(self, request: Request) -> str | None:
        """Host, token and origin; return a token to set as a cookie, if one came in the URL."""
        hosts = self.settings.hosts
        host = request.headers.get("host", "").lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if hosts is not None and name not in hosts:
            raise Refused(400, f"this dashboard answers to {', '.join(hosts)}", "host")
        cookie = self._check_token(request)
        if request.method not in SAFE_METHODS:
            _check_origin(request)
        return cookie

    def _check_token(self, request: Request) -> str | None:
        token = self.settings.token
        if token is None:
            return None
        given = request.query_params.get("token")
        if given is not None and _same(given, token):
            return token
        auth = request.headers.get("authorization", "")
        bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        if _same(bearer, token) or _same(request.cookies.get(TOKEN_COOKIE), token):
            return None
        raise Refused(
            401,
            "this dashboard needs its access token: open the URL `wattprint serve` printed "
            "(…/?token=…) or send 'Authorization: Bearer <token>'",
            "token",
        )

    async def _buffered_body(self, request: Request, receive: Receive) -> Receive:
        """Read the body, counting bytes; past the limit, refuse before holding more."""
        limit = self.settings.max_request_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise Refused(413, f"the request body is larger than {limit:,} bytes", None)
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client left: pass that on
                return _replay([], receive, message)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise Refused(413, f"the request body is larger than {limit:,} bytes", None)
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        return _replay(chunks, receive, None)


def _same(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def _check_origin(request: Request) -> None:
    """A browser's unsafe request must come from a page of this same dashboard."""
    host = request.headers.get("host", "").lower()
    if request.headers.get("sec-fetch-site", "") == "cross-site":
        raise Refused(403, "cross-site requests are refused", "origin")
    origin = request.headers.get("origin")
    source = origin if origin is not None else request.headers.get("referer")
    if source is None:
        return  # not a browser (curl, scripts): nothing to forge
    netloc = urllib.parse.urlsplit(source).netloc.lower() if source != "null" else ""
    if netloc != host:
        raise Refused(
            403,
            f"cross-origin request refused: it came from {source[:100]!r}, not from this "
            "dashboard's own pages",
            "origin",
        )


def _replay(chunks: list[bytes], receive: Receive, final: Message | None) -> Receive:
    """A ``receive`` that hands the app the buffered body, then listens to the client again."""
    body = b"".join(chunks)
    pending: list[Message] = [
        final if final is not None else {"type": "http.request", "body": body, "more_body": False}
    ]

    async def replay() -> Message:
        return pending.pop() if pending else await receive()

    return replay


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [h for h in message.get("headers", []) if h[0].lower() not in _NAMES]
            message["headers"] = headers + list(HEADERS)
        await send(message)

    return sending


_NAMES = frozenset(name for name, _ in HEADERS)


def _with_cookie(send: Send, token: str | None) -> Send:
    if token is None:
        return send
    cookie = f"{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict".encode()

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie)]
        await send(message)

    return sending
