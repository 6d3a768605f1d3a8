"""Writing a plan: batch after batch, each one transaction, resumable.

Each batch commits its rows together with its `ImportBatch` row, so after a crash the batches recorded are
exactly the batches written: a re-run of the same file (same user, kind and bytes → the same `ImportRun`) skips
them and goes on. A batch that fails rolls back whole — never half a batch — and the run stops there, marked
failed with the row that failed; nothing after it is tried, so the order of the file is kept.

Rows are written through the ordinary services (customers.create, deals.create, …): the same checks, audit and
scoping as a chat turn, and a won deal starts its project as any win does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from core.context import CoreGateway, ServiceContext
from core.errors import DomainError, NotFound
from core.importing.planning import FILLABLE, Action, Plan
from core.models import Contact, Customer, Deal, ImportBatch, ImportRun
from core.names import loose_key
from core.services import customers, deals

DEFAULT_BATCH_SIZE = 500


class BatchFailed(DomainError):
    """A batch rolled back; `params`: batch, first_row, last_row, row (the one being written), detail."""

    key = "import.run.failed"


@dataclass(frozen=True)
class BatchEvent:
    number: int
    total: int
    first_row: int
    last_row: int
    skipped: bool  # already written by an earlier run of this file


@dataclass
class RunResult:
    run_id: int
    batch_size: int
    already_done: bool = False
    created: int = 0
    merged: int = 0
    written: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)


def batches(actions: list[Action], size: int) -> list[list[Action]]:
    return [actions[start:start + size] for start in range(0, len(actions), size)]


def run(core: CoreGateway, user_id: int, plan: Plan, batch_size: int = DEFAULT_BATCH_SIZE,
        on_batch: Callable[[BatchEvent], None] | None = None) -> RunResult:
    result = _open_run(core, user_id, plan, batch_size)
    if result.already_done:
        return result
    done = result.skipped
    chunks = batches(plan.actions, result.batch_size)
    for number, chunk in enumerate(chunks, start=1):
        event = BatchEvent(number, len(chunks), chunk[0].row, chunk[-1].row, number in done)
        if number not in done:
            _write_batch(core, user_id, result, plan, number, chunk)
            result.written.append(number)
        if on_batch is not None:
            on_batch(event)
    with core.unit(user_id) as ctx:
        row = _run_row(ctx, result.run_id)
        row.status, row.last_error, row.updated_at = "done", None, ctx.now()
    return result


def _open_run(core: CoreGateway, user_id: int, plan: Plan, batch_size: int) -> RunResult:
    with core.unit(user_id) as ctx:
        row = ctx.session.scalar(select(ImportRun).where(ImportRun.user_id == user_id, ImportRun.kind == plan.kind,
                                                         ImportRun.file_hash == plan.table.file_hash))
        if row is None:
            row = ImportRun(user_id=user_id, kind=plan.kind, file_hash=plan.table.file_hash,
                            file_name=plan.file_name[:255], batch_size=batch_size, total_rows=len(plan.actions),
                            status="running", created_at=ctx.now(), updated_at=ctx.now())
            ctx.session.add(row)
            ctx.session.flush()
            return RunResult(row.id, batch_size)
        done = sorted(ctx.session.scalars(select(ImportBatch.number).where(ImportBatch.run_id == row.id)))
        return RunResult(row.id, row.batch_size, already_done=row.status == "done", skipped=done)


def _run_row(ctx: ServiceContext, run_id: int) -> ImportRun:
    row = ctx.session.get(ImportRun, run_id)
    if row is None:
        raise NotFound(entity="import_run")
    return row


def _write_batch(core: CoreGateway, user_id: int, result: RunResult, plan: Plan, number: int,
                 chunk: list[Action]) -> None:
    current = chunk[0]
    created = merged = 0
    try:
        with core.unit(user_id) as ctx:
            for action in chunk:
                current = action
                if action.outcome == "reject":
                    continue
                apply_action(ctx, plan.kind, action)
                created += action.outcome == "create"
                merged += action.outcome == "merge"
            ctx.session.add(ImportBatch(run_id=result.run_id, user_id=user_id, number=number,
                                        first_row=chunk[0].row, last_row=chunk[-1].row, created=created,
                                        merged=merged, finished_at=ctx.now()))
    except Exception as exc:
        detail = exc.key if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
        with core.unit(user_id) as ctx:
            row = _run_row(ctx, result.run_id)
            row.status, row.updated_at = "failed", ctx.now()
            row.last_error = f"batch {number}, row {current.row}: {detail}"[:2000]
        raise BatchFailed(batch=number, first_row=chunk[0].row, last_row=chunk[-1].row, row=current.row,
                          cause=exc) from exc
    result.created += created
    result.merged += merged


def apply_action(ctx: ServiceContext, kind: str, action: Action) -> None:
    {"customers": _customer, "contacts": _contact, "deals": _deal}[kind](ctx, action)


def _empty_fills(current: dict[str, Any], values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """Only what is empty now gets the file's value (a merge never overwrites)."""
    return {f: values[f] for f in fields if values.get(f) not in (None, "") and current.get(f) in (None, "")}


def _customer(ctx: ServiceContext, action: Action) -> None:
    values = action.record.values
    name = str(values["customer"])
    if action.outcome == "create":
        customer = customers.create(ctx, name, industry=values.get("industry"), city=values.get("city"),
                                    owner_id=action.record.owner_id)
        if values.get("contact"):  # a customer created just now has no contacts to merge with
            customers.add_contact(ctx, customer.id, str(values["contact"]), title=values.get("title"),
                                  phone=values.get("phone"), email=values.get("email"))
        return
    customer = _existing_customer(ctx, action, name)
    fills = _empty_fills({"industry": customer.industry, "city": customer.city}, values, FILLABLE["customers"])
    if fills:
        customers.update(ctx, customer.id, **fills)
    if values.get("contact"):
        _put_contact(ctx, customer.id, values)


def _existing_customer(ctx: ServiceContext, action: Action, name: str) -> Customer:
    if action.customer_id is not None:
        return customers.get(ctx, action.customer_id, for_write=True)
    found = customers.find_exact(ctx, name)  # an earlier row of this file created it
    if not found:
        raise NotFound(entity="customer")
    return customers.get(ctx, found[0].id, for_write=True)


def _put_contact(ctx: ServiceContext, customer_id: int, values: dict[str, Any]) -> Contact:
    name = str(values["contact"])
    contact = customers.find_contact(ctx, customer_id, name)
    if contact is None:
        return customers.add_contact(ctx, customer_id, name, title=values.get("title"), phone=values.get("phone"),
                                     email=values.get("email"))
    fills = _empty_fills({"title": contact.title, "phone": contact.phone, "email": contact.email}, values,
                         FILLABLE["contacts"])
    return customers.update_contact(ctx, contact.id, **fills) if fills else contact


def _contact(ctx: ServiceContext, action: Action) -> None:
    assert action.customer_id is not None
    _put_contact(ctx, action.customer_id, action.record.values)


def _deal(ctx: ServiceContext, action: Action) -> None:
    assert action.customer_id is not None
    values = action.record.values
    if action.outcome == "create":
        deals.create(ctx, action.customer_id, str(values["deal"]), amount=values.get("amount"),
                     currency=values.get("currency"), stage=values.get("stage") or "lead",
                     close_date=values.get("close_date"), owner_id=action.record.owner_id)
        return
    deal = _existing_deal(ctx, action)
    fills = _empty_fills({"amount": deal.amount, "close_date": deal.expected_close_date}, values, FILLABLE["deals"])
    if fills:
        deals.update(ctx, deal.id, deals.DealChanges(amount=fills.get("amount"), close_date=fills.get("close_date")))


def _existing_deal(ctx: ServiceContext, action: Action) -> Deal:
    if action.target_id is not None:
        return deals.get(ctx, action.target_id, for_write=True)
    wanted = loose_key(str(action.record.values["deal"]))
    for deal in deals.query(ctx, customer_id=action.customer_id, open_only=False, limit=10_000):
        if loose_key(deal.title) == wanted:
            return deals.get(ctx, deal.id, for_write=True)
    raise NotFound(entity="deal")
