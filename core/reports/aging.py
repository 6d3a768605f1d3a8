"""Receivables aging (应收账龄): what customers owe by how late it is — current, 1–30, 31–60, 61–90, over 90
days — from `core.services.receivables` (the one place that knows what is owed). Aging is a snapshot at the end of
the period's last day in the asker's timezone: a period that ends before today ("last quarter", 上季度) ages what
was owed at its end against that day (rebuilt from invoice, payment and contract dates); one that holds today,
or none, is today's books. What carries no date (voids, contract cancellations) is read as it stands today, and
the report says so (`undated`)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from core.context import ServiceContext
from core.reports.common import Amounts
from core.reports.period import Period
from core.services import receivables
from core.services.receivables import BUCKETS, UNDATED, Aging


class CustomerAging(BaseModel):
    customer_id: int
    name: str
    buckets: dict[str, Amounts]
    total: Amounts
    overdue: Amounts


class AgingReport(BaseModel):
    period: Period
    as_of: date
    # Set when `as_of` is a past day: what that day's figures take as it stands today (none of it is dated).
    undated: tuple[str, ...] = ()
    buckets: tuple[str, ...] = BUCKETS
    total: dict[str, Amounts]
    customers: list[CustomerAging]

    @property
    def empty(self) -> bool:
        return not self.customers


def _view(aging: Aging) -> CustomerAging:
    assert aging.key is not None
    return CustomerAging(customer_id=aging.key, name=aging.name, buckets=dict(aging.buckets), total=aging.total(),
                         overdue=aging.overdue())


def receivables_aging(ctx: ServiceContext, period: Period, *, customer_id: int | None = None) -> AgingReport:
    day, as_of = receivables.as_of_day(ctx, period.end)
    found = receivables.by_customer(ctx, customer_id=customer_id, today=day, as_of=as_of)
    whole = receivables.totals(found)
    return AgingReport(period=period, as_of=day, undated=UNDATED if as_of is not None else (),
                       total=dict(whole.buckets), customers=[_view(a) for a in found])
