"""Lists and single records of the API's resources, a page at a time, filtered — through the actor's scoped
session, so every list holds only rows the actor may read, and a row they may not read is "not found".

Pages are by offset in id order (stable while rows are added); `updated_since` reads `updated_at` where a table
has one, else `created_at`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

from sqlalchemy import select

from core.context import ServiceContext
from core.errors import InvalidInput, NotFound
from core.models import (
    STAGES,
    Contact,
    Contract,
    Customer,
    Deal,
    Interaction,
    Invoice,
    Payment,
    Project,
    Task,
)
from core.services import validation as v

Kind = Literal["customers", "contacts", "deals", "interactions", "tasks", "projects", "contracts", "invoices",
               "payments"]
KINDS: tuple[Kind, ...] = get_args(Kind)
MAX_PAGE = 200

MODELS: dict[Kind, type[Any]] = {
    "customers": Customer, "contacts": Contact, "deals": Deal, "interactions": Interaction, "tasks": Task,
    "projects": Project, "contracts": Contract, "invoices": Invoice, "payments": Payment,
}
# Whose a row is, for the `owner` filter; rows with no owner of their own go by their customer's.
_OWNER_COLUMN: dict[Kind, str] = {"customers": "owner_id", "deals": "owner_id", "tasks": "assignee_id",
                                  "projects": "owner_id", "contracts": "owner_id", "interactions": "author_id"}


@dataclass(frozen=True)
class Filters:
    owner_id: int | None = None
    customer_id: int | None = None
    stage: str | None = None
    status: str | None = None
    updated_since: datetime | None = None


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    limit: int
    offset: int
    has_more: bool


def page(ctx: ServiceContext, kind: Kind, filters: Filters | None = None, *, limit: int = 50,
         offset: int = 0) -> Page:
    """One page of `kind` the actor can read, by id."""
    model = MODELS[kind]
    f = filters or Filters()
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise InvalidInput("error.invalid_input")
    query = select(model)
    if f.owner_id is not None:
        column = _OWNER_COLUMN.get(kind)
        if column is not None:
            query = query.where(getattr(model, column) == f.owner_id)
        else:
            query = query.where(model.customer_id.in_(select(Customer.id).where(Customer.owner_id == f.owner_id)))
    if f.customer_id is not None:
        query = query.where((model.id if model is Customer else model.customer_id) == f.customer_id)
    if f.stage is not None:
        if model is not Deal:
            raise InvalidInput("error.invalid_input")
        query = query.where(Deal.stage == v.choice(f.stage, STAGES, "stage"))
    if f.status is not None:
        if not hasattr(model, "status"):
            raise InvalidInput("error.invalid_input")
        query = query.where(model.status == f.status)
    if f.updated_since is not None:
        if f.updated_since.tzinfo is None:
            raise InvalidInput("behaviour.naive_time")
        stamp = model.updated_at if hasattr(model, "updated_at") else model.created_at
        query = query.where(stamp >= f.updated_since)
    rows = list(ctx.session.scalars(query.order_by(model.id).offset(offset).limit(limit + 1)).all())
    return Page(rows[:limit], limit, offset, len(rows) > limit)


@dataclass(frozen=True)
class Column:
    name: str
    python_type: type[Any] | None  # None: no plain Python type (read as any JSON value)
    nullable: bool


# Bookkeeping columns that are not part of a record (the normalised name is an index key).
_HIDDEN = {"name_key"}


def columns(kind: Kind) -> list[Column]:
    """What a record of `kind` holds, from its table: what the API documents and returns."""
    out = []
    for column in MODELS[kind].__table__.columns:
        if column.name in _HIDDEN:
            continue
        try:
            python: type[Any] | None = column.type.python_type
        except NotImplementedError:
            python = None
        out.append(Column(column.name, python, bool(column.nullable)))
    return out


def saved(ctx: ServiceContext, row: Any) -> Any:
    """The row a service just wrote, flushed (its id and defaults filled in) under the actor's guards."""
    ctx.session.flush()
    return row


def get(ctx: ServiceContext, kind: Kind, record_id: int) -> Any:
    """One record the actor can read; NotFound alike for a missing one and one they may not see."""
    row = ctx.session.get(MODELS[kind], record_id)
    if row is None:
        raise NotFound(entity=kind.rstrip("s"))
    return row
