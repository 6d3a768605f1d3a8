"""Project profitability (项目利润): the contract's revenue against what the project cost → margin.

Revenue is the amount of the project's deal's contracts (cancelled and rejected ones left out). Cost is every
hour logged × the cost rate recorded with it (the rate when the hours were logged), falling back to the user's
current cost rate, plus the project's expenses. Hours with no rate at all are counted and reported, not priced
at zero silently. All sums are SQL aggregates over the actor's scoped session.

For a period (`between`, first and last day inclusive) the books are cut by date: hours worked (work date) and
expenses spent in it, against the contract revenue that fell due in it under the payment plan — an installment on
its due day, a milestone's on the day the milestone was done (the day receivables counts it owed), a contract
with no plan its whole amount on the day it was signed. Over a project's whole life those add up to the contract
amounts the life-to-date margin uses. Projects with nothing in the period are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import and_, case, func, or_, select, union_all

from core.context import ServiceContext
from core.models import Contract, Expense, Installment, Project, ProjectTask, TimeEntry, User
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


def _revenue(between: tuple[date, date] | None) -> Any:
    """Revenue per deal: its live contracts' amounts, or what of them fell due within `between`."""
    live = [Contract.deal_id.is_not(None), Contract.status.not_in(DEAD_CONTRACTS)]
    if between is None:
        return (select(Contract.deal_id.label("deal_id"), func.sum(Contract.amount).label("revenue"))
                .where(*live).group_by(Contract.deal_id).subquery())
    first, last = between
    due = func.coalesce(Installment.due_on, ProjectTask.done_on)
    planned = (select(Contract.deal_id.label("deal_id"), Installment.amount.label("amount"))
               .select_from(Installment).join(Contract, Contract.id == Installment.contract_id)
               .outerjoin(ProjectTask, and_(ProjectTask.id == Installment.milestone_task_id,
                                            ProjectTask.status == "done"))
               .where(*live, due >= first, due <= last))
    unplanned = (select(Contract.deal_id.label("deal_id"), Contract.amount.label("amount"))
                 .where(*live, Contract.signed_on >= first, Contract.signed_on <= last,
                        Contract.id.not_in(select(Installment.contract_id))))
    dated = union_all(planned, unplanned).subquery()
    return (select(dated.c.deal_id, func.sum(dated.c.amount).label("revenue"))
            .group_by(dated.c.deal_id).subquery())


def by_project(ctx: ServiceContext, *, project_id: int | None = None, customer_id: int | None = None,
               limit: int = 20, between: tuple[date, date] | None = None) -> list[Profitability]:
    """Profitability of the projects the actor reads, lowest margin first: over each project's life, or, with
    `between` (first and last day), of what was worked, spent and due in those days."""
    worked: list[Any] = []
    spent_in: list[Any] = []
    if between is not None:
        worked = [TimeEntry.work_date >= between[0], TimeEntry.work_date <= between[1]]
        spent_in = [Expense.spent_on >= between[0], Expense.spent_on <= between[1]]
    rate = func.coalesce(TimeEntry.cost_rate, User.cost_rate)
    labour = (select(TimeEntry.project_id.label("project_id"),
                     func.sum(TimeEntry.hours * func.coalesce(rate, 0)).label("labour"),
                     func.sum(TimeEntry.hours).label("hours"),
                     func.sum(case((rate.is_(None), TimeEntry.hours), else_=0)).label("unpriced"))
              .join(User, User.id == TimeEntry.user_id).where(*worked).group_by(TimeEntry.project_id).subquery())
    spent = (select(Expense.project_id.label("project_id"), func.sum(Expense.amount).label("expenses"))
             .where(*spent_in).group_by(Expense.project_id).subquery())
    revenue = _revenue(between)
    margin = (func.coalesce(revenue.c.revenue, 0) - func.coalesce(labour.c.labour, 0)
              - func.coalesce(spent.c.expenses, 0))
    query = (select(Project.id, Project.name, Project.customer_id, Project.currency, revenue.c.revenue,
                    labour.c.labour, spent.c.expenses, labour.c.hours, labour.c.unpriced)
             .outerjoin(labour, labour.c.project_id == Project.id)
             .outerjoin(spent, spent.c.project_id == Project.id)
             .outerjoin(revenue, revenue.c.deal_id == Project.deal_id))
    if between is not None:
        query = query.where(or_(labour.c.project_id.is_not(None), spent.c.project_id.is_not(None),
                                revenue.c.deal_id.is_not(None)))
    if project_id is not None:
        query = query.where(Project.id == project_id)
    if customer_id is not None:
        query = query.where(Project.customer_id == customer_id)
    query = query.order_by(margin, Project.id).limit(limit)
    return [Profitability(row[0], row[1], row[2], row[3], _dec(row[4]), _dec(row[5]), _dec(row[6]),
                          Decimal(row[7] or 0), Decimal(row[8] or 0))
            for row in ctx.session.execute(query).all()]
