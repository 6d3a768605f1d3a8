"""What the scheduler's tick pays for the churn-risk push and the dashboard purge: a team's worth of active
customers with their interactions and invoices, some of them at high risk, timed per call.

    python bench/churn_push_bench.py                      # SQLite in a temp dir
    python bench/churn_push_bench.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Every customer has a won deal and ~1 interaction a week over the last 120 days; `--high` percent of them also have
two negative notes from a day and a half ago (30 points) and an invoice due 32 days ago — 31 days late at the end
of yesterday, 30 the day before (25, was 15): each crossed 50 at this morning's midnight.
The churn rule walks the 14 midnights of history only for customers high now; the figure is one tick's discovery
of churn crossings (`churn_crossings.crossed_between`), then the churn rule's `due` with the told-already check.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the repo's packages

from bench.common import percentile, private_schema
from core.clock import FixedClock
from core.context import CoreGateway, Defaults
from core.db import make_engine, make_session_factory, upgrade
from core.models import Customer, DashboardLink, DashboardSession, Deal, Interaction, Invoice, Team, User
from core.scoring import churn_crossings
from core.services import audience, dashboard_access
from notifications.rules.base import NotifyConfig, Scan
from notifications.rules.scoring import ChurnRiskRule

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
CHUNK = 2000


def _bulk(connection: Any, model: type, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        connection.execute(insert(model), rows[start:start + CHUNK])


def seed(url: str, customers: int, high_percent: float, old_links: int) -> None:
    rng = random.Random(11)
    engine = make_engine(url)
    with engine.begin() as c:
        _bulk(c, Team, [{"id": 1, "name": "East", "created_at": NOW}])
        reps = list(range(1, 11))
        _bulk(c, User, [{"id": r, "name": f"Rep {r}", "role": "rep", "team_id": 1, "language": "en",
                         "created_at": NOW} for r in reps]
              + [{"id": 11, "name": "Manager", "role": "manager", "team_id": 1, "language": "en", "created_at": NOW}])
        owner = {i: reps[i % len(reps)] for i in range(1, customers + 1)}
        _bulk(c, Customer, [{"id": i, "name": f"Customer {i}", "name_key": f"customer {i}", "owner_id": owner[i],
                             "status": "active", "created_at": NOW, "updated_at": NOW} for i in owner])
        _bulk(c, Deal, [{"id": i, "customer_id": i, "owner_id": owner[i], "title": "ERP", "stage": "won",
                         "probability": 100, "amount": Decimal(300000), "currency": "CNY", "created_at": NOW,
                         "updated_at": NOW} for i in owner])
        high = set(rng.sample(sorted(owner), round(customers * high_percent / 100)))
        touches, invoices = [], []
        for i in owner:
            for day in range(0, 120, 7):
                at = NOW - timedelta(days=day + rng.random())
                touches.append({"customer_id": i, "author_id": owner[i], "channel": "call", "occurred_at": at,
                                "summary": "went through the plan", "source": "text", "created_at": at})
            if i in high:
                at = NOW - timedelta(days=1.5)
                touches += [{"customer_id": i, "author_id": owner[i], "channel": "call", "occurred_at": at,
                             "summary": summary, "source": "text", "created_at": at}
                            for summary in ("unhappy with support", "mentioned a competitor")]
                due = NOW.date() - timedelta(days=32)
                invoices.append({"number": f"INV-{i}", "customer_id": i, "issue_date": due - timedelta(days=30),
                                 "due_date": due, "net_amount": Decimal(10000), "tax_rate": Decimal(0),
                                 "tax_amount": Decimal(0), "total": Decimal(10000), "paid_amount": Decimal(0),
                                 "currency": "CNY", "status": "issued", "created_by_id": 11, "created_at": NOW})
        _bulk(c, Interaction, touches)
        _bulk(c, Invoice, invoices)
        links = [{"user_id": 11, "token_hash": f"{n:064x}", "created_at": NOW - timedelta(days=3),
                  "expires_at": NOW - timedelta(days=3) + timedelta(minutes=15), "used_at": None}
                 for n in range(old_links)]
        _bulk(c, DashboardLink, links)
        _bulk(c, DashboardSession, [{**{k: v for k, v in link.items() if k not in ("token_hash", "used_at")},
                                     "session_hash": link["token_hash"], "ended_at": None} for link in links])
        print(f"seeded {customers:,} active customers ({len(high):,} high risk), {len(touches):,} interactions, "
              f"{len(invoices):,} overdue invoices, {old_links:,} old dashboard links and sessions")
    engine.dispose()


def timed(label: str, run: Callable[[], Any], repeat: int) -> Any:
    """Wall time, and this process's CPU time (SQLite runs in it; on a busy machine the CPU figure is the steadier)."""
    took, cpu, result = [], [], None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = run()
        took.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    print(f"  {label}: median {percentile(took, 0.5):.0f} ms wall, {percentile(cpu, 0.5):.0f} ms CPU, "
          f"max {max(took):.0f} ms wall ({repeat} runs)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--high", type=float, default=5.0, help="percent of customers at high churn risk")
    parser.add_argument("--old-links", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, private_schema(args.database_url, "churnbench") as url:
        url = url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        seed(url, args.customers, args.high, args.old_links)
        core = CoreGateway(make_session_factory(engine), FixedClock(NOW), Defaults())
        print(f"{url.split(':', 1)[0]}:")
        with core.system() as system:
            found = timed("churn crossings in the last 2 days (one tick)",
                          lambda: churn_crossings.crossed_between(system, NOW - timedelta(days=2), NOW), args.repeat)
            print(f"    {len(found)} crossings")
            scan = Scan(system, core, audience.everyone(system), NotifyConfig())
            timed("the churn rule's due() (with the told-already check)", lambda: list(ChurnRiskRule().due(scan)),
                  args.repeat)
        with core.system() as system:
            purged = timed("dashboard purge", lambda: dashboard_access.purge(system), 1)
            print(f"    purged {purged.links:,} links and {purged.sessions:,} sessions")
        with core.system() as system:
            timed("dashboard purge, nothing to delete (every other tick)", lambda: dashboard_access.purge(system),
                  args.repeat)
        engine.dispose()


if __name__ == "__main__":
    main()
