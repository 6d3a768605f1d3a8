"""Plumbing shared by the fake platform servers.

Both fakes are real aiohttp servers on 127.0.0.1 with an ephemeral port, so the
real client libraries (httpx inside python-telegram-bot, aiohttp inside
slack_sdk) exercise their whole HTTP stack: connection pools, encodings,
status-code handling and retry logic.  This module holds what is common:
lifecycle, call recording, failure injection, outage modes and the
"wait until the app has done X" helpers that keep tests free of sleeps.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Self, TypeVar

from aiohttp import web

T = TypeVar("T")

#: Default for every ``wait_*`` helper. A wait returns as soon as its condition holds, so only a failing test pays the
#: full time; 5 s was too short on a loaded 2-core machine (a reminder that arrived after 5 s failed a passing run).
DEFAULT_TIMEOUT = 30.0
#: Uploads (photos, voice notes) easily exceed aiohttp's 1 MiB default.
MAX_BODY_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class UploadedFile:
    """A file part received in a multipart request."""

    filename: str | None
    content_type: str
    data: bytes


@dataclass
class RecordedCall:
    """One request as the fake saw it.

    ``params`` merges the query string and the body (form, multipart or JSON)
    because the client libraries spread parameters over both.  ``time`` is
    ``time.monotonic()`` so tests can measure client back-off between calls.
    ``status`` is the HTTP status the fake answered with.
    """

    method: str
    params: dict[str, Any]
    time: float
    http_method: str
    path: str
    headers: dict[str, str]
    status: int | None = None


@dataclass(frozen=True)
class Failure:
    """A scripted failure for the next call(s) of one method."""

    status: int
    retry_after: int | None = None
    #: Telegram ``description`` / Slack ``error`` code; ``None`` = platform default.
    message: str | None = None


async def read_params(request: web.Request) -> dict[str, Any]:
    """Merge query-string and body parameters, whatever the encoding.

    Values stay as received (strings, ``UploadedFile`` or decoded JSON); each
    fake decides how to coerce them, because the platforms differ.
    """
    params: dict[str, Any] = dict(request.query)
    if not request.body_exists:
        return params
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            params.update(body)
        return params
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                params[key] = UploadedFile(value.filename, value.content_type, value.file.read())
            else:
                params[key] = value
    return params


class LocalServer:
    """Serve an ``aiohttp.web.Application`` on ``127.0.0.1:<ephemeral port>``.

    Used by the fakes, and by tests that must host an app endpoint (a Telegram
    webhook, the Slack events URL) for the signed-request helpers to hit.
    """

    def __init__(self, app: web.Application, host: str = "127.0.0.1") -> None:
        self.app = app
        self.host = host
        self.port = 0
        # A short shutdown timeout: open long-polls must not stall teardown.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        self._site: web.SockSite | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        await self._runner.setup()
        await self._bind()

    async def _bind(self) -> None:
        # Bind the socket ourselves to learn the ephemeral port; later binds
        # reuse that port so clients configured with our URL see
        # "connection refused" and then "back up" (SO_REUSEADDR: no wait
        # for TIME_WAIT connections of the previous socket).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        self._site = web.SockSite(self._runner, sock)
        await self._site.start()

    async def unbind(self) -> None:
        """Close the listening socket (new connections are refused)."""
        if self._site is not None:
            await self._site.stop()
            self._site = None

    async def rebind(self) -> None:
        if self._site is None:
            await self._bind()

    async def stop(self) -> None:
        await self._runner.cleanup()


class FakeServer:
    """Base class: recording, failure injection, outages and waits."""

    #: HTTP status used by ``set_down(True)``; subclasses pick the realistic one.
    outage_status = 503

    def __init__(self) -> None:
        self.calls: list[RecordedCall] = []
        self._failures: defaultdict[str, deque[Failure | None]] = defaultdict(deque)
        self._down = False
        self._refusing = False
        self._closing = False
        self._changed = asyncio.Event()
        self._server: LocalServer | None = None

    # -- lifecycle ---------------------------------------------------------

    async def _start_server(self) -> None:
        app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[self._middleware])
        self._register_routes(app)
        self._server = LocalServer(app)
        await self._server.start()

    def _register_routes(self, app: web.Application) -> None:
        raise NotImplementedError

    @property
    def root(self) -> str:
        """``http://127.0.0.1:<port>`` with no trailing slash."""
        assert self._server is not None, "fake not started"
        return self._server.url

    async def stop(self) -> None:
        self._closing = True
        self._notify()  # wake long-polls so they return before cleanup
        if self._server is not None:
            await self._server.stop()
            self._server = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- failure injection and outages -------------------------------------

    def fail_next(
        self,
        method: str,
        n: int = 1,
        *,
        status: int = 429,
        retry_after: int | None = 1,
        message: str | None = None,
        after: int = 0,
    ) -> None:
        """Make the next ``n`` calls of ``method`` fail (``"*"`` = any method),
        after letting ``after`` calls through (e.g. the second part of a split message).

        ``retry_after`` only matters for 429.  Calls still get recorded, with
        the failing status, so tests can assert on the client's retries.
        """
        for _ in range(after):
            self._failures[method].append(None)
        for _ in range(n):
            self._failures[method].append(Failure(status, retry_after, message))

    def set_down(self, down: bool = True) -> None:
        """Answer every request with ``outage_status`` until ``set_down(False)``."""
        self._down = down

    async def refuse_connections(self) -> None:
        """Simulate the host being unreachable: unbind the port and reset
        requests arriving on already-open keep-alive connections (both client
        libraries pool connections, so unbinding alone would not be felt)."""
        self._refusing = True
        assert self._server is not None
        await self._server.unbind()

    async def accept_connections(self) -> None:
        self._refusing = False
        assert self._server is not None
        await self._server.rebind()

    def _injected_failure(self, method: str) -> Failure | None:
        if self._down:
            return Failure(self.outage_status)
        for key in (method, "*"):
            if self._failures[key]:
                return self._failures[key].popleft()
        return None

    def _render_failure(self, failure: Failure) -> web.Response:
        raise NotImplementedError

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if self._refusing:
            if request.transport is not None:
                request.transport.close()
            raise web.HTTPServiceUnavailable()  # never reaches the client
        return await handler(request)

    # -- recording ----------------------------------------------------------

    async def _dispatch(
        self,
        request: web.Request,
        method: str,
        params: dict[str, Any],
        impl: Callable[[], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        """Record the call, apply any scripted failure, else run ``impl``."""
        call = RecordedCall(
            method=method,
            params=params,
            time=time.monotonic(),
            http_method=request.method,
            path=request.path,
            headers=dict(request.headers),
        )
        self.calls.append(call)
        failure = self._injected_failure(method)
        response = self._render_failure(failure) if failure else await impl()
        call.status = response.status
        self._notify()
        return response

    def _notify(self) -> None:
        """Wake every waiter; they re-check their predicates."""
        self._changed.set()
        self._changed = asyncio.Event()

    def calls_to(self, method: str) -> list[RecordedCall]:
        return [c for c in self.calls if c.method == method]

    def call_summary(self) -> str:
        return ", ".join(f"{c.method}->{c.status}" for c in self.calls[-30:]) or "none"

    # -- waiting ------------------------------------------------------------

    async def wait_until(
        self,
        predicate: Callable[[], T | None],
        *,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109 - a test deadline, not an I/O timeout
        what: str = "condition",
    ) -> T:
        """Return ``predicate()`` as soon as it is truthy, re-checking after
        every request the fake handles.  Raises ``AssertionError`` (with the
        recent calls, to make failures readable) after ``timeout`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed  # grab before checking: no lost wake-ups
            result = predicate()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    f"{type(self).__name__}: timed out after {timeout}s waiting for {what}; "
                    f"recent calls: {self.call_summary()}"
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    async def wait_for_calls(
        self,
        method: str,
        n: int = 1,
        *,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> list[RecordedCall]:
        """Wait until ``method`` was called at least ``n`` times; return those calls."""
        return await self.wait_until(
            lambda: calls if len(calls := self.calls_to(method)) >= n else None,
            timeout=timeout,
            what=f"{n} x {method}",
        )


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # ensure_ascii=False like the real APIs (they send UTF-8 text verbatim).
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type="application/json",
        headers=headers,
    )


def html_error(status: int, reason: str) -> web.Response:
    """What a load balancer in front of the real APIs returns during outages."""
    page = f"<html><head><title>{status} {reason}</title></head><body>{reason}</body></html>"
    return web.Response(status=status, text=page, content_type="text/html")
