"""REST API throughput: requests per second for a list endpoint (GET /api/v1/deals?limit=50) through the real
stack — aiohttp server, aiohttp-asgi, FastAPI, token check, the caller's scoped session — with C concurrent
clients over keep-alive connections; /healthz (plain aiohttp) beside it shows what the ASGI hop and the API cost.

    python bench/api_bench.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/api_bench.py                     # SQLite in a temp dir

Seeds one team (a manager and 10 reps, 10,000 deals) with bulk inserts. Prints numbers; never part of the
pass/fail run.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import aiohttp
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the repo's packages

from bench.common import percentile, private_schema
from bot.api.mount import mount_api
from bot.api.settings import ApiSettings
from bot.http import make_http_app, start_http
from core.clock import SystemClock
from core.context import CoreGateway, Defaults
from core.db import make_engine, make_session_factory, upgrade
from core.models import Customer, Deal
from core.services import api_tokens, users

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def seed(core: CoreGateway, deals: int) -> tuple[str, str]:
    with core.system() as system:
        manager = users.add_user(system, "Mia", role="manager", team="East", language="en")
        reps = [users.add_user(system, f"Rep {n}", role="rep", team="East", language="en") for n in range(10)]
        system.session.flush()
        rep_ids, manager_id = [r.id for r in reps], manager.id
        customers = [{"name": f"Customer {n}", "name_key": f"customer {n}", "aliases": [], "tags": [],
                      "owner_id": rep_ids[n % 10], "status": "active", "created_at": NOW, "updated_at": NOW}
                     for n in range(1000)]
        system.session.execute(insert(Customer), customers)
        system.session.execute(insert(Deal), [
            {"customer_id": 1 + n % 1000, "title": f"Deal {n}", "amount": Decimal(1000 + n), "currency": "CNY",
             "stage": "proposal", "probability": 50, "owner_id": rep_ids[n % 10], "custom_fields": {},
             "milestones": [], "created_at": NOW, "updated_at": NOW} for n in range(deals)])
    with core.unit(manager_id) as ctx:
        manager_token = api_tokens.create(ctx, "bench")[1]
    with core.unit(rep_ids[0]) as ctx:
        rep_token = api_tokens.create(ctx, "bench")[1]
    return manager_token, rep_token


async def measure(url: str, headers: dict[str, str], total: int, concurrency: int) -> tuple[float, float, float]:
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(total):
        queue.put_nowait(n)

    async def client(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            queue.get_nowait()
            started = time.perf_counter()
            async with session.get(url, headers=headers) as reply:
                await reply.read()
                assert reply.status == 200, reply.status
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return total / elapsed, percentile(latencies, 0.5) * 1000, percentile(latencies, 0.95) * 1000


async def run(core: CoreGateway, requests: int, concurrency: int) -> None:
    manager_token, rep_token = seed(core, 10_000)
    http = make_http_app()
    mount_api(http, core, ApiSettings(_env_file=None))
    runner, port = await start_http(http, "127.0.0.1", 0)
    base = f"http://127.0.0.1:{port}"
    try:
        for label, path, token in (("healthz (aiohttp only)", "/healthz", None),
                                   ("deals, manager (team: 10,000)", "/api/v1/deals?limit=50&offset=5000",
                                    manager_token),
                                   ("deals, rep (own: 1,000)", "/api/v1/deals?limit=50", rep_token)):
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            await measure(base + path, headers, 20, concurrency)  # warm up
            rate, p50, p95 = await measure(base + path, headers, requests, concurrency)
            print(f"{label:32} {rate:8.1f} req/s   p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
    finally:
        await runner.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, private_schema(args.database_url) as url:
        engine = make_engine(url or f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        core = CoreGateway(make_session_factory(engine), SystemClock(), Defaults())
        print(f"API list endpoint on {engine.dialect.name}, {args.concurrency} concurrent clients")
        asyncio.run(run(core, args.requests, args.concurrency))
        engine.dispose()


if __name__ == "__main__":
    main()
