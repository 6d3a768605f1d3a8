"""Project profitability (项目利润): the contract's revenue against what the project cost → margin.

Revenue is the amount of the project's deal's contracts (cancelled and rejected ones left out). Cost is every
hour logged × the cost rate recorded with it (the rate when the hours were logged), falling back to the user's
current cost rate, plus the project's expenses. Hours with no rate at all are counted and reported, not priced
at zero silently. All sums are SQL aggregates over the actor's scoped session.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import case, func, select

from core.context import ServiceContext
from core.models import Contract, Expense, Project, TimeEntry, User
from core.money_plan_text import CENT

DEAD_CONTRACTS = ("rejected", "cancelled")


@dataclass(frozen=True)
class Profitability:
    project_id: int
    name: str
    customer_id: int
    currency: str
    revenue: Decimal
    labour: Decimal
    expenses: Decimal
    hours: Decimal
    unpriced_hours: Decimal

    @property
    def cost(self) -> Decimal:
        return self.labour + self.expenses

    @property
    def margin(self) -> Decimal:
        return self.revenue - self.cost

    @property
    def margin_percent(self) -> Decimal | None:
        if self.revenue <= 0:
            return None
        return (self.margin * 100 / self.revenue).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _dec(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def by_project(ctx: ServiceContext, *, project_id: int | None = None, customer_id: int | None = None,
               limit: int = 20) -> list[Profitability]:
    """Profitability of the projects the actor reads, lowest margin first."""
    rate = func.coalesce(TimeEntry.cost_rate, User.cost_rate)
    labour = (select(TimeEntry.project_id.label("project_id"),
                     func.sum(TimeEntry.hours * func.coalesce(rate, 0)).label("labour"),
                     func.sum(TimeEntry.hours).label("hours"),
                     func.sum(case((rate.is_(None), TimeEntry.hours), else_=0)).label("unpriced"))
              .join(User, User.id == TimeEntry.user_id).group_by(TimeEntry.project_id).subquery())
    spent = (select(Expense.project_id.label("project_id"), func.sum(Expense.amount).label("expenses"))
             .group_by(Expense.project_id).subquery())
    revenue = (select(Contract.deal_id.label("deal_id"), func.sum(Contract.amount).label("revenue"))
               .where(Contract.deal_id.is_not(None), Contract.status.not_in(DEAD_CONTRACTS))
               .group_by(Contract.deal_id).subquery())
    margin = (func.coalesce(revenue.c.revenue, 0) - func.coalesce(labour.c.labour, 0)
              - func.coalesce(spent.c.expenses, 0))
    query = (select(Project.id, Project.name, Project.customer_id, Project.currency, revenue.c.revenue,
                    labour.c.labour, spent.c.expenses, labour.c.hours, labour.c.unpriced)
             .outerjoin(labour, labour.c.project_id == Project.id)
             .outerjoin(spent, spent.c.project_id == Project.id)
             .outerjoin(revenue, revenue.c.deal_id == Project.deal_id))
    if project_id is not None:
        query = query.where(Project.id == project_id)
    if customer_id is not None:
        query = query.where(Project.customer_id == customer_id)
    query = query.order_by(margin, Project.id).limit(limit)
    return [Profitability(row[0], row[1], row[2], row[3], _dec(row[4]), _dec(row[5]), _dec(row[6]),
                          Decimal(row[7] or 0), Decimal(row[8] or 0))
            for row in ctx.session.execute(query).all()]
