"""Receivables aging (应收账龄): what customers owe by how late it is — current, 1–30, 31–60, 61–90, over 90
days — from `core.services.receivables` (the one place that knows what is owed). Aging is a snapshot as of
today in the asker's timezone: the period names the report only (what was owed on a past day is not kept)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from core.context import ServiceContext
from core.reports.common import Amounts
from core.reports.period import Period
from core.services import receivables
from core.services.receivables import BUCKETS, Aging


class CustomerAging(BaseModel):
    customer_id: int
    name: str
    buckets: dict[str, Amounts]
    total: Amounts
    overdue: Amounts


class AgingReport(BaseModel):
    period: Period
    as_of: date
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
    today = receivables.today_of(ctx)
    found = receivables.by_customer(ctx, customer_id=customer_id, today=today)
    whole = receivables.totals(found)
    return AgingReport(period=period, as_of=today, total=dict(whole.buckets), customers=[_view(a) for a in found])
