"""Writing a plan: batch after batch, each one transaction, resumable.

Each batch commits its rows together with its `ImportBatch` row, so after a crash the batches recorded are
exactly the batches written: a re-run of the same file (same user, kind and bytes → the same `ImportRun`) skips
them and goes on. A batch that fails rolls back whole — never half a batch — and the run stops there, marked
failed with the row that failed; nothing after it is tried, so the order of the file is kept.

Rows are written through the ordinary services (customers.create, deals.create, …) in their batch mode
(`core.services.batching`): the same checks, audit and scoping as a chat turn, and a won deal starts its project
as any win does — but a batch's new rows go out in one INSERT per table, and what every row would look up
(names taken, owners' teams, shares, contacts, merge targets) is read once per batch: ~40 rows/s became
thousands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select

from core.context import CoreGateway, ServiceContext
from core.errors import DomainError, NotFound
from core.importing.planning import ENTITY, FILLABLE, Action, Plan
from core.models import Contact, Customer, Deal, ImportBatch, ImportRun
from core.names import loose_key, name_key
from core.permissions import require_may_change
from core.services import customers, deals
from core.services.batching import WriteBatch

DEFAULT_BATCH_SIZE = 500
_Row = TypeVar("_Row", Customer, Deal)


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
    writer = _BatchWriter(plan.kind, chunk)
    try:
        with core.unit(user_id) as ctx:
            writer.write(ctx)
            ctx.session.add(ImportBatch(run_id=result.run_id, user_id=user_id, number=number,
                                        first_row=chunk[0].row, last_row=chunk[-1].row, created=writer.created,
                                        merged=writer.merged, finished_at=ctx.now()))
    except Exception as exc:
        detail = exc.key if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
        with core.unit(user_id) as ctx:
            row = _run_row(ctx, result.run_id)
            row.status, row.updated_at = "failed", ctx.now()
            row.last_error = f"batch {number}, row {writer.current.row}: {detail}"[:2000]
        raise BatchFailed(batch=number, first_row=chunk[0].row, last_row=chunk[-1].row, row=writer.current.row,
                          cause=exc) from exc
    result.created += writer.created
    result.merged += writer.merged


class _BatchWriter:
    """One batch through the services in batch mode (`core.services.batching`): each row's checks and audit as
    row by row, but new rows are inserted a table at a time. Customers are created first (their contacts need
    their ids), then contacts and merges follow in file order, so a row merging into one created earlier in the
    batch finds it as it would row by row."""

    def __init__(self, kind: str, chunk: list[Action]) -> None:
        self.kind = kind
        self.actions = [action for action in chunk if action.outcome != "reject"]
        self.current = chunk[0]  # the row being written, for the failure message
        self.created = sum(1 for action in self.actions if action.outcome == "create")
        self.merged = sum(1 for action in self.actions if action.outcome == "merge")
        self.new_customers: dict[int, Customer] = {}  # position in the batch → the customer its row created
        self.by_key: dict[str, Customer] = {}  # customers rows of this file merge into, by name key
        self.held: list[Customer | Deal] = []  # rows read up front, held so the identity map keeps them

    def write(self, ctx: ServiceContext) -> None:
        batch = WriteBatch(ctx)
        require_may_change(ctx.actor, ENTITY[self.kind])  # once per batch; each row is still checked as it goes
        self._load(ctx, batch)
        if self.kind == "customers":
            self._each(batch, lambda position, action: self._create_customer(ctx, batch, position, action),
                       only="create")
            batch.settle()  # their ids, for their contacts
            self._each(batch, lambda position, action: self._customer(ctx, batch, position, action))
        elif self.kind == "contacts":
            self._each(batch, lambda _, action: _put_contact(ctx, batch, action.customer_id or 0,
                                                             action.record.values))
        else:
            self._each(batch, lambda _, action: _deal(ctx, batch, action))
        batch.finish()

    def _each(self, batch: WriteBatch, step: Callable[[int, Action], object], only: str | None = None) -> None:
        for position, action in enumerate(self.actions):
            if only is None or action.outcome == only:
                self.current, batch.position = action, position
                step(position, action)

    def _load(self, ctx: ServiceContext, batch: WriteBatch) -> None:
        """What the rows will ask about, read in a few statements: taken names, merge targets, their contacts."""
        if self.kind == "customers":
            batch.reserve_names(str(a.record.values["customer"]) for a in self.actions if a.outcome == "create")
        customer_ids = {a.customer_id for a in self.actions if a.customer_id is not None}
        self.held += _load_rows(ctx, Customer, customer_ids)
        if self.kind == "customers":  # rows merging into one an earlier row created (this batch's come later)
            keys = {name_key(_earlier_name(a)) for a in self.actions if a.outcome == "merge" and a.customer_id is None}
            wanted = sorted(keys)
            for start in range(0, len(wanted), 1000):
                found = ctx.session.scalars(select(Customer).where(Customer.name_key.in_(wanted[start:start + 1000])))
                self.by_key.update((customer.name_key, customer) for customer in found)
            customer_ids |= {customer.id for customer in self.by_key.values()}
        if self.kind == "deals":
            self.held += _load_rows(ctx, Deal, {a.target_id for a in self.actions if a.target_id is not None})
        else:
            batch.load_contacts(customer_ids)

    def _create_customer(self, ctx: ServiceContext, batch: WriteBatch, position: int, action: Action) -> None:
        values = action.record.values
        customer = self.new_customers[position] = customers.create(
            ctx, str(values["customer"]), industry=values.get("industry"), city=values.get("city"),
            owner_id=action.record.owner_id, batch=batch)
        self.by_key.setdefault(customer.name_key, customer)

    def _existing_customer(self, ctx: ServiceContext, batch: WriteBatch, action: Action) -> Customer:
        if action.customer_id is not None:
            return customers.get(ctx, action.customer_id, for_write=True, batch=batch)
        found = self.by_key.get(name_key(_earlier_name(action)))  # an earlier row of this file created it
        if found is None:
            raise NotFound(entity="customer")
        return customers.get(ctx, found.id, for_write=True, batch=batch)

    def _customer(self, ctx: ServiceContext, batch: WriteBatch, position: int, action: Action) -> None:
        values = action.record.values
        if action.outcome == "create":
            customer = self.new_customers[position]
            batch.no_contacts_yet(customer.id)  # created just now: no contacts to merge with
            if values.get("contact"):
                customers.add_contact(ctx, customer.id, str(values["contact"]), title=values.get("title"),
                                      phone=values.get("phone"), email=values.get("email"), batch=batch)
            return
        customer = self._existing_customer(ctx, batch, action)
        fills = _empty_fills({"industry": customer.industry, "city": customer.city}, values, FILLABLE["customers"])
        if fills:
            customers.update(ctx, customer.id, batch=batch, **fills)
        if values.get("contact"):
            _put_contact(ctx, batch, customer.id, values)


def _load_rows(ctx: ServiceContext, model: type[_Row], ids: set[int]) -> list[_Row]:
    """Into the session's identity map, so that each row's `get` is answered without a query (the map holds
    them only while someone does: the caller keeps the list)."""
    wanted, rows = sorted(ids), list[_Row]()
    for start in range(0, len(wanted), 1000):
        rows.extend(ctx.session.scalars(select(model).where(model.id.in_(wanted[start:start + 1000]))))
    return rows


def _empty_fills(current: dict[str, Any], values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """Only what is empty now gets the file's value (a merge never overwrites)."""
    return {f: values[f] for f in fields if values.get(f) not in (None, "") and current.get(f) in (None, "")}


def _earlier_name(action: Action) -> str:
    """The name of the earlier row a row merges into: its own, or the near one it was merged into on request."""
    return action.into or str(action.record.values["customer"])


def _put_contact(ctx: ServiceContext, batch: WriteBatch, customer_id: int, values: dict[str, Any]) -> Contact:
    name = str(values["contact"])
    contact = customers.find_contact(ctx, customer_id, name, batch=batch)
    if contact is None:
        return customers.add_contact(ctx, customer_id, name, title=values.get("title"), phone=values.get("phone"),
                                     email=values.get("email"), batch=batch)
    fills = _empty_fills({"title": contact.title, "phone": contact.phone, "email": contact.email}, values,
                         FILLABLE["contacts"])
    if not fills:
        return contact
    batch.before_change(contact)  # one added earlier in this batch gets its id first
    return customers.update_contact(ctx, contact.id, batch=batch, **fills)


def _deal(ctx: ServiceContext, batch: WriteBatch, action: Action) -> None:
    assert action.customer_id is not None
    values = action.record.values
    if action.outcome == "create":
        deals.create(ctx, action.customer_id, str(values["deal"]), amount=values.get("amount"),
                     currency=values.get("currency"), stage=values.get("stage") or "lead",
                     close_date=values.get("close_date"), owner_id=action.record.owner_id, batch=batch)
        return
    deal = _existing_deal(ctx, batch, action)
    fills = _empty_fills({"amount": deal.amount, "close_date": deal.expected_close_date}, values, FILLABLE["deals"])
    if fills:
        batch.before_change(deal)  # one created earlier in this batch gets its id first
        deals.update(ctx, deal.id, deals.DealChanges(amount=fills.get("amount"), close_date=fills.get("close_date")),
                     batch=batch)


def _existing_deal(ctx: ServiceContext, batch: WriteBatch, action: Action) -> Deal:
    if action.target_id is not None:
        return deals.get(ctx, action.target_id, for_write=True, batch=batch)
    wanted = loose_key(action.into or str(action.record.values["deal"]))
    for deal in deals.query(ctx, customer_id=action.customer_id, open_only=False, limit=10_000):
        if loose_key(deal.title) == wanted:
            return deals.get(ctx, deal.id, for_write=True, batch=batch)
    raise NotFound(entity="deal")
