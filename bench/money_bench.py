"""Receivables aging and project profitability over 100,000 invoices and 100,000 payments: milliseconds per query,
through the real services and each reader's scoped session (finance: everyone; a manager: the team; a rep: own).

    python bench/money_bench.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/money_bench.py                     # SQLite in a temp dir (smaller numbers are fine there too)

Seeded with bulk inserts (not the services: the point is the read path). Goal on PostgreSQL: each query < 300 ms.
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
from core.clock import FixedClock
from core.context import CoreGateway, Defaults
from core.db import make_engine, make_session_factory, upgrade
from core.models import (
    Contract,
    Customer,
    Deal,
    Expense,
    Installment,
    Invoice,
    Payment,
    PaymentAllocation,
    Project,
    Team,
    TimeEntry,
    User,
)
from core.services import payments, profitability, receivables

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)
END_Q3 = date(2026, 9, 30)  # the as-of and period reads: the end of the last quarter
CHUNK = 5000


def _bulk(connection: Any, model: type, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        connection.execute(insert(model), rows[start:start + CHUNK])


def seed(url: str, invoices: int, customers: int, teams: int) -> dict[str, int]:
    """Teams of 8 reps and a manager, one finance user; each customer a signed contract (3 installments), a
    won deal and its project with hours and expenses; `invoices` invoices, as many payments, each allocated."""
    rng = random.Random(7)
    engine = make_engine(url)
    with engine.begin() as c:
        _bulk(c, Team, [{"id": t + 1, "name": f"Team {t + 1}", "created_at": NOW} for t in range(teams)])
        people: list[dict[str, Any]] = []
        for t in range(teams):
            people.append({"id": len(people) + 1, "name": f"Manager {t + 1}", "role": "manager", "team_id": t + 1,
                           "language": "en", "created_at": NOW})
            for r in range(8):
                people.append({"id": len(people) + 1, "name": f"Rep {t + 1}.{r + 1}", "role": "rep",
                               "team_id": t + 1, "language": "en", "created_at": NOW,
                               "cost_rate": Decimal(200 + 10 * r)})
        finance_id = len(people) + 1
        people.append({"id": finance_id, "name": "Finance", "role": "finance", "team_id": None, "language": "en",
                       "created_at": NOW})
        _bulk(c, User, people)
        reps = [p["id"] for p in people if p["role"] == "rep"]
        _bulk(c, Customer, [{"id": i + 1, "name": f"Customer {i + 1}", "name_key": f"customer {i + 1}",
                             "owner_id": reps[i % len(reps)], "status": "active", "created_at": NOW,
                             "updated_at": NOW} for i in range(customers)])
        owner_of = {i + 1: reps[i % len(reps)] for i in range(customers)}
        _bulk(c, Deal, [{"id": i, "customer_id": i, "owner_id": owner_of[i], "title": "ERP", "stage": "won",
                         "probability": 100, "amount": Decimal(300000), "currency": "CNY", "created_at": NOW,
                         "updated_at": NOW} for i in owner_of])
        _bulk(c, Project, [{"id": i, "deal_id": i, "customer_id": i, "owner_id": owner_of[i], "name": f"Project {i}",
                            "currency": "CNY", "status": "active", "created_at": NOW, "updated_at": NOW}
                           for i in owner_of])
        _bulk(c, Contract, [{"id": i, "number": f"HT-{i:06d}", "customer_id": i, "owner_id": owner_of[i],
                             "deal_id": i, "title": "ERP", "amount": Decimal(300000), "currency": "CNY",
                             "status": "signed", "signed_on": TODAY - timedelta(days=rng.randint(30, 400)),
                             "created_at": NOW, "updated_at": NOW} for i in owner_of])
        installments = [{"id": (i - 1) * 3 + s, "contract_id": i, "seq": s, "label": f"Installment {s}",
                         "percent": Decimal(100) / 3, "amount": Decimal(100000),
                         "due_on": TODAY - timedelta(days=rng.randint(-90, 200))}
                        for i in owner_of for s in (1, 2, 3)]
        _bulk(c, Installment, installments)
        invoice_rows, payment_rows, allocations = [], [], []
        for n in range(1, invoices + 1):
            customer = rng.randint(1, customers)
            linked = n <= len(installments) // 2  # half the installments invoiced, the rest of the invoices free
            installment = installments[(n - 1) * 2] if linked else None
            total = Decimal(rng.randint(1000, 200000))
            due = TODAY - timedelta(days=rng.randint(-60, 240))
            invoice_rows.append({"id": n, "number": f"INV-B-{n:07d}", "customer_id": installment["contract_id"]
                                 if installment else customer, "contract_id": installment["contract_id"]
                                 if installment else None, "installment_id": installment["id"] if installment
                                 else None, "issue_date": due - timedelta(days=30), "due_date": due,
                                 "net_amount": total, "tax_rate": Decimal(0), "tax_amount": Decimal(0), "total": total,
                                 "currency": "CNY", "status": "issued", "created_by_id": finance_id,
                                 "created_at": NOW})
            paid = total if rng.random() < 0.6 else (total / 2).quantize(Decimal("0.01"))
            invoice_rows[-1]["paid_amount"] = paid  # as the payments service keeps it
            if paid == total:
                invoice_rows[-1]["status"] = "paid"
            payment_rows.append({"id": n, "customer_id": invoice_rows[-1]["customer_id"], "amount": paid,
                                 "currency": "CNY", "received_on": due, "recorded_by_id": finance_id,
                                 "created_at": NOW})
            allocations.append({"id": n, "payment_id": n, "invoice_id": n, "amount": paid})
        _bulk(c, Invoice, invoice_rows)
        _bulk(c, Payment, payment_rows)
        _bulk(c, PaymentAllocation, allocations)
        _bulk(c, TimeEntry, [{"project_id": rng.randint(1, customers), "user_id": rng.choice(reps),
                              "work_date": TODAY - timedelta(days=rng.randint(0, 300)),
                              "hours": Decimal(rng.randint(1, 8)), "cost_rate": None if rng.random() < 0.5
                              else Decimal(250), "created_at": NOW} for _ in range(invoices)])
        _bulk(c, Expense, [{"project_id": rng.randint(1, customers), "user_id": rng.choice(reps),
                            "spent_on": TODAY, "amount": Decimal(rng.randint(100, 5000)), "description": "travel",
                            "created_at": NOW} for _ in range(invoices // 5)])
        if url.startswith("postgresql"):
            for table in ("invoices", "payments", "payment_allocations", "installments", "time_entries",
                          "project_expenses", "customers", "contracts", "projects"):
                c.execute(text(f"ANALYZE {table}"))
    engine.dispose()
    return {"finance": finance_id, "manager": 1, "rep": 2}


def timed(label: str, run: Callable[[], Any], repeat: int) -> None:
    times = []
    result: Any = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - start) * 1000)
    size = len(result) if hasattr(result, "__len__") else "-"
    print(f"  {label:<44} first {times[0]:7.1f} ms   median {statistics.median(times):7.1f} ms   rows {size}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--teams", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, private_schema(args.database_url, "moneybench") as url:
        url = url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        started = time.perf_counter()
        who = seed(url, args.invoices, args.customers, args.teams)
        print(f"{url.split(':', 1)[0]}: seeded {args.invoices:,} invoices, {args.invoices:,} payments, "
              f"{args.invoices:,} time entries, {args.customers:,} customers/contracts/projects "
              f"in {time.perf_counter() - started:.1f} s")
        core = CoreGateway(make_session_factory(engine), FixedClock(NOW), Defaults())
        for role in ("finance", "manager", "rep"):
            print(f"as {role}:")
            with core.reading(who[role]) as ctx:
                timed("receivables.by_customer (aging per customer)", lambda: receivables.by_customer(ctx),
                      args.repeat)
                timed("receivables.by_team (aging per team)", lambda: receivables.by_team(ctx), args.repeat)
                timed("receivables.by_customer as of 2026-09-30", lambda: receivables.by_customer(ctx, as_of=END_Q3),
                      args.repeat)
                timed("profitability.by_project (20 lowest margins)", lambda: profitability.by_project(ctx),
                      args.repeat)
                timed("profitability.by_project over Q3 2026",
                      lambda: profitability.by_project(ctx, between=(date(2026, 7, 1), END_Q3)), args.repeat)
                timed("payments.open_items (one customer)", lambda: payments.open_items(ctx, 1), args.repeat)
        engine.dispose()


if __name__ == "__main__":
    main()
