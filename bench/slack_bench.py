"""Slack ack latency: bursts of 50 concurrent signed events against the real `salesbot serve` server.

Slack wants every request acknowledged within 3 s; our goal is p99 < 300 ms while the work of the
earlier events (assistant, database, outbox, Web API calls to a local fake Slack) runs in the background.
Usage: python bench/slack_bench.py [--database-url URL] [--concurrency 50] [--rounds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, private_schema
from bot.bootstrap import bootstrap
from bot.serve import build_server
from bot.settings import Settings
from core.clock import FixedClock
from core.services import customers, deals, users
from tests.fakes import slack_events as se
from tests.fakes.slack_api import FakeSlack

SECRET = "bench-signing-secret"
TEXTS = ("my pipeline", "help", "what's on today", "tell me about Acme {n}")


async def post(http: aiohttp.ClientSession, url: str, request: se.SlackRequest) -> float:
    headers = se.signed_headers(request, SECRET)
    started = time.perf_counter()
    async with http.post(url, data=request.body.encode(), headers=headers) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}")
    return (time.perf_counter() - started) * 1000


async def run(args: argparse.Namespace) -> None:
    with private_schema(args.database_url) as url:
        await measure(args, url)


async def measure(args: argparse.Namespace, url: str | None) -> None:
    fake = await FakeSlack.start()
    tmp = tempfile.mkdtemp(prefix="salesbot-slack-bench-")
    settings = Settings(_env_file=None, data_dir=Path(tmp),  # type: ignore[call-arg]
                        database_url=url or f"sqlite:///{tmp}/bench.db",
                        slack_bot_token=fake.bot_token, slack_signing_secret=SECRET, slack_api_url=fake.api_url,
                        http_port=0)
    app = bootstrap(settings, clock=FixedClock(datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))))
    slack_users = [f"U0B{n:04d}" for n in range(args.concurrency)]
    for n, slack_user in enumerate(slack_users):
        with app.core.system() as system:
            session = system.session
            user = users.add_user(system, f"Rep {n}", role="rep", team="East", language="en")
            session.flush()
            users.link(system, user, "slack", slack_user)
            user_id = user.id
        with app.core.unit(user_id) as ctx:
            deals.create(ctx, customers.create(ctx, f"Acme {n}").id, f"Deal {n}", stage="proposal")
    server = build_server(app)
    await server.start()
    url = f"http://127.0.0.1:{server.port}/slack/events"
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
            first = await post(http, url, se.event_request(se.message_event("help", user=slack_users[0])))
            await fake.wait_for_messages(slack_users[0], 1, timeout=30)
            print(f"first event (stored and acknowledged; auth.test runs after the ack): {first:.1f} ms")
            latencies: list[float] = []
            started = time.perf_counter()
            for round_no in range(args.rounds):
                requests = [se.event_request(se.message_event(TEXTS[(round_no + n) % len(TEXTS)].format(n=n),
                                                              user=u)) for n, u in enumerate(slack_users)]
                latencies += await asyncio.gather(*(post(http, url, r) for r in requests))
            expected = 1 + args.rounds * args.concurrency
            await fake.wait_until(lambda: len(fake.messages) >= expected, timeout=300, what="all replies")
            elapsed = time.perf_counter() - started
        print(f"{len(latencies)} events in bursts of {args.concurrency} ({args.rounds} rounds), "
              f"{'PostgreSQL' if args.database_url else 'SQLite'}")
        print(f"ack latency  p50 {percentile(latencies, 0.50):6.1f} ms   p95 {percentile(latencies, 0.95):6.1f} ms   "
              f"p99 {percentile(latencies, 0.99):6.1f} ms   max {max(latencies):6.1f} ms   (goal p99 < 300 ms)")
        print(f"all {len(fake.messages)} replies posted to the fake Slack after {elapsed:.1f} s "
              f"({len(latencies) / elapsed:.0f} messages/s end to end)")
    finally:
        await server.stop()
        app.close()
        await fake.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
