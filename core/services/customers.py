"""Customers and contacts (客户管理): create, find, change, and the 360° card."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from core import audit
from core.context import ServiceContext
from core.errors import Conflict, NotFound, PermissionDenied
from core.models import CUSTOMER_STATUSES, OPEN_STAGES, Contact, Customer, Deal, Interaction, Task, User
from core.names import name_key
from core.permissions import may_assign_to, owned_scope, require_write
from core.services import validation as v


def visible(ctx: ServiceContext, *, for_write: bool = False) -> Select[Customer]:
    return select(Customer).where(owned_scope(ctx.actor, Customer.owner_id, for_write=for_write))


def _team_of(ctx: ServiceContext, user_id: int) -> int | None:
    return ctx.session.scalar(select(User.team_id).where(User.id == user_id))


def get(ctx: ServiceContext, customer_id: int, *, for_write: bool = False) -> Customer:
    if not for_write:
        found = ctx.session.scalar(visible(ctx).where(Customer.id == customer_id))
        if found is None:
            raise NotFound(entity="customer")
        return found
    customer = ctx.session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(entity="customer")
    require_write(ctx.actor, customer.owner_id, _team_of(ctx, customer.owner_id), "customer")
    return customer


@dataclass(frozen=True)
class CustomerName:
    id: int
    name: str
    aliases: tuple[str, ...]


def name_index(ctx: ServiceContext) -> list[CustomerName]:
    """Every customer the actor can see, by name and aliases (entity resolution works on this)."""
    rows = ctx.session.execute(
        visible(ctx).with_only_columns(Customer.id, Customer.name, Customer.aliases).order_by(Customer.id)
    ).all()
    return [CustomerName(row.id, row.name, tuple(row.aliases or ())) for row in rows]


def visible_ids(ctx: ServiceContext) -> tuple[int, ...]:
    """Ids of the customers the actor can see, in id order (a plain-table query: no ORM cost per row)."""
    table = Customer.__table__
    query = select(table.c.id).where(owned_scope(ctx.actor, table.c.owner_id, for_write=False)).order_by(table.c.id)
    return tuple(ctx.session.connection().execute(query).scalars().all())


def count_visible(ctx: ServiceContext) -> int:
    table = Customer.__table__
    query = select(func.count()).select_from(table).where(owned_scope(ctx.actor, table.c.owner_id, for_write=False))
    return int(ctx.session.connection().execute(query).scalar() or 0)


def all_names(session: Session) -> list[CustomerName]:
    """Every customer's name and aliases, regardless of who asks: only for caches that filter by visible_ids."""
    rows = session.execute(select(Customer.id, Customer.name, Customer.aliases).order_by(Customer.id)).all()
    return [CustomerName(row.id, row.name, tuple(row.aliases or ())) for row in rows]


def find_exact(ctx: ServiceContext, name: str) -> list[Customer]:
    key = name_key(name)
    return list(ctx.session.scalars(visible(ctx).where(Customer.name_key == key)).all())


def name_taken(ctx: ServiceContext, name: str) -> bool:
    """Whether any customer (visible or not) already has this normalised name."""
    return ctx.session.scalar(select(Customer.id).where(Customer.name_key == name_key(name)).limit(1)) is not None


def create(
    ctx: ServiceContext,
    name: str,
    *,
    industry: str | None = None,
    city: str | None = None,
    aliases: list[str] | None = None,
    tags: list[str] | None = None,
    owner_id: int | None = None,
    status: str = "prospect",
) -> Customer:
    if ctx.actor.role == "finance":
        raise PermissionDenied(entity="customer")
    clean_name = v.required_text(name, "name")
    key = name_key(clean_name)
    # A name that exists anywhere is refused: two reps must not chase one customer unknowingly (撞单).
    existing = ctx.session.scalar(select(Customer).where(Customer.name_key == key))
    if existing is not None:
        raise Conflict("error.customer_exists", name=existing.name)
    owner = ctx.session.get(User, owner_id or ctx.actor.user_id)
    if owner is None or not may_assign_to(ctx.actor, owner):
        raise PermissionDenied(entity="customer")
    now = ctx.now()
    customer = Customer(
        name=clean_name,
        name_key=key,
        aliases=[a for a in (v.clean_text(x, "alias") for x in aliases or []) if a],
        industry=v.clean_text(industry, "industry"),
        city=v.clean_text(city, "city"),
        tags=[t for t in (v.clean_text(x, "tag") for x in tags or []) if t],
        owner_id=owner.id,
        status=v.choice(status, CUSTOMER_STATUSES, "status") or "prospect",
        created_at=now,
        updated_at=now,
    )
    ctx.session.add(customer)
    audit.record(ctx, "create_customer", customer, None)
    return customer


def update(ctx: ServiceContext, customer_id: int, **changes: Any) -> Customer:
    customer = get(ctx, customer_id, for_write=True)
    before = audit.snapshot(customer)
    for key, value in changes.items():
        if key == "name":
            customer.name = v.required_text(value, "name")
            customer.name_key = name_key(customer.name)
        elif key in ("industry", "city"):
            setattr(customer, key, v.clean_text(value, key))
        elif key == "status":
            customer.status = v.choice(value, CUSTOMER_STATUSES, "status") or customer.status
        elif key in ("aliases", "tags"):
            setattr(customer, key, [x for x in (v.clean_text(i, key) for i in value) if x])
        else:
            raise ValueError(f"unknown customer field {key}")
    customer.updated_at = ctx.now()
    audit.record(ctx, "update_customer", customer, before)
    return customer


def add_contact(
    ctx: ServiceContext,
    customer_id: int,
    name: str,
    *,
    title: str | None = None,
    phone: str | None = None,
    email: str | None = None,
) -> Contact:
    customer = get(ctx, customer_id, for_write=True)
    clean_name = v.required_text(name, "contact")
    if find_contacts(ctx, customer.id, clean_name):
        raise Conflict("error.contact_exists", name=clean_name, customer=customer.name)
    contact = Contact(
        customer_id=customer.id,
        name=clean_name,
        title=v.clean_text(title, "title"),
        phone=v.phone(phone),
        email=v.email(email),
        created_at=ctx.now(),
    )
    ctx.session.add(contact)
    audit.record(ctx, "add_contact", contact, None)
    return contact


def find_contacts(ctx: ServiceContext, customer_id: int, name: str | None = None) -> list[Contact]:
    get(ctx, customer_id)
    query = select(Contact).where(Contact.customer_id == customer_id).order_by(Contact.id)
    contacts = list(ctx.session.scalars(query).all())
    if name is None:
        return contacts
    wanted = name_key(name)
    return [c for c in contacts if name_key(c.name) == wanted]


@dataclass(frozen=True)
class CustomerCard:
    customer: Customer
    owner_name: str
    contacts: list[Contact]
    interactions: list[Interaction]
    open_deals: list[Deal]
    open_tasks: list[Task]


def card(ctx: ServiceContext, customer_id: int, *, recent: int = 5) -> CustomerCard:
    """The 360° view: who they are, who we know there, what happened lately, what is open."""
    customer = get(ctx, customer_id)
    session = ctx.session
    owner_name = session.scalar(select(User.name).where(User.id == customer.owner_id)) or ""
    interactions = session.scalars(
        select(Interaction)
        .where(Interaction.customer_id == customer_id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(recent)
    ).all()
    deals = session.scalars(
        select(Deal)
        .where(Deal.customer_id == customer_id, Deal.stage.in_(OPEN_STAGES))
        .where(owned_scope(ctx.actor, Deal.owner_id, for_write=False))
        .order_by(Deal.expected_close_date.is_(None), Deal.expected_close_date, Deal.id)
    ).all()
    tasks = session.scalars(
        select(Task)
        .where(Task.customer_id == customer_id, Task.status == "open")
        .where(owned_scope(ctx.actor, Task.assignee_id, for_write=False))
        .order_by(Task.due_at.is_(None), Task.due_at, Task.id)
    ).all()
    return CustomerCard(customer, owner_name, find_contacts(ctx, customer_id), list(interactions), list(deals),
                        list(tasks))
