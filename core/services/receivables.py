"""Receivables aging (应收账龄): what customers owe, by how long it is overdue — current, 1–30, 31–60, 61–90 and
over 90 days — per customer and per team, in the database (GROUP BY, no rows pulled into Python).

Owed = open invoices (issued, not yet marked paid) minus what was paid on them (`Invoice.paid_amount`), plus the
installments of signed contracts that are due but not invoiced yet (an installment due on a milestone is due
once the milestone is done). Installments due later are not owed yet. Everything is read through the actor's
scoped session: a rep sees their customers' money, a manager their team's, finance everyone's.

As of a past day (`as_of`): the same sums, rebuilt from what carries a date — invoices issued by that day, less
what payments received by then paid on them (the paid amount today, plus back what later payments paid),
installments of contracts signed by then, due by then and not invoiced by then. What carries no date is taken
as it is today (`UNDATED`): a voided invoice or a cancelled contract is left out on every day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from core.context import ServiceContext, SystemContext
from core.models import Contract, Customer, Installment, Invoice, Payment, PaymentAllocation, ProjectTask, Team, User
from core.scoping import CUSTOMER_NAMES
from core.services import payment_plans
from core.timeutil import local_today

BUCKETS = ("current", "1_30", "31_60", "61_90", "90_plus")
# What an as-of-a-past-day aging cannot rebuild (no date is kept for it): it is read as it stands today.
UNDATED = ("invoice_void", "contract_status")


@dataclass
class Aging:
    """Amounts owed per bucket, per currency."""

    key: int | None  # the customer's (or team's) id
    name: str
    buckets: dict[str, dict[str, Decimal]] = field(default_factory=lambda: {b: {} for b in BUCKETS})

    def add(self, bucket: str, currency: str, amount: Decimal) -> None:
        into = self.buckets[bucket]
        into[currency] = into.get(currency, Decimal(0)) + amount

    def total(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for amounts in self.buckets.values():
            for currency, amount in amounts.items():
                out[currency] = out.get(currency, Decimal(0)) + amount
        return out

    def overdue(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for bucket in BUCKETS[1:]:
            for currency, amount in self.buckets[bucket].items():
                out[currency] = out.get(currency, Decimal(0)) + amount
        return out


def bucket_of(due: date, today: date) -> str:
    """The pure rule the SQL below applies (kept for tests and for single items)."""
    late = (today - due).days
    if late <= 0:
        return "current"
    if late <= 30:
        return "1_30"
    if late <= 60:
        return "31_60"
    return "61_90" if late <= 90 else "90_plus"


def _pivot(due: Any, owed: Any, today: date) -> list[Any]:
    """One conditional sum per bucket (rows come back one per customer and currency, buckets side by side).
    Dates are compared with constants (no date arithmetic in SQL, so SQLite and PostgreSQL agree)."""
    edges = [today - timedelta(days=days) for days in (30, 60, 90)]
    conditions = [due >= today, and_(due < today, due >= edges[0]), and_(due < edges[0], due >= edges[1]),
                  and_(due < edges[1], due >= edges[2]), due < edges[2]]
    return [func.sum(case((condition, owed), else_=0)).label(bucket)
            for bucket, condition in zip(BUCKETS, conditions, strict=True)]


def _invoice_rows(ctx: ServiceContext | SystemContext, today: date, group: Any, where: list[Any],
                  as_of: date | None = None) -> list[Any]:
    # Open invoices only ("paid" ones are marked so); what was paid on each is kept on it (paid_amount).
    owed: Any = Invoice.total - Invoice.paid_amount
    live: list[Any] = [Invoice.status == "issued", Invoice.total > Invoice.paid_amount]
    later: Any = None
    if as_of is not None:
        # Owed that day = owed now + what payments received after it paid (an invoice settled since was open).
        later = (select(PaymentAllocation.invoice_id.label("invoice_id"),
                        func.sum(PaymentAllocation.amount).label("paid"))
                 .join(Payment, Payment.id == PaymentAllocation.payment_id).where(Payment.received_on > as_of)
                 .group_by(PaymentAllocation.invoice_id).subquery())
        owed = owed + func.coalesce(later.c.paid, 0)
        # Settled invoices matter only if a later payment settled them (the status index keeps the rest out).
        live = [or_(Invoice.status == "issued", and_(Invoice.status == "paid", later.c.invoice_id.is_not(None))),
                Invoice.issue_date <= as_of, owed > 0]
    query = select(group, Invoice.currency, *_pivot(Invoice.due_date, owed, today)).select_from(Invoice)
    if later is not None:
        query = query.outerjoin(later, later.c.invoice_id == Invoice.id)
    query = (query.join(Customer, Customer.id == Invoice.customer_id).outerjoin(User, User.id == Customer.owner_id)
             .where(*live, *where).group_by(group, Invoice.currency))
    return list(ctx.session.execute(query).all())


def _installment_rows(ctx: ServiceContext | SystemContext, today: date, group: Any, where: list[Any],
                      as_of: date | None = None) -> list[Any]:
    invoiced = select(Invoice.installment_id).where(Invoice.installment_id.is_not(None), Invoice.status != "void")
    signed: list[Any] = []
    if as_of is not None:
        # Invoiced later (a payment invoices what it pays on its day): still an uninvoiced installment that day.
        invoiced = invoiced.where(Invoice.issue_date <= as_of)
        # Signed by then (a signed contract without its day is taken as signed all along: nothing else says when).
        signed = [or_(Contract.signed_on.is_(None), Contract.signed_on <= as_of)]
    due = func.coalesce(Installment.due_on, ProjectTask.done_on)
    query = (select(group, Contract.currency, *_pivot(due, Installment.amount, today))
             .select_from(Installment).join(Contract, Contract.id == Installment.contract_id)
             .outerjoin(ProjectTask, and_(ProjectTask.id == Installment.milestone_task_id,
                                          ProjectTask.status == "done"))
             .join(Customer, Customer.id == Contract.customer_id).outerjoin(User, User.id == Customer.owner_id)
             .where(Contract.status.in_(payment_plans.OWED_STATUSES), Installment.id.not_in(invoiced),
                    or_(Installment.due_on <= today, and_(Installment.due_on.is_(None),
                                                          ProjectTask.done_on <= today)), *signed, *where)
             .group_by(group, Contract.currency))
    return list(ctx.session.execute(query).all())


def _collect(rows: list[Any], names: dict[int | None, str]) -> list[Aging]:
    found: dict[int | None, Aging] = {}
    for key, currency, *amounts in rows:
        for bucket, owed in zip(BUCKETS, amounts, strict=True):
            if owed is not None and owed > 0:
                aging = found.get(key)
                if aging is None:
                    aging = found[key] = Aging(key, names.get(key, ""))
                aging.add(bucket, currency, Decimal(owed))
    ranked = [(-sum(a.overdue().values(), Decimal(0)), -sum(a.total().values(), Decimal(0)), a.name, a)
              for a in found.values()]
    ranked.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in ranked]


def today_of(ctx: ServiceContext | SystemContext, tz: str | None = None) -> date:
    zone = tz or (ctx.actor.timezone if isinstance(ctx, ServiceContext) else ctx.defaults.timezone)
    return local_today(ctx.now(), zone)


def as_of_day(ctx: ServiceContext | SystemContext, last_day: date | None) -> tuple[date, date | None]:
    """The day to age against, and `as_of` for the queries: a day before today is rebuilt from dated rows
    (`as_of` set); today, a later day or none is today's books (`as_of` None, the open-invoice index)."""
    today = today_of(ctx)
    if last_day is None or last_day >= today:
        return today, None
    return last_day, last_day


def by_customer(ctx: ServiceContext | SystemContext, *, customer_id: int | None = None, team_id: int | None = None,
                today: date | None = None, as_of: date | None = None) -> list[Aging]:
    """Aging per customer the actor may read the money of (or one customer, or one team's customers); with
    `as_of`, what was owed at the end of that (past) day, aged against it."""
    day = as_of or today or today_of(ctx)
    where: list[Any] = []
    if customer_id is not None:
        where.append(Customer.id == customer_id)
    if team_id is not None:
        where.append(User.team_id == team_id)
    rows = (_invoice_rows(ctx, day, Customer.id, where, as_of)
            + _installment_rows(ctx, day, Customer.id, where, as_of))
    ids = {row[0] for row in rows}
    names: dict[int | None, str] = {row[0]: row[1] for row in ctx.session.execute(
        select(Customer.id, Customer.name).where(Customer.id.in_(ids)).execution_options(**CUSTOMER_NAMES))}
    return _collect(rows, names)


def by_team(ctx: ServiceContext | SystemContext, *, today: date | None = None,
            as_of: date | None = None) -> list[Aging]:
    """Aging per team of the customers' owners (customers whose owner has no team: key None)."""
    day = as_of or today or today_of(ctx)
    rows = (_invoice_rows(ctx, day, User.team_id, [], as_of)
            + _installment_rows(ctx, day, User.team_id, [], as_of))
    ids = {row[0] for row in rows if row[0] is not None}
    names: dict[int | None, str] = {row[0]: row[1] for row in ctx.session.execute(
        select(Team.id, Team.name).where(Team.id.in_(ids)))}
    return _collect(rows, names)


def totals(agings: list[Aging]) -> Aging:
    """All of them together (the digest's line, the "everyone" total)."""
    whole = Aging(None, "")
    for aging in agings:
        for bucket, amounts in aging.buckets.items():
            for currency, amount in amounts.items():
                whole.add(bucket, currency, amount)
    return whole


def by_customer_grouped(agings: list[Aging]) -> dict[str, list[Aging]]:
    """Customers grouped by their worst bucket (for "overdue payments")."""
    out: dict[str, list[Aging]] = defaultdict(list)
    for aging in agings:
        worst = next((b for b in reversed(BUCKETS) if aging.buckets[b]), "current")
        out[worst].append(aging)
    return out
