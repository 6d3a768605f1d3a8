"""Builders for the money tests: a customer with a signed contract (the contracts helper's services are not
needed: the rows are written directly, through the owner's scoped session)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from core.context import CoreGateway
from core.models import Contract
from core.services import customers, payment_plans

NUMBERS = itertools.count(1)


def customer(core: CoreGateway, owner: int, name: str) -> int:
    with core.unit(owner) as ctx:
        found = customers.find_exact(ctx, name)
        return found[0].id if found else customers.create(ctx, name).id


def signed_contract(core: CoreGateway, owner: int, customer_name: str, amount: str = "500000", *,
                    plan: str | None = None, signed_on: date = date(2026, 9, 1), status: str = "signed",
                    deal_id: int | None = None, currency: str = "CNY") -> int:
    customer_id = customer(core, owner, customer_name)
    with core.unit(owner) as ctx:
        row = Contract(number=f"HT-{next(NUMBERS):04d}", customer_id=customer_id, owner_id=owner, title="ERP rollout",
                       amount=Decimal(amount), currency=currency, status=status, signed_on=signed_on,
                       deal_id=deal_id, created_at=ctx.now(), updated_at=ctx.now())
        ctx.session.add(row)
        ctx.session.flush()
        if plan is not None:
            payment_plans.attach(ctx, row.id, plan)
        return row.id
