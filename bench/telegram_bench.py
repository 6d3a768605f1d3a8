"""Telegram updates processed per second, end to end: update in (getUpdates or webhook POST) → PTB → assistant →
outbox → sendMessage, against the local fake Bot API over real HTTP.

Usage: python bench/telegram_bench.py [--updates N] [--users U] [--mode polling|webhook] [--text T]
                                      [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile
from bot.bootstrap import bootstrap
from bot.serve import build_server
from bot.settings import Settings
from core.clock import FixedClock
from core.services import customers, deals, users
from tests.fakes import FakeTelegram, TgUser, post_webhook_update

SECRET = "bench_secret"


async def run(args: argparse.Namespace) -> None:
    fake = await FakeTelegram.start()
    tmp = tempfile.mkdtemp(prefix="salesbot-tg-bench-")
    settings = Settings(
        _env_file=None, data_dir=Path(tmp), database_url=args.database_url or f"sqlite:///{tmp}/bench.db",
        telegram_token=fake.token, telegram_api_url=fake.root, telegram_mode=args.mode, http_port=0,
        telegram_webhook_url="https://bench.example.com/telegram/webhook", telegram_webhook_secret=SECRET,
    )
    app = bootstrap(settings, clock=FixedClock(datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))))
    people = [TgUser(50000 + n, f"Rep{n}", language_code="en") for n in range(args.users)]
    with app.core.system() as system:
        for n, person in enumerate(people):
            user = users.add_user(system, f"Rep{n}", role="rep", team="Bench", language="en")
            users.link(system, user, "telegram", str(person.id))
    for n in range(args.users):
        with app.core.system() as system:
            user = users.require_by_name(system, f"Rep{n}")
        with app.core.unit(user.id) as ctx:
            customer = customers.create(ctx, f"Customer {n}")
            deals.create(ctx, customer.id, f"Deal {n}", stage="proposal")

    server = build_server(app)
    await server.start()
    try:
        updates = [fake.text_update(args.text, user=people[i % len(people)]) for i in range(args.updates)]
        pushed: dict[int, list[float]] = defaultdict(list)
        started = time.perf_counter()
        if args.mode == "polling":
            for update in updates:
                pushed[update["message"]["chat"]["id"]].append(time.monotonic())
                fake.push_update(update)
        else:
            url = f"http://127.0.0.1:{server.port}/telegram/webhook"
            limit = asyncio.Semaphore(args.concurrency)

            async def post(update: dict[str, object]) -> None:
                async with limit:
                    message = update["message"]
                    assert isinstance(message, dict)
                    pushed[message["chat"]["id"]].append(time.monotonic())
                    status, _ = await post_webhook_update(url, update, secret_token=SECRET, timeout=60)
                    assert status == 200, status

            await asyncio.gather(*(post(update) for update in updates))
        await fake.wait_until(lambda: len(fake.calls_to("sendMessage")) >= args.updates, timeout=600,
                              what=f"{args.updates} replies")
        elapsed = time.perf_counter() - started
    finally:
        await server.stop()
        app.close()
        await fake.stop()

    # Each person's replies come in the order of their updates (one reply each), so pair them up per chat.
    sent: dict[int, list[float]] = defaultdict(list)
    for call in fake.calls_to("sendMessage"):
        sent[int(call.params["chat_id"])].append(call.time)
    latencies = [(done - start) * 1000 for chat, starts in pushed.items() for start, done in zip(starts, sent[chat],
                                                                                                 strict=False)]
    backend = "postgresql" if args.database_url else "sqlite"
    print(f"telegram {args.mode} ({backend}): {args.updates} updates from {args.users} users, text {args.text!r}")
    print(f"  {args.updates / elapsed:.0f} updates/s end to end ({elapsed:.2f}s)")
    p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    print(f"  latency update→reply: p50 {p50:.0f} ms, p95 {p95:.0f} ms (all {args.updates} sent at once)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--mode", choices=["polling", "webhook"], default="polling")
    parser.add_argument("--text", default="my pipeline")
    parser.add_argument("--concurrency", type=int, default=32, help="webhook requests in flight (Telegram: 40)")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
