"""The one HTTP server of `salesbot serve`: /healthz plus the routes channels add (/slack/events, /telegram/webhook).

Edges: bodies over 2 MB get 413 before they are read whole; a connection idle for `keepalive_timeout` (before its
first request as well as between requests: a client that opens a socket and sends nothing, or half a request) is
closed; a body that does not arrive within `read_timeout` gets 408. Nothing here logs a request body.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

MAX_BODY = 2 * 1024 * 1024
READ_TIMEOUT_KEY = web.AppKey("salesbot_read_timeout", float)


class SlowBody(Exception):
    """The client did not send the request body in time."""


def make_http_app(*, read_timeout: float = 10.0) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)
    app[READ_TIMEOUT_KEY] = read_timeout

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app.router.add_get("/healthz", healthz)
    return app


async def read_body(request: web.Request) -> bytes:
    """The whole body, within the app's read timeout (SlowBody otherwise); 413 past the size limit."""
    timeout = request.app.get(READ_TIMEOUT_KEY, 10.0)
    try:
        return await asyncio.wait_for(request.read(), timeout)
    except TimeoutError:
        raise SlowBody from None


async def start_http(app: web.Application, host: str, port: int, *, keepalive_timeout: float = 15.0
                     ) -> tuple[web.AppRunner, int]:
    """Start serving; returns the runner and the bound port (port 0 picks a free one, for tests)."""
    runner = web.AppRunner(app, access_log=None, keepalive_timeout=keepalive_timeout)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    server = site._server
    sockets = getattr(server, "sockets", None) or []
    bound = sockets[0].getsockname()[1] if sockets else port
    return runner, int(bound)
