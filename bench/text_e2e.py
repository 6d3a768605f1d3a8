"""End-to-end text message latency: parse → resolve → DB → reply, on 10,000 customers and 50,000 deals.

Goal: p95 < 50 ms per message. Usage: python bench/text_e2e.py [--database-url URL] [--messages N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, private_schema
from bench.seed import customer_names, seed
from bot.bootstrap import bootstrap
from bot.messages import IncomingMessage
from bot.settings import Settings
from core.clock import FixedClock
from core.services import users


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--messages", type=int, default=300)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="salesbot-bench-")
    with private_schema(args.database_url or f"sqlite:///{tmp}/bench.db") as url:
        measure(Settings(_env_file=None, data_dir=Path(tmp), database_url=url, scheduler_enabled=False),  # type: ignore[call-arg]
                args.messages)


def measure(settings: Settings, messages: int) -> None:
    app = bootstrap(settings, clock=FixedClock(datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))))
    started = time.perf_counter()
    sizes = seed(app.core)
    print(f"seeded {sizes['customers']} customers, {sizes['deals']} deals in {time.perf_counter() - started:.1f}s")
    names = customer_names(sizes["customers"])
    with app.core.system() as system:
        for who in ("rep0", "BenchManager", "BenchAdmin"):
            users.link(system, users.require_by_name(system, who), "telegram", who)
    # rep0 owns every 20th customer; the manager's team and the admin see far more.
    own = names[0::20]
    script = [
        lambda i: f"tell me about {own[i % len(own)]}",
        lambda i: "my pipeline",
        lambda i: f"visited {own[i % len(own)].lower()} today, they want a quote by friday",
        lambda i: "yes",
        lambda i: f"{own[(i + 7) % len(own)]} moved to negotiation",
        lambda i: "yes",
        lambda i: "what's on today",
    ]
    for who in ("rep0", "BenchManager", "BenchAdmin"):
        timings: list[float] = []
        for i in range(messages):
            text = script[i % len(script)](i // len(script))
            message = IncomingMessage(channel="telegram", chat_id=f"chat-{who}", sender_id=who,
                                      message_id=f"{who}-{i}", text=text)
            t0 = time.perf_counter()
            app.assistant.handle_sync(message)
            timings.append((time.perf_counter() - t0) * 1000)
        print(f"{who:>13}: {len(timings)} messages  p50 {statistics.median(timings):6.1f} ms  "
              f"p95 {percentile(timings, 0.95):6.1f} ms  p99 {percentile(timings, 0.99):6.1f} ms  "
              f"max {max(timings):6.1f} ms")
    app.close()


if __name__ == "__main__":
    main()
