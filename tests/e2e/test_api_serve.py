"""The API in the real servers: `salesbot serve` carries /healthz, the chat webhooks and /api/v1 on one port, and
`salesbot api` carries the API alone; both run the webhook sender (a won deal reaches a local receiver)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from bot.bootstrap import App
from bot.http import start_http
from bot.serve import build_api_server, build_server
from core.services import api_tokens, customers, deals, webhooks
from tests.factories import add_user


def _seed(app: App) -> tuple[str, int]:
    alice = add_user(app.core, "Alice")
    with app.core.unit(alice.id) as ctx:
        _, token = api_tokens.create(ctx, "e2e")
        customer = customers.create(ctx, "Serve Co")
        ctx.session.flush()
        deal = deals.create(ctx, customer.id, "Serve ERP")
        ctx.session.flush()
        return token, deal.id


async def _exercise(port: int, token: str, deal_id: int) -> dict[str, Any]:
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession() as client:
        async with client.get(base + "/healthz") as reply:
            assert reply.status == 200
        async with client.get(base + "/api/v1/openapi.json") as reply:
            document = await reply.json()
            assert document["openapi"].startswith("3.") and document["servers"] == [{"url": "/api/v1"}]
            assert "/deals/{record_id}" in document["paths"]
        async with client.get(base + "/api/v1/deals", headers=auth) as reply:
            listed = await reply.json()
            assert [d["id"] for d in listed["items"]] == [deal_id]
        async with client.patch(base + f"/api/v1/deals/{deal_id}", json={"stage": "won"}, headers=auth) as reply:
            assert reply.status == 200
        async with client.get(base + "/api/v1/deals") as reply:
            assert reply.status == 401
    return dict(document)


async def _receiver() -> tuple[web.AppRunner, str, asyncio.Queue[bytes]]:
    got: asyncio.Queue[bytes] = asyncio.Queue()

    async def hook(request: web.Request) -> web.Response:
        await got.put(await request.read())
        return web.Response(status=200)

    receiver = web.Application()
    receiver.router.add_post("/hook", hook)
    runner, port = await start_http(receiver, "127.0.0.1", 0)
    return runner, f"http://127.0.0.1:{port}/hook", got


async def test_serve_carries_the_api_beside_the_chat_routes(make_app: Callable[..., App]) -> None:
    app = make_app(api_webhook_poll_seconds=0.05)
    token, deal_id = _seed(app)
    runner, url, got = await _receiver()
    with app.core.system() as system:
        webhooks.subscribe(system, url, ["deal.won"])
    server = build_server(app)
    await server.start()
    try:
        await _exercise(server.port, token, deal_id)
        delivered = json.loads(await asyncio.wait_for(got.get(), timeout=60))
        assert (delivered["event"], delivered["data"]["deal_id"]) == ("deal.won", deal_id)
    finally:
        await server.stop()
        await runner.cleanup()


async def test_salesbot_api_serves_the_api_alone(make_app: Callable[..., App]) -> None:
    app = make_app(api_webhook_poll_seconds=0.05)
    token, deal_id = _seed(app)
    runner, url, got = await _receiver()
    with app.core.system() as system:
        webhooks.subscribe(system, url, ["deal.stage_changed"])
    server = build_api_server(app)
    await server.start()
    try:
        await _exercise(server.port, token, deal_id)
        delivered = json.loads(await asyncio.wait_for(got.get(), timeout=60))
        assert delivered["data"]["from_stage"] == "lead"
        async with aiohttp.ClientSession() as client, client.post(
                f"http://127.0.0.1:{server.port}/telegram/webhook", json={}) as reply:
            assert reply.status == 404  # no channels here
    finally:
        await server.stop()
        await runner.cleanup()
