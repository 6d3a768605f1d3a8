"""The plan: for each row, create, merge (into what, filling which fields) or reject (why) — decided before
anything is written, identically for a dry run and a real one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select

from core.context import ServiceContext
from core.importing import deduplicating as d
from core.importing.mapping import ColumnMap, map_headers
from core.importing.normalising import phone_key
from core.importing.reading import Table
from core.importing.validating import Owner, Problem, Record, read_record
from core.models import Contact, Customer, Deal
from core.permissions import Entity, may_assign_to, require_may_change
from core.services import customers, users

Outcome = Literal["create", "merge", "reject"]
ENTITY: dict[str, Entity] = {"customers": "customer", "contacts": "customer", "deals": "deal"}
# What a merge may fill on an existing row (never overwrites what is there).
FILLABLE: dict[str, tuple[str, ...]] = {
    "customers": ("industry", "city"),
    "contacts": ("title", "phone", "email"),
    "deals": ("amount", "close_date"),
}


@dataclass
class Action:
    row: int
    outcome: Outcome
    record: Record
    reasons: list[Problem] = field(default_factory=list)
    customer_id: int | None = None  # the customer a row is (customers) or hangs off (contacts, deals)
    target_id: int | None = None  # the existing contact or deal a row merges into
    fills: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # fields the file gives differently from what is kept
    into: str | None = None  # the earlier row's name a near duplicate merges into (--merge-near)

    def name(self, kind: str) -> str:
        """What the row is about, as the report names it: the company, or the person or deal at the company."""
        values = self.record.values
        own = values.get({"customers": "customer", "contacts": "contact", "deals": "deal"}[kind])
        at = values.get("customer") if kind != "customers" else None
        return " @ ".join(str(part) for part in (own, at) if part)


@dataclass
class Plan:
    kind: str
    file_name: str
    table: Table
    columns: ColumnMap
    actions: list[Action]
    merge_near: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for action in self.actions if action.outcome == outcome)


def build(ctx: ServiceContext, kind: str, table: Table, file_name: str,
          overrides: dict[str, str] | None = None, *, merge_near: bool = False) -> Plan:
    """Map, read, validate and deduplicate every row against what the importer may see. Writes nothing.

    A near duplicate (a similar name, not the same one) is rejected — merging on a guess could write into the
    wrong record — unless the user asked for `merge_near`: then it merges into the record it resembles."""
    require_may_change(ctx.actor, ENTITY[kind])
    columns = map_headers(kind, table.headers, overrides)
    owner_of = _owners(ctx, ENTITY[kind])
    records = [read_record(kind, row, columns, owner_of) for row in table.rows]
    planners: dict[str, type[_CustomerPlanner | _ContactPlanner | _DealPlanner]] = {
        "customers": _CustomerPlanner, "contacts": _ContactPlanner, "deals": _DealPlanner}
    planner = planners[kind](ctx, merge_near)
    planner.prime(records)
    return Plan(kind, file_name, table, columns, [planner.plan(record) for record in records], merge_near)


def _owners(ctx: ServiceContext, entity: Entity) -> Callable[[str], Owner | None]:
    cache: dict[str, Owner | None] = {}

    def owner_of(name: str) -> Owner | None:
        if name not in cache:
            user = users.find_by_name(ctx, name)
            cache[name] = None if user is None or not user.active else Owner(
                user.id, user.name, may_assign_to(ctx.actor, entity, user.id, user.team_id))
        return cache[name]

    return owner_of


def _differences(existing: dict[str, Any], values: dict[str, Any], fields: tuple[str, ...]
                 ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    fills = tuple(f for f in fields if values.get(f) not in (None, "") and existing.get(f) in (None, ""))
    kept = tuple(f for f in fields if values.get(f) not in (None, "") and existing.get(f) not in (None, "")
                 and existing.get(f) != values.get(f))
    return fills, kept


class _CustomerResolver:
    """The customers a file may name: every name (public), which of them the importer reads, and their fields."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        readable = {row.id: row for row in ctx.session.scalars(select(Customer))}
        self.fields = {cid: {"industry": c.industry, "city": c.city} for cid, c in readable.items()}
        self.index = d.Index(d.company(entry.name, id=entry.id, readable=entry.id in readable)
                             for entry in customers.name_directory(ctx))

    def prime(self, records: list[Record]) -> None:
        self.index.prime(d.company(str(r.values["customer"])).core for r in records if r.values.get("customer"))

    def resolve(self, action: Action) -> bool:
        """Set the row's customer (contacts, deals); False with the reason when it names none the importer may use."""
        name = str(action.record.values["customer"])
        found = self.index.exact(d.company(name).key)
        if found is not None and found.readable:
            action.customer_id = found.id
            return True
        if found is not None:
            _reject(action, Problem("colleague_customer", params={"name": found.name}))
        else:
            similar = self.index.similar(d.company(name).core)
            readable = similar is not None and similar[0].readable
            _reject(action, Problem("unknown_customer_similar", value=name, params={"name": similar[0].name})
                    if similar is not None and readable else Problem("unknown_customer", value=name))
        return False


def _opened(record: Record) -> Action:
    """A row's action before any lookup: a create, or rejected already for what validation found."""
    action = Action(record.row, "create", record)
    if record.problems:
        action.outcome, action.reasons = "reject", list(record.problems)
    return action


def _reject(action: Action, problem: Problem) -> None:
    action.outcome = "reject"
    action.reasons.append(problem)


def _merge(action: Action, problem: Problem) -> None:
    action.outcome = "merge"
    action.reasons.append(problem)


def _near(action: Action, problem: Problem, merge_near: bool) -> None:
    """A near duplicate: merged when the user asked for it (the reason names the match), else rejected."""
    if merge_near:
        _merge(action, Problem(f"near_{problem.reason}", params=problem.params))
    else:
        _reject(action, problem)


class _CustomerPlanner:
    def __init__(self, ctx: ServiceContext, merge_near: bool = False) -> None:
        self.known = _CustomerResolver(ctx)
        self.in_file = d.Index()
        self.merge_near = merge_near

    def prime(self, records: list[Record]) -> None:
        cores = [d.company(str(r.values["customer"])).core for r in records if r.values.get("customer")]
        self.known.index.prime(cores)
        self.in_file.prime(cores, file_order=True)

    def plan(self, record: Record) -> Action:
        action = _opened(record)
        if action.outcome == "reject":
            return action
        name = str(record.values["customer"])
        me = d.company(name, row=record.row)
        existing = self.known.index.exact(me.key)
        earlier = self.in_file.exact(me.key)
        if existing is not None and not existing.readable:
            _reject(action, Problem("colleague_customer", params={"name": existing.name}))
        elif existing is not None:
            self._into_existing(action, existing)
            _merge(action, Problem("merge_existing", params={"name": existing.name}))
        elif earlier is not None:
            self._into_earlier(action)
            _merge(action, Problem("merge_row", params={"row": earlier.row, "name": earlier.name}))
        elif (similar := self.known.index.similar(me.core)) is not None:
            near = Problem("similar_existing", params={"name": similar[0].name, "score": similar[1]})
            if self.merge_near and not similar[0].readable:
                _reject(action, Problem("colleague_customer", params={"name": similar[0].name}))
            else:
                if self.merge_near:
                    self._into_existing(action, similar[0])
                _near(action, near, self.merge_near)
        elif (similar := self.in_file.similar(me.core)) is not None:
            if self.merge_near:
                self._into_earlier(action)
                action.into = similar[0].name
            _near(action, Problem("similar_row", params={"row": similar[0].row, "name": similar[0].name,
                                                         "score": similar[1]}), self.merge_near)
        else:
            self.in_file.add(me)
        return action

    def _into_existing(self, action: Action, existing: d.Known) -> None:
        action.customer_id = existing.id
        action.fills, action.kept = _differences(self.known.fields.get(existing.id or 0, {}), action.record.values,
                                                 FILLABLE["customers"])
        if action.record.values.get("contact"):
            action.fills += ("contact",)

    @staticmethod
    def _into_earlier(action: Action) -> None:
        action.fills = tuple(f for f in (*FILLABLE["customers"], "contact") if action.record.values.get(f))


class _ContactPlanner:
    def __init__(self, ctx: ServiceContext, merge_near: bool = False) -> None:  # contacts match exactly or not at all
        self.customers = _CustomerResolver(ctx)
        self.existing: dict[int, list[Contact]] = {}
        for contact in ctx.session.scalars(select(Contact).order_by(Contact.id)):
            self.existing.setdefault(contact.customer_id, []).append(contact)
        self.seen: dict[tuple[int, str], int] = {}  # (customer, person key) → row
        self.prime = self.customers.prime
        self.details: dict[tuple[int, str], tuple[int, str]] = {}  # (customer, email/phone) → (row, name)

    def plan(self, record: Record) -> Action:
        action = _opened(record)
        if action.outcome == "reject":
            return action
        if not self.customers.resolve(action):
            return action
        customer_id = action.customer_id or 0
        name = str(record.values["contact"])
        person = customers.person_key(name)
        marks = [m for m in (record.values.get("email"), phone_key(str(record.values.get("phone") or ""))) if m]
        for contact in self.existing.get(customer_id, []):
            if customers.person_key(contact.name) == person:
                action.target_id = contact.id
                current = {"title": contact.title, "phone": contact.phone, "email": contact.email}
                action.fills, action.kept = _differences(current, record.values, FILLABLE["contacts"])
                _merge(action, Problem("merge_existing", params={"name": contact.name}))
                return action
        for contact in self.existing.get(customer_id, []):
            theirs = {contact.email, phone_key(contact.phone or "")} - {None, ""}
            if theirs & set(marks):
                _reject(action, Problem("same_details", params={"name": contact.name}))
                return action
        if (customer_id, person) in self.seen:
            action.fills = tuple(f for f in FILLABLE["contacts"] if record.values.get(f))
            _merge(action, Problem("merge_row", params={"row": self.seen[(customer_id, person)], "name": name}))
            return action
        for mark in marks:
            if (customer_id, mark) in self.details:
                row, other = self.details[(customer_id, mark)]
                _reject(action, Problem("same_details_row", params={"row": row, "name": other}))
                return action
        self.seen[(customer_id, person)] = record.row
        for mark in marks:
            self.details[(customer_id, mark)] = (record.row, name)
        return action


class _DealPlanner:
    def __init__(self, ctx: ServiceContext, merge_near: bool = False) -> None:
        self.merge_near = merge_near
        self.customers = _CustomerResolver(ctx)
        self.existing: dict[int, d.Index] = {}
        self.fields: dict[int, dict[str, Any]] = {}
        for deal in ctx.session.scalars(select(Deal).order_by(Deal.id)):
            self.existing.setdefault(deal.customer_id, d.Index()).add(d.titled(deal.title, id=deal.id))
            self.fields[deal.id] = {"amount": deal.amount, "close_date": deal.expected_close_date}
        self.in_file: dict[int, d.Index] = {}
        self.prime = self.customers.prime  # titles are compared per customer: few, no priming

    def plan(self, record: Record) -> Action:
        action = _opened(record)
        if action.outcome == "reject":
            return action
        if not self.customers.resolve(action):
            return action
        customer_id = action.customer_id or 0
        me = d.titled(str(record.values["deal"]), row=record.row)
        known = self.existing.get(customer_id, d.Index())
        earlier = self.in_file.setdefault(customer_id, d.Index())
        if (found := known.exact(me.key)) is not None:
            self._into_existing(action, found)
            _merge(action, Problem("merge_existing", params={"name": found.name}))
        elif (found := earlier.exact(me.key)) is not None:
            action.fills = tuple(f for f in FILLABLE["deals"] if record.values.get(f))
            _merge(action, Problem("merge_row", params={"row": found.row, "name": found.name}))
        elif (similar := known.similar(me.core)) is not None:
            if self.merge_near:
                self._into_existing(action, similar[0])
            _near(action, Problem("similar_existing", params={"name": similar[0].name, "score": similar[1]}),
                  self.merge_near)
        elif (similar := earlier.similar(me.core)) is not None:
            if self.merge_near:
                action.fills = tuple(f for f in FILLABLE["deals"] if record.values.get(f))
                action.into = similar[0].name
            _near(action, Problem("similar_row", params={"row": similar[0].row, "name": similar[0].name,
                                                         "score": similar[1]}), self.merge_near)
        else:
            earlier.add(me)
        return action

    def _into_existing(self, action: Action, found: d.Known) -> None:
        action.target_id = found.id
        action.fills, action.kept = _differences(self.fields.get(found.id or 0, {}), action.record.values,
                                                 FILLABLE["deals"])
