"""Writing many rows in one unit of work with a few set-based statements (an import's batch).

The services take an optional `WriteBatch`: with one, they keep every check and write the same rows and audit
entries, but what a single row would ask the database again and again is asked once per batch (whose team an
owner is in, which customers are shared with the actor, which names are taken, a customer's contacts), and
nothing is flushed row by row: new rows go out in one INSERT per table when the batch settles, through the
session's flush guard like any flush. Audit entries are written last (one executemany), in the order the rows
asked for them, each with the snapshot a row-by-row write would have taken (a create's after the insert, an
update's at the change) — tests/integration/test_import_batch_write.py passes on both paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, inspect, select

from core import audit
from core.context import ServiceContext
from core.models import AuditLog, Base, Contact, Customer, CustomerShare, User
from core.names import name_key
from core.scoping import CUSTOMER_NAMES


@dataclass
class _Entry:
    order: tuple[int, int]
    action: str
    obj: Base
    before: dict[str, Any] | None
    after: dict[str, Any] | None = None
    settled: bool = False


@dataclass
class WriteBatch:
    ctx: ServiceContext
    position: int = 0  # the row being written: entries sort by it, then by when they were made
    _entries: list[_Entry] = field(default_factory=list)
    _later: list[tuple[int, Callable[[], None]]] = field(default_factory=list)
    _teams: dict[int, int | None] = field(default_factory=dict)
    _shared: set[int] | None = None
    _taken: set[str] = field(default_factory=set)
    _checked: set[str] = field(default_factory=set)
    _contacts: dict[int, list[Contact]] = field(default_factory=dict)
    _made: int = 0
    _users: dict[int, User | None] = field(default_factory=dict)

    # -- what rows would ask one by one ------------------------------------------------------------

    def user(self, user_id: int) -> User | None:
        """An owner, held for the batch (the session's identity map holds rows only while someone does)."""
        if user_id not in self._users:
            self._users[user_id] = self.ctx.session.get(User, user_id)
        return self._users[user_id]

    def team_of(self, user_id: int) -> int | None:
        if user_id not in self._teams:
            self._teams[user_id] = self.ctx.session.scalar(select(User.team_id).where(User.id == user_id))
        return self._teams[user_id]

    def shared_with_actor(self, customer_id: int) -> bool:
        if self._shared is None:
            self._shared = set(self.ctx.session.scalars(select(CustomerShare.customer_id).where(
                CustomerShare.user_id == self.ctx.actor.user_id)))
        return customer_id in self._shared

    def reserve_names(self, names: Iterable[str]) -> None:
        """Look up at once which of these names any customer (readable or not) already has."""
        keys = list({name_key(name) for name in names} - {""} - self._checked)
        self._checked.update(keys)
        for start in range(0, len(keys), 1000):
            query = (select(Customer.name_key).where(Customer.name_key.in_(keys[start:start + 1000]))
                     .execution_options(**CUSTOMER_NAMES))
            self._taken.update(self.ctx.session.scalars(query))

    def name_taken(self, key: str) -> bool:
        """Whether any customer has this name key (looked up now unless `reserve_names` already did)."""
        if key not in self._checked:
            self._checked.add(key)
            query = (select(Customer.id).where(Customer.name_key == key).limit(1)
                     .execution_options(**CUSTOMER_NAMES))
            if self.ctx.session.scalar(query) is not None:
                self._taken.add(key)
        return key in self._taken

    def take_name(self, key: str) -> None:
        self._taken.add(key)

    def load_contacts(self, customer_ids: Iterable[int]) -> None:
        wanted = [cid for cid in set(customer_ids) if cid not in self._contacts]
        for cid in wanted:
            self._contacts[cid] = []
        for start in range(0, len(wanted), 1000):
            query = select(Contact).where(Contact.customer_id.in_(wanted[start:start + 1000])).order_by(Contact.id)
            for contact in self.ctx.session.scalars(query):
                self._contacts[contact.customer_id].append(contact)

    def contacts_of(self, customer_id: int) -> list[Contact]:
        if customer_id not in self._contacts:
            self.load_contacts([customer_id])
        return self._contacts[customer_id]

    def no_contacts_yet(self, customer_id: int) -> None:
        """A customer created in this batch: nothing to look up."""
        self._contacts.setdefault(customer_id, [])

    def added_contact(self, contact: Contact) -> None:
        self._contacts.setdefault(contact.customer_id, []).append(contact)

    # -- audit and ordering ------------------------------------------------------------------------

    def created(self, action: str, obj: Base) -> None:
        """A new row's audit entry; its snapshot is taken when the batch settles (after the insert)."""
        self._entries.append(_Entry(self._next(), action, obj, None))

    def changed(self, action: str, obj: Base, before: dict[str, Any]) -> None:
        self._entries.append(_Entry(self._next(), action, obj, before, audit.snapshot(obj), settled=True))

    def before_change(self, obj: Base) -> None:
        """Call before changing a row: one created in this batch is inserted (and its create snapshot taken)
        first, so that entry shows the row as created, not as changed later in the batch."""
        if inspect(obj).pending:
            self.settle()

    def later(self, step: Callable[[], None]) -> None:
        """Something that needs the ids of rows created so far (a deal's stage history): run when the batch
        settles, its audit entries sorted with the row that asked for it."""
        self._later.append((self.position, step))

    def settle(self) -> None:
        """Insert what is pending, take the create snapshots, run the steps waiting for ids; until nothing is left."""
        while True:
            self.ctx.session.flush()
            for entry in self._entries:
                if not entry.settled:
                    entry.after, entry.settled = audit.snapshot(entry.obj), True
            if not self._later:
                return
            steps, self._later = self._later, []
            current = self.position
            for position, step in steps:
                self.position = position
                step()
            self.position = current

    def finish(self) -> None:
        """Settle, then write the audit entries in row order.

        One executemany with no RETURNING (nothing needs their ids back); the flush guard's one rule for audit
        rows — each is the actor's own — holds by construction."""
        self.settle()
        now, actor = self.ctx.now(), self.ctx.actor.user_id
        rows = [{"change_id": self.ctx.change_id, "actor_id": actor, "action": entry.action,
                 "entity_type": entry.obj.__tablename__, "entity_id": entry.obj.id,  # type: ignore[attr-defined]
                 "before": entry.before, "after": entry.after, "created_at": now}
                for entry in sorted(self._entries, key=lambda entry: entry.order)]
        self._entries = []
        if rows:
            self.ctx.session.execute(insert(AuditLog), rows)

    def _next(self) -> tuple[int, int]:
        self._made += 1
        return self.position, self._made

    def record(self, action: str, obj: Base, before: dict[str, Any] | None) -> None:
        if before is None:
            self.created(action, obj)
        else:
            self.changed(action, obj, before)


def record(ctx: ServiceContext, batch: WriteBatch | None, action: str, obj: Base,
           before: dict[str, Any] | None) -> None:
    """`audit.record`, or the batch's deferred entry when writing a batch."""
    if batch is None:
        audit.record(ctx, action, obj, before)
    else:
        batch.record(action, obj, before)
