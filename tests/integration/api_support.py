"""The REST API over real HTTP: the aiohttp server (with the API mounted as in `salesbot serve`) on port 0, a
client, and a small team — Alice and Bob (reps, East), Mia (their manager), Fay (finance)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import aiohttp
from aiohttp import web

from bot.api.mount import mount_api
from bot.api.settings import ApiSettings
from bot.http import make_http_app, start_http
from core.context import CoreGateway
from core.services import api_tokens, customers, deals
from tests.factories import add_user

FINANCE_SECRET = "finance-shared-secret-0123456789"


@dataclass
class Team:
    ids: dict[str, int]
    tokens: dict[str, str]
    customers: dict[str, int]
    deals: dict[str, int]


def seed_team(core: CoreGateway) -> Team:
    ids: dict[str, int] = {}
    for name, role in (("Alice", "rep"), ("Bob", "rep"), ("Mia", "manager"), ("Fay", "finance")):
        ids[name] = add_user(core, name, role=role, team="East").id
    tokens: dict[str, str] = {}
    for name, user_id in ids.items():
        with core.unit(user_id) as ctx:
            tokens[name] = api_tokens.create(ctx, "ci")[1]
    owned_customers: dict[str, int] = {}
    owned_deals: dict[str, int] = {}
    for name in ("Alice", "Bob"):
        with core.unit(ids[name]) as ctx:
            customer = customers.create(ctx, f"{name} Industries")
            ctx.session.flush()
            deal = deals.create(ctx, customer.id, f"{name} ERP", amount=Decimal(1000))
            ctx.session.flush()
            owned_customers[name], owned_deals[name] = customer.id, deal.id
    return Team(ids, tokens, owned_customers, owned_deals)


@dataclass
class Api:
    base: str
    client: aiohttp.ClientSession
    team: Team

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.team.tokens[who]}"}

    async def call(self, method: str, path: str, who: str | None = None, *, json: Any = None,
                   headers: dict[str, str] | None = None, data: bytes | None = None) -> tuple[int, Any]:
        sent = {**(self.auth(who) if who else {}), **(headers or {})}
        async with self.client.request(method, self.base + path, json=json, data=data, headers=sent) as reply:
            body = await reply.json(content_type=None) if reply.content_length != 0 else None
            return reply.status, body


@asynccontextmanager
async def running_api(core: CoreGateway, settings: ApiSettings | None = None) -> AsyncIterator[tuple[Api, int]]:
    team = seed_team(core)
    http: web.Application = make_http_app()
    mount_api(http, core, settings or ApiSettings(_env_file=None, finance_secret=FINANCE_SECRET, finance_user="Fay"))
    runner, port = await start_http(http, "127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as client:
            yield Api(f"http://127.0.0.1:{port}/api/v1", client, team), port
    finally:
        await runner.cleanup()
