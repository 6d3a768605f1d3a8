"""Reports in the permission matrix: each report counts the owner's rows exactly when the actor may read them.

Each owner gets a customer with a deal in a currency of their own (Alice AAL, Bob BOB, Carol CAR) that stayed
1, 2 or 4 days in lead before moving to proposal (closing in ten days), and a deal won today in that currency: the
aggregate reports (funnel, forecast, win rate) show whose deals they counted by currency, the cycle time by the
days it adds up."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from importlib import import_module
from itertools import combinations

from core.clock import FixedClock
from core.context import CoreGateway
from core.reports import Period, default_period
from core.services import customers, deals
from core.services.deals import DealChanges
from core.timeutil import local_today
from tests.integration.matrix_world import OWNERS, Probe, World, _b

funnels, win_rates, cycle, forecasts, ranking, profit, lifetime_value, aging, closed = (
    import_module(f"core.reports.{name}") for name in (
        "funnels", "win_rates", "cycle", "forecasts", "ranking", "profit", "lifetime_value", "aging", "closed"))
MODULES = (funnels, win_rates, cycle, forecasts, ranking, profit, lifetime_value, aging, closed)
CURRENCY = {"Alice": "AAL", "Bob": "BOB", "Carol": "CAR"}
STAY_DAYS = {"Alice": 1, "Bob": 2, "Carol": 4}  # every subset has its own sum


def _today(c: object) -> date:
    return local_today(c.now(), c.actor.timezone)  # type: ignore[attr-defined]


def _period(c: object, kind: str) -> Period:
    return default_period(kind, _today(c))  # type: ignore[arg-type]


def seed(core: CoreGateway, world: World) -> None:
    clock = core.clock
    assert isinstance(clock, FixedClock)
    now = clock.now()
    for owner in OWNERS:
        book, owner_id = world.books[owner], world.ids[owner]
        clock.set(now - timedelta(days=10))
        with core.unit(owner_id) as ctx:
            # A customer of their own: the other probes' customers keep their one open deal and one win.
            book.extra["report_customer"] = customer = customers.create(ctx, f"{owner} Reports Co").id
            deal = deals.create(ctx, customer, "Report deal", amount=Decimal(700), currency=CURRENCY[owner],
                                close_date=_today(ctx) + timedelta(days=10))
        clock.set(now - timedelta(days=10 - STAY_DAYS[owner]))
        with core.unit(owner_id) as ctx:
            deals.update(ctx, deal.id, DealChanges(stage="proposal"))
        clock.set(now)
        with core.unit(owner_id) as ctx:
            deals.create(ctx, customer, "Report win", amount=Decimal(3), currency=CURRENCY[owner], stage="won")


def _stayed(days: Decimal | None, stays: int) -> set[str]:
    total = round((days or 0) * stays)
    for size in range(len(STAY_DAYS) + 1):
        for subset in combinations(STAY_DAYS, size):
            if sum(STAY_DAYS[o] for o in subset) == total:
                return set(subset)
    raise AssertionError(f"no set of stays adds up to {total} days")


PROBES = [
    Probe(funnels.funnel, "list", lambda c, w, o: funnels.funnel(c, _period(c, "funnel")),
          lambda r, w, o: CURRENCY[o] in r.stages[0].amounts),
    Probe(win_rates.win_rate, "list", lambda c, w, o: win_rates.win_rate(c, _period(c, "win_rate")),
          lambda r, w, o: CURRENCY[o] in r.total.won_amounts),
    Probe(cycle.cycle_time, "list", lambda c, w, o: cycle.cycle_time(c, _period(c, "cycle")),
          lambda r, w, o: o in _stayed(r.stages[0].average_days, r.stages[0].stays)),
    Probe(forecasts.forecast, "list", lambda c, w, o: forecasts.forecast(c, _period(c, "forecast")),
          lambda r, w, o: CURRENCY[o] in r.best_case),
    Probe(ranking.team_ranking, "list", lambda c, w, o: ranking.team_ranking(c, _period(c, "ranking")),
          lambda r, w, o: any(rep.user_id == w.ids[o] for rep in r.reps)),
    Probe(closed.closed_in, "list", lambda c, w, o: closed.closed_in(c, _period(c, "win_rate")),
          lambda r, w, o: any(d.owner_id == w.ids[o] for d in r)),
    Probe(profit.profit_margin, "list", lambda c, w, o: profit.profit_margin(c, _period(c, "profit"), limit=100),
          lambda r, w, o: any(p.project_id == _b(w, o).extra["money_project"] for p in r.projects)),
    Probe(lifetime_value.customer_value, "list",
          lambda c, w, o: lifetime_value.customer_value(c, _period(c, "clv"), limit=100),
          lambda r, w, o: any(v.customer_id == _b(w, o).customer for v in r.customers)),
    Probe(aging.receivables_aging, "list", lambda c, w, o: aging.receivables_aging(c, _period(c, "aging")),
          lambda r, w, o: any(a.customer_id == _b(w, o).customer for a in r.customers)),
]
