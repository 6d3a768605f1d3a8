"""Customer lifetime value (客户生命周期价值): what a customer has paid us plus what its open deals are expected
to bring.

- historical = payments received from the customer in the period (all time when the period is "all time");
- expected = its open pipeline weighted by win probability (amount × probability, today's deals);
- value = historical + expected, per currency (never converted).
Customers the actor may read the money and deals of; largest value (in the team's currency) first."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import func, select

from core.context import ServiceContext
from core.models import OPEN_STAGES, Customer, Deal, Payment
from core.reports.common import Amounts, add, main_amount, merged
from core.reports.period import Period
from core.scoping import CUSTOMER_NAMES


class CustomerValue(BaseModel):
    customer_id: int
    name: str
    received: Amounts
    expected: Amounts
    open_deals: int

    @property
    def value(self) -> Amounts:
        return merged(self.received, self.expected)


class LifetimeValue(BaseModel):
    period: Period
    currency: str
    customers: list[CustomerValue]

    @property
    def empty(self) -> bool:
        return not self.customers


def customer_value(ctx: ServiceContext, period: Period, *, customer_id: int | None = None,
                   limit: int = 20) -> LifetimeValue:
    paid = (select(Payment.customer_id, Payment.currency, func.sum(Payment.amount))
            .where(Payment.received_on.between(period.start, period.end))
            .group_by(Payment.customer_id, Payment.currency))
    pipeline = (select(Deal.customer_id, Deal.currency, func.sum(Deal.amount * Deal.probability) / 100,
                       func.count(Deal.id))
                .where(Deal.stage.in_(OPEN_STAGES)).group_by(Deal.customer_id, Deal.currency))
    if customer_id is not None:
        paid = paid.where(Payment.customer_id == customer_id)
        pipeline = pipeline.where(Deal.customer_id == customer_id)
    received: dict[int, Amounts] = {}
    expected: dict[int, Amounts] = {}
    open_deals: dict[int, int] = {}
    for customer, currency, total in ctx.session.execute(paid).all():
        add(received.setdefault(customer, {}), currency, total)
    for customer, currency, value, count in ctx.session.execute(pipeline).all():
        add(expected.setdefault(customer, {}), currency, value or 0)
        open_deals[customer] = open_deals.get(customer, 0) + int(count)
    ids = set(received) | set(expected)
    names = {row.id: row.name for row in ctx.session.execute(
        select(Customer.id, Customer.name).where(Customer.id.in_(ids)).execution_options(**CUSTOMER_NAMES))}
    currency = ctx.defaults.currency
    found = [CustomerValue(customer_id=c, name=names.get(c, ""), received=received.get(c, {}),
                           expected=expected.get(c, {}), open_deals=open_deals.get(c, 0)) for c in ids]
    found.sort(key=lambda v: (-main_amount(v.value, currency), -sum(v.value.values(), Decimal(0)), v.name))
    return LifetimeValue(period=period, currency=currency, customers=found[:limit])
