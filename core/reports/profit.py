"""Project profit margin (项目利润率): each project's contract revenue against its cost (hours × cost rate, plus
expenses), from `core.services.profitability` — the one place that prices a project. Unnamed (all time to today),
margins are over each project's life to date. A named period cuts the books: hours worked and expenses spent in it,
against the contract revenue that fell due in it under the payment plan (see the service); projects with nothing
in it are left out. Lowest margin first, so the projects that need a look lead."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

from core.context import ServiceContext
from core.reports.period import Period
from core.services import profitability
from core.timeutil import local_today


class ProjectMargin(BaseModel):
    project_id: int
    name: str
    customer_id: int
    currency: str
    revenue: Decimal
    labour: Decimal
    expenses: Decimal
    cost: Decimal
    margin: Decimal
    margin_percent: Decimal | None  # None while the project has no contract revenue
    unpriced_hours: Decimal


class ProfitReport(BaseModel):
    period: Period
    # True for all time up to today (each project's life to date); else the figures are the period's alone.
    life_to_date: bool
    projects: list[ProjectMargin]

    @property
    def empty(self) -> bool:
        return not self.projects


def profit_margin(ctx: ServiceContext, period: Period, *, customer_id: int | None = None,
                  limit: int = 20) -> ProfitReport:
    # All time up to today (the default) is each project's life; any other days cut the books to themselves.
    life = period.all_time and period.end >= local_today(ctx.now(), ctx.actor.timezone)
    between = None if life else (period.start, period.end)
    rows = profitability.by_project(ctx, customer_id=customer_id, limit=limit, between=between)
    return ProfitReport(period=period, life_to_date=between is None, projects=[
        ProjectMargin(project_id=p.project_id, name=p.name, customer_id=p.customer_id, currency=p.currency,
                      revenue=p.revenue, labour=p.labour, expenses=p.expenses, cost=p.cost, margin=p.margin,
                      margin_percent=p.margin_percent, unpriced_hours=p.unpriced_hours)
        for p in rows])
