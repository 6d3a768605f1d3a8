"""Customers and contacts (客户管理): create, find, change, and the 360° card.

Reads run in the actor's scoped session, so every query here sees only what the actor may read. The one
deliberate exception is names: every customer's name is known to everyone (see `core.permissions`), so
that a rep who names a colleague's customer is told so instead of creating a duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from core import audit
from core.context import ServiceContext, SystemContext
from core.errors import Conflict, NotFound, PermissionDenied
from core.models import (
    CUSTOMER_STATUSES,
    OPEN_STAGES,
    AuditLog,
    Contact,
    Customer,
    CustomerShare,
    Deal,
    Interaction,
    Task,
    User,
)
from core.names import loose_key, name_key
from core.permissions import may_assign_to, require_change, require_may_change
from core.scoping import CUSTOMER_NAMES, customer_clause
from core.services import validation as v
from core.services.batching import WriteBatch, record


def visible(ctx: ServiceContext, *, for_write: bool = False) -> Select[Customer]:
    """Customers the actor may read (the session applies that) or, with `for_write`, change."""
    query = select(Customer)
    if for_write:
        query = query.where(customer_clause(ctx.actor, ctx.actor.change_scope("customer")))
    return query


def team_of(ctx: ServiceContext | SystemContext, user_id: int) -> int | None:
    return ctx.session.scalar(select(User.team_id).where(User.id == user_id))


def _shared_with_actor(ctx: ServiceContext, customer_id: int) -> bool:
    found = ctx.session.scalar(select(CustomerShare.id).where(CustomerShare.customer_id == customer_id,
                                                              CustomerShare.user_id == ctx.actor.user_id))
    return found is not None


def get(ctx: ServiceContext, customer_id: int, *, for_write: bool = False, batch: WriteBatch | None = None
        ) -> Customer:
    customer = ctx.session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(entity="customer")
    if for_write and batch is not None:
        require_change(ctx.actor, "customer", customer.owner_id, batch.team_of(customer.owner_id),
                       shared=batch.shared_with_actor(customer.id))
    elif for_write:
        require_change(ctx.actor, "customer", customer.owner_id, team_of(ctx, customer.owner_id),
                       shared=_shared_with_actor(ctx, customer.id))
    return customer


@dataclass(frozen=True)
class CustomerName:
    id: int
    name: str
    aliases: tuple[str, ...]


def name_index(ctx: ServiceContext) -> list[CustomerName]:
    """Every customer the actor can see, by name and aliases (entity resolution works on this)."""
    rows = ctx.session.execute(select(Customer.id, Customer.name, Customer.aliases).order_by(Customer.id)).all()
    return [CustomerName(row.id, row.name, tuple(row.aliases or ())) for row in rows]


def visible_ids(ctx: ServiceContext) -> tuple[int, ...]:
    """Ids of the customers the actor can see, in id order."""
    return tuple(ctx.session.scalars(select(Customer.id).order_by(Customer.id)).all())


def count_visible(ctx: ServiceContext) -> int:
    return int(ctx.session.scalar(select(func.count(Customer.id))) or 0)


def name_directory(ctx: ServiceContext | SystemContext) -> list[CustomerName]:
    """Every customer's name and aliases, whoever owns it (the 撞单 rule: names are known to everyone).

    Only these columns pass the actor's read scope; nothing else about a colleague's customer does.
    """
    rows = ctx.session.execute(
        select(Customer.id, Customer.name, Customer.aliases).order_by(Customer.id).execution_options(**CUSTOMER_NAMES)
    ).all()
    return [CustomerName(row.id, row.name, tuple(row.aliases or ())) for row in rows]


DirectoryVersion = tuple[int, int, str, int]


def directory_version(ctx: ServiceContext | SystemContext) -> DirectoryVersion:
    """(count, max id, latest change, latest audit entry) of all customers: changes whenever any customer's name
    can have, in this process or another (every customer write moves `updated_at` and is audited) — a name
    cache's key."""
    row = ctx.session.execute(
        select(func.count(Customer.id), func.max(Customer.id), func.max(Customer.updated_at))
        .execution_options(**CUSTOMER_NAMES)).one()
    audited = ctx.session.scalar(
        select(func.max(AuditLog.id)).where(AuditLog.entity_type == Customer.__tablename__)
        .execution_options(**CUSTOMER_NAMES))
    return int(row[0] or 0), int(row[1] or 0), str(row[2] or ""), int(audited or 0)


def listed(ctx: ServiceContext, *, owner_id: int | None = None, limit: int = 50) -> list[Customer]:
    """Customers the actor can see ("my customers"), one owner's when asked, most recently active first."""
    query = select(Customer)
    if owner_id is not None:
        query = query.where(Customer.owner_id == owner_id)
    return list(ctx.session.scalars(query.order_by(Customer.updated_at.desc(), Customer.id).limit(limit)).all())


def find_exact(ctx: ServiceContext, name: str) -> list[Customer]:
    key = name_key(name)
    return list(ctx.session.scalars(select(Customer).where(Customer.name_key == key)).all())


@dataclass(frozen=True)
class OwnedElsewhere:
    """A customer the actor named but may not read: its id (to ask for access) and its name, nothing more."""

    id: int
    name: str


def owned_elsewhere(ctx: ServiceContext, name: str) -> OwnedElsewhere | None:
    """The customer called `name` (exactly, or by an alias) when it exists but belongs to someone else."""
    key = name_key(name)
    if not key:
        return None
    for entry in name_directory(ctx):
        if key == name_key(entry.name) or any(key == name_key(alias) for alias in entry.aliases):
            if ctx.session.get(Customer, entry.id) is not None:
                return None  # readable after all (own, team's or shared)
            return OwnedElsewhere(entry.id, entry.name)
    return None


def name_of(ctx: ServiceContext | SystemContext, customer_id: int) -> str | None:
    """A customer's name, whoever owns it (names are known to everyone)."""
    query = select(Customer.name).where(Customer.id == customer_id).execution_options(**CUSTOMER_NAMES)
    return ctx.session.scalar(query)


def name_taken(ctx: ServiceContext, name: str) -> bool:
    """Whether any customer (readable or not) already has this normalised name."""
    key = name_key(name)
    query = select(Customer.id).where(Customer.name_key == key).limit(1).execution_options(**CUSTOMER_NAMES)
    return ctx.session.scalar(query) is not None


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
    batch: WriteBatch | None = None,
) -> Customer:
    require_may_change(ctx.actor, "customer")
    clean_name = v.required_text(name, "name")
    key = name_key(clean_name)
    # A name that exists anywhere is refused: two reps must not chase one customer unknowingly (撞单).
    if batch.name_taken(key) if batch is not None else name_taken(ctx, clean_name):
        elsewhere = owned_elsewhere(ctx, clean_name)
        if elsewhere is not None:
            raise Conflict("customer.owned_by_colleague", name=elsewhere.name)
        raise Conflict("error.customer_exists", name=clean_name)
    owner_key = owner_id or ctx.actor.user_id
    owner = ctx.session.get(User, owner_key) if batch is None else batch.user(owner_key)
    if owner is None or not owner.active or not may_assign_to(ctx.actor, "customer", owner.id, owner.team_id):
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
    if batch is not None:
        batch.take_name(key)
    record(ctx, batch, "create_customer", customer, None)
    return customer


def update(ctx: ServiceContext, customer_id: int, *, batch: WriteBatch | None = None, **changes: Any) -> Customer:
    customer = get(ctx, customer_id, for_write=True, batch=batch)
    if batch is not None:
        batch.before_change(customer)
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
    record(ctx, batch, "update_customer", customer, before)
    return customer


def add_contact(
    ctx: ServiceContext,
    customer_id: int,
    name: str,
    *,
    title: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    batch: WriteBatch | None = None,
) -> Contact:
    customer = get(ctx, customer_id, for_write=True, batch=batch)
    clean_name = v.required_text(name, "contact")
    if find_contact(ctx, customer.id, clean_name, batch=batch) is not None:
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
    if batch is not None:
        batch.added_contact(contact)
    record(ctx, batch, "add_contact", contact, None)
    return contact


def update_contact(ctx: ServiceContext, contact_id: int, *, title: str | None = None, phone: str | None = None,
                   email: str | None = None, batch: WriteBatch | None = None) -> Contact:
    """Fill in or correct a contact's title, phone or e-mail (what a visit note may mention about them)."""
    contact = ctx.session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(entity="contact")
    get(ctx, contact.customer_id, for_write=True, batch=batch)
    if batch is not None:
        batch.before_change(contact)
    before = audit.snapshot(contact)
    if title is not None:
        contact.title = v.clean_text(title, "title")
    if phone is not None:
        contact.phone = v.phone(phone)
    if email is not None:
        contact.email = v.email(email)
    record(ctx, batch, "update_contact", contact, before)
    return contact


def contacts(ctx: ServiceContext, customer_id: int) -> list[Contact]:
    get(ctx, customer_id)
    query = select(Contact).where(Contact.customer_id == customer_id).order_by(Contact.id)
    return list(ctx.session.scalars(query).all())


def person_key(name: str) -> str:
    """A person's name independent of case, spacing and word order: "li wei", "Wei Li" and "LiWei" agree."""
    words = sorted(loose_key(part) for part in name.split() if loose_key(part))
    return "".join(words) if len(words) > 1 else loose_key(name)


def find_contact(ctx: ServiceContext, customer_id: int, name: str, *, batch: WriteBatch | None = None
                 ) -> Contact | None:
    """The customer's contact with this name, in any case or word order ("li wei" is Wei Li)."""
    wanted, joined = person_key(name), loose_key(name)
    known = contacts(ctx, customer_id) if batch is None else batch.contacts_of(get(ctx, customer_id).id)
    for contact in known:
        if person_key(contact.name) == wanted or loose_key(contact.name) == joined:
            return contact
    return None


def contact_by_given_name(ctx: ServiceContext, customer_id: int, name: str) -> Contact | None:
    """The customer's one contact that a partial name means ("nancy" → Nancy Davolio; 王总 → 王总): every word
    said is a word of the contact's name. None when there is none or more than one."""
    said = {loose_key(part) for part in name.split() if loose_key(part)}
    if not said:
        return None
    found = [c for c in contacts(ctx, customer_id)
             if said <= {loose_key(part) for part in c.name.split()} or loose_key(c.name) == loose_key(name)]
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class CustomerCard:
    customer: Customer
    owner_name: str
    contacts: list[Contact]
    interactions: list[Interaction]
    open_deals: list[Deal]
    open_tasks: list[Task]


def card(ctx: ServiceContext, customer_id: int, *, recent: int = 5) -> CustomerCard:
    """The 360° view: who they are, who we know there, what happened lately, what is open (as far as the
    actor may see: a customer shared with a rep shows that rep's deals, not its owner's)."""
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
        .order_by(Deal.expected_close_date.is_(None), Deal.expected_close_date, Deal.id)
    ).all()
    tasks = session.scalars(
        select(Task)
        .where(Task.customer_id == customer_id, Task.status == "open")
        .order_by(Task.due_at.is_(None), Task.due_at, Task.id)
    ).all()
    return CustomerCard(customer, owner_name, contacts(ctx, customer_id), list(interactions), list(deals),
                        list(tasks))
