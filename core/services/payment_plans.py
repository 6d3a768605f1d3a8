"""A contract's payment plan: its installments, read from text ("30/60/10", "首付30% 中期60% 尾款10%") or given.

An installment is due on a date, or when a milestone of the contract's project is done (then it is due on the day
the milestone was done). A plan is replaced whole, and only while none of its installments has been invoiced.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from core import audit
from core.context import ServiceContext, SystemContext
from core.errors import Conflict, InvalidInput, NotFound
from core.i18n import t
from core.models import Contract, Installment, Invoice, Project, ProjectTask
from core.money_plan_text import PlannedInstallment, parse_plan
from core.names import loose_key
from core.permissions import require_may_change

# Contracts whose installments are owed: the customer has signed.
OWED_STATUSES = ("signed",)
# An installment named for the signing (首付, "on signing", a deposit) is due the day the contract is signed.
_AT_SIGNING = re.compile(r"(?<![A-Za-z])(?:sign(?:ing|ed|ature)?|deposit|down ?payment|up ?front|advance|"
                         r"on order)(?![A-Za-z])|签约|签订|签合同|签字|首付|预付|定金|订金", re.IGNORECASE)


@dataclass(frozen=True)
class InstallmentView:
    installment: Installment
    due_on: date | None  # its date, or the day its milestone was done; None while the milestone is open
    milestone: str | None


def contract(ctx: ServiceContext | SystemContext, contract_id: int) -> Contract:
    found = ctx.session.scalar(select(Contract).where(Contract.id == contract_id))
    if found is None:
        raise NotFound(entity="contract")
    return found


def _milestones(ctx: ServiceContext, found: Contract) -> list[ProjectTask]:
    if found.deal_id is None:
        return []
    project = ctx.session.scalar(select(Project.id).where(Project.deal_id == found.deal_id))
    if project is None:
        return []
    return list(ctx.session.scalars(select(ProjectTask).where(ProjectTask.project_id == project,
                                                              ProjectTask.milestone.is_(True))))


def _milestone_for(event: str | None, milestones: list[ProjectTask]) -> ProjectTask | None:
    """The milestone an installment's due names ("on go-live" → the milestone "Go-live"), exactly or as a word
    of its name; several candidates match none (never guessed)."""
    if not event:
        return None
    key = loose_key(event)
    exact = [m for m in milestones if loose_key(m.name) == key]
    if len(exact) == 1:
        return exact[0]
    within = [m for m in milestones if key and (key in loose_key(m.name) or loose_key(m.name) in key)]
    return within[0] if len(within) == 1 else None


def read_plan(text: str, total: Decimal) -> list[PlannedInstallment]:
    """The plan a text describes, checked (the handler shows it on the card before anything is written)."""
    return parse_plan(text, total)


def attach(ctx: ServiceContext, contract_id: int, plan: str | list[PlannedInstallment]) -> list[Installment]:
    """Set the contract's plan (replacing one not invoiced yet); returns the installments in order."""
    found = contract(ctx, contract_id)  # first: a contract the actor cannot read does not exist for them
    require_may_change(ctx.actor, "money")
    planned = parse_plan(plan, found.amount) if isinstance(plan, str) else plan
    if not planned:
        raise InvalidInput("plan.empty")
    if sum((p.amount for p in planned), Decimal(0)) != found.amount:
        raise InvalidInput("plan.amount_sum", total=str(sum(p.amount for p in planned)), expected=str(found.amount))
    existing = list(ctx.session.scalars(select(Installment).where(Installment.contract_id == found.id)))
    if existing:
        invoiced = ctx.session.scalar(select(Invoice.id).where(
            Invoice.installment_id.in_([i.id for i in existing]), Invoice.status != "void").limit(1))
        if invoiced is not None:
            raise Conflict("plan.already_invoiced", contract=found.number)
        for old in existing:
            audit.record(ctx, "delete_installment", old, audit.snapshot(old))
            ctx.session.delete(old)
        ctx.session.flush()
    milestones = _milestones(ctx, found)
    rows: list[Installment] = []
    for part in planned:
        milestone = _milestone_for(part.due_event, milestones) if part.due_on is None else None
        label = part.label or t(ctx.actor.language, "plan.default_label", seq=part.seq)
        due_on = part.due_on
        if due_on is None and milestone is None and _AT_SIGNING.search(label):
            due_on = found.signed_on  # None until signed: `on_signed` sets it then
        row = Installment(contract_id=found.id, seq=part.seq, label=label[:120], percent=part.percent,
                          amount=part.amount, due_on=due_on,
                          milestone_task_id=milestone.id if milestone else None)
        ctx.session.add(row)
        rows.append(row)
    ctx.session.flush()
    for row in rows:
        audit.record(ctx, "create_installment", row, None)
    return rows


def on_signed(ctx: ServiceContext, contract_id: int) -> list[Installment]:
    """The contract was signed: installments due at signing (首付, "on signing") fall due on its signed day.
    Called by the contracts service when a user marks a contract signed."""
    found = contract(ctx, contract_id)
    require_may_change(ctx.actor, "money")
    return _fall_due_at_signing(ctx, found, lambda row, before: audit.record(ctx, "update_installment", row, before))


def on_signed_by_provider(system: SystemContext, found: Contract) -> list[Installment]:
    """The same, when the e-signature provider's webhook says so (no user acts: audited as the system)."""
    return _fall_due_at_signing(system, found,
                                lambda row, before: audit.record_admin(system, "update_installment", row, before))


def _fall_due_at_signing(unit: ServiceContext | SystemContext, found: Contract,
                         record: Callable[[Installment, dict[str, Any]], None]) -> list[Installment]:
    if found.signed_on is None:
        return []
    changed = []
    for row in unit.session.scalars(select(Installment).where(Installment.contract_id == found.id,
                                                              Installment.due_on.is_(None),
                                                              Installment.milestone_task_id.is_(None))):
        if _AT_SIGNING.search(row.label):
            before = audit.snapshot(row)
            row.due_on = found.signed_on
            record(row, before)
            changed.append(row)
    return changed


def installments(ctx: ServiceContext | SystemContext, contract_id: int) -> list[InstallmentView]:
    rows = list(ctx.session.scalars(select(Installment).where(Installment.contract_id == contract_id)
                                    .order_by(Installment.seq)))
    return views(ctx, rows)


def views(ctx: ServiceContext | SystemContext, rows: list[Installment]) -> list[InstallmentView]:
    """Installments with their effective due day (a milestone's done day) and milestone name."""
    ids = {r.milestone_task_id for r in rows if r.milestone_task_id is not None}
    tasks = {task.id: task for task in ctx.session.scalars(select(ProjectTask).where(ProjectTask.id.in_(ids)))
             } if ids else {}
    out = []
    for row in rows:
        task = tasks.get(row.milestone_task_id) if row.milestone_task_id is not None else None
        due = row.due_on
        if due is None and task is not None and task.status == "done":
            due = task.done_on
        out.append(InstallmentView(row, due, task.name if task else None))
    return out


def of_customer(ctx: ServiceContext | SystemContext, customer_id: int) -> list[tuple[Contract, Installment]]:
    """The installments of the customer's signed contracts, oldest contract first, in plan order."""
    rows = ctx.session.execute(
        select(Contract, Installment).join(Installment, Installment.contract_id == Contract.id)
        .where(Contract.customer_id == customer_id, Contract.status.in_(OWED_STATUSES))
        .order_by(Contract.signed_on, Contract.id, Installment.seq)).all()
    return [(row[0], row[1]) for row in rows]
