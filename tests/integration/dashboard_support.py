"""The dashboard over real HTTP: the aiohttp server with the dashboard routes (as `salesbot serve` mounts them) on
port 0, a cookie-keeping client, and sign-in links issued through the core service."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from html import unescape

import aiohttp

from bot.dashboard.routes import add_dashboard_routes
from bot.http import make_http_app, start_http
from core.context import CoreGateway
from core.services import dashboard_access

PUBLIC = "https://sales.example.com"


def with_public_url(core: CoreGateway, url: str | None = PUBLIC) -> CoreGateway:
    """The same database and clock, with SALESBOT_PUBLIC_URL set (or unset)."""
    return CoreGateway(core.factory, core.clock, replace(core.defaults, public_url=url))


def issue(core: CoreGateway, user_id: int) -> str:
    with core.unit(user_id) as ctx:
        return dashboard_access.issue_link(ctx)


def visible(html: str) -> str:
    """The page's text without its tags and inline images (base64 could spell any short name)."""
    return unescape(re.sub(r"<[^>]+>", " ", re.sub(r'src="[^"]*"', "", html)))


def section(html: str, kind: str) -> str:
    """The visible text of one report's section of the page."""
    found = re.search(rf'<section class="report" id="report-{kind}">(.*?)</section>', html, re.S)
    assert found, f"no {kind} section"
    return visible(found.group(1))


@dataclass
class Site:
    base: str
    client: aiohttp.ClientSession

    async def get(self, path: str, **headers: str) -> tuple[int, str, aiohttp.ClientResponse]:
        async with self.client.get(self.base + path, headers=headers, allow_redirects=False) as reply:
            return reply.status, await reply.text(), reply

    async def sign_in(self, token: str) -> tuple[int, str]:
        async with self.client.get(f"{self.base}/dashboard/login", params={"token": token}) as reply:
            return reply.status, await reply.text()


@asynccontextmanager
async def running_dashboard(core: CoreGateway) -> AsyncIterator[Site]:
    http = make_http_app()
    add_dashboard_routes(http, core)
    runner, port = await start_http(http, "127.0.0.1", 0)
    try:
        # unsafe: the cookie jar keeps cookies for a bare IP address (the test server's)
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
            yield Site(f"http://127.0.0.1:{port}", client)
    finally:
        await runner.cleanup()
