"""The customer directory: every customer's normalised labels, cached per process and checked every message.

Resolution and spotting need the names of all customers a user can see; for an admin that is the whole book.
Normalising ten thousand names per message is most of a message's cost, so the labels are kept between
messages and rebuilt only when the customers change. "Changed" is read from the database each time: every
customer write is audited (core guarantees it), so the newest customer audit row, the row count and the
highest id together change whenever a name can have — in this process or any other.
Visibility is never cached: it is asked from core's permission scope per message.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import func, select

from bot.intents.resolve import CustomerIndex, Label, labels_of
from core.context import ServiceContext
from core.models import AuditLog, Customer
from core.services import customers
from core.services.customers import CustomerName

Version = tuple[int | None, int, int | None]
VISIBLE_CACHE = 16


@dataclass(frozen=True)
class VisibleCustomers:
    names: list[CustomerName]
    index: CustomerIndex
    labels: tuple[str, ...]  # names and aliases, for the parser's spotter


class CustomerDirectory:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Keyed by database (tests and tools may use several); each entry: version, names, labels by customer.
        self._cache: dict[str, tuple[Version, dict[int, CustomerName], dict[int, list[Label]]]] = {}
        self._visible: dict[tuple[str, Version, tuple[int, ...]], VisibleCustomers] = {}

    def visible(self, ctx: ServiceContext) -> VisibleCustomers:
        session = ctx.session
        version: Version = (
            session.scalar(select(func.max(AuditLog.id)).where(AuditLog.entity_type == Customer.__tablename__)),
            int(session.scalar(select(func.count(Customer.id))) or 0),
            session.scalar(select(func.max(Customer.id))),
        )
        database = str(session.get_bind().engine.url)
        with self._lock:
            cached = self._cache.get(database)
        if cached is None or cached[0] != version:
            everyone = customers.all_names(session)
            by_id = {c.id: c for c in everyone}
            labels: dict[int, list[Label]] = {}
            for label in labels_of(everyone):
                labels.setdefault(label.owner.id, []).append(label)
            cached = (version, by_id, labels)
            with self._lock:
                self._cache[database] = cached
        _, by_id, labels = cached
        # Seeing every customer (admins, finance) is common and the cheapest case: no id list to fetch.
        ids = tuple(by_id) if customers.count_visible(ctx) == version[1] else customers.visible_ids(ctx)
        key = (database, version, ids)
        with self._lock:
            found = self._visible.get(key)
        if found is not None:
            return found
        names = [by_id[i] for i in ids if i in by_id]
        chosen = [label for i in ids for label in labels.get(i, ())]
        found = VisibleCustomers(names, CustomerIndex(labels=chosen),
                                 tuple(text for c in names for text in (c.name, *c.aliases)))
        with self._lock:
            # A few recent audiences (an admin, a team, a rep …) stay built; the oldest goes first.
            self._visible[key] = found
            while len(self._visible) > VISIBLE_CACHE:
                self._visible.pop(next(iter(self._visible)))
        return found
