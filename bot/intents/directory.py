"""The customer directory: every customer's normalised labels, cached per process and checked every message.

Resolution and spotting need the names of all customers a user can see; for an admin that is the whole book.
Normalising ten thousand names per message is most of a message's cost, so the labels are kept between
messages and rebuilt only when the customers change. "Changed" is read from the database each time: every
customer write moves its `updated_at`, so the newest change, the row count and the highest id together change
whenever a name can have — in this process or any other (`customers.directory_version`).
Visibility is never cached: it is asked from core's permission scope per message.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from bot.intents.resolve import CustomerIndex, labels_of
from core.context import ServiceContext
from core.services import customers
from core.services.customers import CustomerName, DirectoryVersion

VISIBLE_CACHE = 16


@dataclass(frozen=True)
class VisibleCustomers:
    """Every customer's name (names are known to everyone: the 撞单 rule) and which of them the user may see.

    The parser spots any customer's name in a message, so a colleague's customer is recognised as named (and
    answered with the owned-customer policy) instead of being mistaken for no customer at all; resolution
    tells the user's own (visible) matches from the others.
    """

    names: list[CustomerName]  # the visible ones
    visible_ids: frozenset[int]
    index: CustomerIndex  # over every customer's names and aliases
    labels: tuple[str, ...]  # every customer's names and aliases, for the parser's spotter

    def is_visible(self, customer_id: int) -> bool:
        return customer_id in self.visible_ids


@dataclass(frozen=True)
class _Everyone:
    version: DirectoryVersion
    by_id: dict[int, CustomerName]
    index: CustomerIndex
    labels: tuple[str, ...]


class CustomerDirectory:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        # One directory per database: the conversation of one core gateway owns one.
        self._everyone: _Everyone | None = None
        self._visible: dict[tuple[DirectoryVersion, tuple[int, ...]], VisibleCustomers] = {}

    def visible(self, ctx: ServiceContext) -> VisibleCustomers:
        """Every customer's labels and the ones the actor may see."""
        version = customers.directory_version(ctx)
        with self._lock:
            everyone = self._everyone
        if everyone is None or everyone.version != version:
            names = customers.name_directory(ctx)
            everyone = _Everyone(version, {c.id: c for c in names}, CustomerIndex(labels=labels_of(names)),
                                 tuple(text for c in names for text in (c.name, *c.aliases)))
            with self._lock:
                self._everyone = everyone
        # Seeing every customer (admins, finance) is common and the cheapest case: no id list to fetch.
        ids = tuple(everyone.by_id) if customers.count_visible(ctx) == version[0] else customers.visible_ids(ctx)
        key = (version, ids)
        with self._lock:
            found = self._visible.get(key)
        if found is not None:
            return found
        found = VisibleCustomers([everyone.by_id[i] for i in ids if i in everyone.by_id], frozenset(ids),
                                 everyone.index, everyone.labels)
        with self._lock:
            # A few recent audiences (an admin, a team, a rep …) stay built; the oldest goes first.
            self._visible[key] = found
            while len(self._visible) > VISIBLE_CACHE:
                self._visible.pop(next(iter(self._visible)))
        return found
