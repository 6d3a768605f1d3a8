"""The reports' world, written through the real services with the clock moved to each moment (Asia/Shanghai).

Team East: Alice and Bob (reps), Mia (manager). Team North: Carol (rep). Fay (finance), Root (admin).

| deal | owner | customer | amount | history (2026, Shanghai time 10:00) | now |
|---|---|---|---|---|---|
| A1 Acme ERP | Alice | Acme | 100,000 | lead 10-05 → qualified 10-10 → proposal 10-20 → won 11-03 | won |
| A2 Acme support | Alice | Acme | 50,000 | lead 10-06 → qualified 10-16 → lost 11-10 | lost |
| A3 Globex rollout | Alice | Globex | 200,000 | proposal 11-01 (50 %), closes 12-15 | open |
| A4 Initech upgrade | Alice | Initech | 80,000 | negotiation 11-02 (75 %), closes 11-28 | open |
| A5 Umbrella pilot | Alice | Umbrella | 40,000 | lead 11-20, probability 80 %, closes 2027-01-10 | open |
| B1 Hooli platform | Bob | Hooli | 300,000 | lead 10-08 → won 11-12 | won |
| B2 Stark audit | Bob | Stark | 60,000 | qualified 11-05 (25 %), closes 12-20 | open |
| C1 Wayne campus | Carol | Wayne | 500,000 | lead 10-09 → won 11-15 | won |

Interactions: Alice 3 in November, Bob 1 in November and 1 in October, Carol 2 in November.
Money: Acme's contract (500,000, on A1, signed 09-01, plan 30 % 09-01 / 60 % 10-15 / 10 % 2027-01-31); Acme paid
20,000 on 2026-09-10 (which invoiced the first part that day) and 50,000 on 2026-11-25; A1's project has 120,000
of expenses (11-01). Today is 2026-11-25.

`add_dated_books` (the as-of reports) adds: Alice's hours on A1's project, 10 h on 10-20 and 4 h on 11-10 at
500 an hour; Hooli invoices of 100,000 (issued 09-05, due 09-20, paid in full 10-20) and 20,000 (issued 10-05,
due 11-04, paid in full 11-20) — so Hooli owes nothing today but owed on 09-30 and 10-31.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.clock import FixedClock
from core.context import CoreGateway
from core.models import Expense, Project, TimeEntry
from core.services import customers, deals, interactions, invoices, payments
from core.services.deals import DealChanges
from tests.conftest import NOW
from tests.factories import add_user
from tests.integration.money_support import signed_contract

SHANGHAI = ZoneInfo("Asia/Shanghai")
PLAN = "30% on 2026-09-01, 60% on 2026-10-15, 10% on 2027-01-31"


def at(month: int, day: int, year: int = 2026, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=SHANGHAI)


@dataclass
class ReportWorld:
    ids: dict[str, int]
    deals: dict[str, int]
    customers: dict[str, int]


def build(core: CoreGateway, clock: FixedClock, *, chinese: tuple[str, ...] = ()) -> ReportWorld:
    """The world above; the people in `chinese` speak Chinese."""
    people = {"Alice": ("rep", "East"), "Bob": ("rep", "East"), "Mia": ("manager", "East"),
              "Carol": ("rep", "North"), "Fay": ("finance", None), "Root": ("admin", None)}
    ids = {name: add_user(core, name, role=role, team=team, tz="Asia/Shanghai",
                          lang="zh" if name in chinese else "en").id
           for name, (role, team) in people.items()}
    world = ReportWorld(ids, {}, {})

    def customer(owner: str, name: str) -> int:
        if name not in world.customers:
            clock.set(at(9, 1))
            with core.unit(ids[owner]) as ctx:
                world.customers[name] = customers.create(ctx, name).id
        return world.customers[name]

    def deal(key: str, owner: str, name: str, title: str, amount: int, when: datetime, *, stage: str = "lead",
             probability: int | None = None, close: date | None = None) -> None:
        customer_id = customer(owner, name)
        clock.set(when)
        with core.unit(ids[owner]) as ctx:
            world.deals[key] = deals.create(ctx, customer_id, title, amount=Decimal(amount), stage=stage,
                                            probability=probability, close_date=close).id

    def move(key: str, owner: str, stage: str, when: datetime) -> None:
        clock.set(when)
        with core.unit(ids[owner]) as ctx:
            deals.update(ctx, world.deals[key], DealChanges(stage=stage))

    deal("A1", "Alice", "Acme", "Acme ERP", 100_000, at(10, 5))
    deal("A2", "Alice", "Acme", "Acme support", 50_000, at(10, 6))
    deal("B1", "Bob", "Hooli", "Hooli platform", 300_000, at(10, 8))
    deal("C1", "Carol", "Wayne", "Wayne campus", 500_000, at(10, 9))
    move("A1", "Alice", "qualified", at(10, 10))
    move("A2", "Alice", "qualified", at(10, 16))
    move("A1", "Alice", "proposal", at(10, 20))
    deal("A3", "Alice", "Globex", "Globex rollout", 200_000, at(11, 1), stage="proposal", close=date(2026, 12, 15))
    deal("A4", "Alice", "Initech", "Initech upgrade", 80_000, at(11, 2), stage="negotiation",
         close=date(2026, 11, 28))
    move("A1", "Alice", "won", at(11, 3))
    deal("B2", "Bob", "Stark", "Stark audit", 60_000, at(11, 5), stage="qualified", close=date(2026, 12, 20))
    move("A2", "Alice", "lost", at(11, 10))
    move("B1", "Bob", "won", at(11, 12))
    move("C1", "Carol", "won", at(11, 15))
    deal("A5", "Alice", "Umbrella", "Umbrella pilot", 40_000, at(11, 20), probability=80, close=date(2027, 1, 10))

    for owner, name, moments in (("Alice", "Acme", (at(11, 4), at(11, 11), at(11, 21))),
                                 ("Bob", "Hooli", (at(10, 30), at(11, 6))),
                                 ("Carol", "Wayne", (at(11, 7), at(11, 8)))):
        clock.set(at(11, 24))
        with core.unit(ids[owner]) as ctx:
            for moment in moments:
                interactions.log(ctx, customer(owner, name), channel="visit", summary="catch-up", occurred_at=moment)

    clock.set(NOW)
    signed_contract(core, ids["Alice"], "Acme", "500000", plan=PLAN, deal_id=world.deals["A1"])
    with core.unit(ids["Alice"]) as ctx:
        payments.record(ctx, world.customers["Acme"], Decimal(20_000), received_on=date(2026, 9, 10))
        payments.record(ctx, world.customers["Acme"], Decimal(50_000), received_on=date(2026, 11, 25))
        project = ctx.session.query(Project).filter(Project.deal_id == world.deals["A1"]).one()
        ctx.session.add(Expense(project_id=project.id, user_id=ids["Alice"], spent_on=date(2026, 11, 1),
                                amount=Decimal(120_000), description="servers", created_at=ctx.now()))
    return world


def add_dated_books(core: CoreGateway, world: ReportWorld) -> None:
    """Hours in and out of a quarter, and Hooli invoices settled after the end of September and of October."""
    with core.unit(world.ids["Alice"]) as ctx:
        project = ctx.session.query(Project).filter(Project.deal_id == world.deals["A1"]).one()
        for day, hours in ((date(2026, 10, 20), 10), (date(2026, 11, 10), 4)):
            ctx.session.add(TimeEntry(project_id=project.id, user_id=world.ids["Alice"], work_date=day,
                                      hours=Decimal(hours), cost_rate=Decimal(500), created_at=ctx.now()))
    hooli = world.customers["Hooli"]
    with core.unit(world.ids["Bob"]) as ctx:
        invoices.create(ctx, hooli, amount=Decimal(100_000), issue_date=date(2026, 9, 5), due_date=date(2026, 9, 20))
        invoices.create(ctx, hooli, amount=Decimal(20_000), issue_date=date(2026, 10, 5), due_date=date(2026, 11, 4))
        payments.record(ctx, hooli, Decimal(100_000), received_on=date(2026, 10, 20))
        payments.record(ctx, hooli, Decimal(20_000), received_on=date(2026, 11, 20))
