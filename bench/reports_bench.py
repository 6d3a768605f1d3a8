"""Every sales report over 100,000 deals (with their stage history, ~2.6 changes each), 50,000 interactions and
20,000 payments: milliseconds per report through `core.reports` and each reader's scoped session (admin:
everyone; a manager: the team; a rep: own). Periods are the reports' defaults, plus the funnel over a whole year.

    python bench/reports_bench.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/reports_bench.py                   # SQLite in a temp dir

Seeded with bulk inserts (the read path is the point). Goal on PostgreSQL: the funnel < 200 ms.
Prints numbers; never part of the pass/fail run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the repo's packages

from bench.common import private_schema
from core import reports
from core.clock import FixedClock
from core.context import CoreGateway, Defaults
from core.db import make_engine, make_session_factory, upgrade
from core.models import (
    OPEN_STAGES,
    STAGE_PROBABILITY,
    Customer,
    Deal,
    DealStageChange,
    Interaction,
    Payment,
    Team,
    User,
)
from core.reports import Period

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)
CHUNK = 5000
PATH = (*OPEN_STAGES, "won")


def _bulk(connection: Any, model: type, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        connection.execute(insert(model), rows[start:start + CHUNK])


def seed(url: str, deals: int, customers: int, teams: int) -> dict[str, int]:
    """Teams of 8 reps and a manager, one admin; deals created over the past 400 days, each walked some way along
    the stages (a quarter lost on the way), a close date for the open ones; interactions and payments."""
    rng = random.Random(11)
    engine = make_engine(url)
    with engine.begin() as c:
        _bulk(c, Team, [{"id": t + 1, "name": f"Team {t + 1}", "created_at": NOW} for t in range(teams)])
        people: list[dict[str, Any]] = []
        for t in range(teams):
            people.append({"id": len(people) + 1, "name": f"Manager {t + 1}", "role": "manager", "team_id": t + 1,
                           "language": "en", "created_at": NOW})
            people += [{"id": len(people) + 1 + r, "name": f"Rep {t + 1}.{r + 1}", "role": "rep", "team_id": t + 1,
                        "language": "en", "created_at": NOW} for r in range(8)]
        admin = len(people) + 1
        people.append({"id": admin, "name": "Admin", "role": "admin", "team_id": None, "language": "en",
                       "created_at": NOW})
        _bulk(c, User, people)
        reps = [p["id"] for p in people if p["role"] == "rep"]
        _bulk(c, Customer, [{"id": i + 1, "name": f"Customer {i + 1}", "name_key": f"customer {i + 1}",
                             "owner_id": reps[i % len(reps)], "status": "active", "created_at": NOW,
                             "updated_at": NOW} for i in range(customers)])
        deal_rows, changes = [], []
        for n in range(1, deals + 1):
            customer = rng.randint(1, customers)
            owner = reps[(customer - 1) % len(reps)]
            created = NOW - timedelta(days=rng.uniform(0, 400))
            furthest = rng.randint(0, len(PATH) - 1)
            lost = furthest < len(PATH) - 1 and rng.random() < 0.25
            at, previous = created, None
            for stage in PATH[:furthest + 1]:
                changes.append({"deal_id": n, "from_stage": previous, "to_stage": stage, "changed_by_id": owner,
                                "changed_at": at})
                previous, at = stage, at + timedelta(days=rng.uniform(1, 30))
            if lost:
                changes.append({"deal_id": n, "from_stage": previous, "to_stage": "lost", "changed_by_id": owner,
                                "changed_at": at})
            stage = "lost" if lost else PATH[furthest]
            deal_rows.append({"id": n, "customer_id": customer, "owner_id": owner, "title": f"Deal {n}",
                              "amount": Decimal(rng.randint(10, 2000) * 1000), "currency": "CNY", "stage": stage,
                              "probability": STAGE_PROBABILITY[stage],
                              "expected_close_date": TODAY + timedelta(days=rng.randint(-30, 120))
                              if stage in OPEN_STAGES else None,
                              "created_at": created, "updated_at": at})
        _bulk(c, Deal, deal_rows)
        _bulk(c, DealStageChange, changes)
        _bulk(c, Interaction, [{"customer_id": (customer := rng.randint(1, customers)),
                                "author_id": reps[(customer - 1) % len(reps)], "channel": "visit",
                                "occurred_at": NOW - timedelta(days=rng.uniform(0, 120)), "summary": "visit",
                                "source": "text", "created_at": NOW} for _ in range(deals // 2)])
        _bulk(c, Payment, [{"customer_id": rng.randint(1, customers), "amount": Decimal(rng.randint(1, 500) * 1000),
                            "currency": "CNY", "received_on": TODAY - timedelta(days=rng.randint(0, 700)),
                            "recorded_by_id": admin, "created_at": NOW} for _ in range(deals // 5)])
        if url.startswith("postgresql"):
            for table in ("deals", "deal_stage_changes", "interactions", "payments", "customers", "users"):
                c.execute(text(f"ANALYZE {table}"))
    engine.dispose()
    print(f"  {len(changes):,} stage changes")
    return {"admin": admin, "manager": 1, "rep": 2}


def timed(label: str, run: Callable[[], Any], repeat: int) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    print(f"  {label:<34} first {times[0]:7.1f} ms   median {statistics.median(times):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=5_000)
    parser.add_argument("--teams", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=None, help="these reports only (funnel, win_rate, …)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, private_schema(args.database_url, "reportbench") as url:
        url = url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        started = time.perf_counter()
        who = seed(url, args.deals, args.customers, args.teams)
        print(f"{url.split(':', 1)[0]}: seeded {args.deals:,} deals in {time.perf_counter() - started:.1f} s")
        core = CoreGateway(make_session_factory(engine), FixedClock(NOW), Defaults())
        year = Period(start=TODAY - timedelta(days=364), end=TODAY)
        for role in ("admin", "manager", "rep"):
            print(f"as {role}:")
            with core.reading(who[role]) as ctx:
                for kind in [k for k in reports.REPORT_KINDS if args.only is None or k in args.only]:
                    period = reports.default_period(kind, TODAY)
                    run = _REPORTS[kind]
                    timed(f"{kind} ({period.start} – {period.end})", lambda r=run, p=period: r(ctx, p), args.repeat)
                timed("funnel (a whole year)", lambda: reports.funnel(ctx, year), args.repeat)
        engine.dispose()


_REPORTS: dict[str, Callable[[Any, Period], Any]] = {
    "funnel": reports.funnel, "win_rate": reports.win_rate, "cycle": reports.cycle_time,
    "forecast": reports.forecast, "ranking": reports.team_ranking, "profit": reports.profit_margin,
    "clv": reports.customer_value, "aging": reports.receivables_aging,
}

if __name__ == "__main__":
    main()
