"""Project profit margin (项目利润率): each project's contract revenue against its cost (hours × cost rate, plus
expenses), from `core.services.profitability` — the one place that prices a project. Margins are over each
project's life to date: the period names the report, it does not cut the books (hours and expenses before it
count). Lowest margin first, so the projects that need a look lead."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

from core.context import ServiceContext
from core.reports.period import Period
from core.services import profitability


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
    projects: list[ProjectMargin]

    @property
    def empty(self) -> bool:
        return not self.projects


def profit_margin(ctx: ServiceContext, period: Period, *, customer_id: int | None = None,
                  limit: int = 20) -> ProfitReport:
    rows = profitability.by_project(ctx, customer_id=customer_id, limit=limit)
    return ProfitReport(period=period, projects=[
        ProjectMargin(project_id=p.project_id, name=p.name, customer_id=p.customer_id, currency=p.currency,
                      revenue=p.revenue, labour=p.labour, expenses=p.expenses, cost=p.cost, margin=p.margin,
                      margin_percent=p.margin_percent, unpriced_hours=p.unpriced_hours)
        for p in rows])
