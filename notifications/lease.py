"""Leader election through a lease row: among several `salesbot serve` processes on one database, exactly one
runs the scheduled work; when it dies, its lease runs out and another takes over.

A lease, not a PostgreSQL advisory lock, because it works the same on SQLite and PostgreSQL and its state can be
read (`salesbot jobs list` shows the holder). Each new holder bumps `token`, a fencing token: the tick checks it
still holds the lease with its token before working, so a paused ex-leader that wakes up does nothing. The
instants come from the injected clock, so hosts need synchronised clocks (NTP), as any lease does. The row itself
is kept by `core.services.scheduler_lease`; this object remembers our token between calls.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from core.context import CoreGateway
from core.services import scheduler_lease
from core.services.scheduler_lease import LeaseState

DEFAULT_TTL = timedelta(seconds=30)

__all__ = ["DEFAULT_TTL", "LeaderLease", "LeaseState", "default_holder"]


def default_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class LeaderLease:
    def __init__(self, core: CoreGateway, *, name: str = "scheduler", holder: str | None = None,
                 ttl: timedelta = DEFAULT_TTL) -> None:
        self.core = core
        self.name = name
        self.holder = holder or default_holder()
        self.ttl = ttl
        self.token: int | None = None

    def acquire(self) -> bool:
        """Renew our lease, or take it if it is free or expired. True while we are the leader."""
        with self.core.system() as system:
            scheduler_lease.ensure(system, self.name)
        until = self.core.clock.now() + self.ttl
        with self.core.system() as system:
            if self.token is not None:
                if scheduler_lease.renew(system, self.name, self.holder, self.token, until):
                    return True
                self.token = None  # someone else took it while we were away
            self.token = scheduler_lease.take(system, self.name, self.holder, until)
            return self.token is not None

    def holds(self) -> bool:
        """Whether we still hold an unexpired lease with our token (checked before each tick)."""
        if self.token is None:
            return False
        with self.core.system() as system:
            return scheduler_lease.held(system, self.name, self.holder, self.token)

    def record_tick(self, instant: datetime) -> None:
        if self.token is None:
            return
        with self.core.system() as system:
            scheduler_lease.record_tick(system, self.name, self.token, instant)

    def release(self) -> None:
        """Give the lease up (a clean shutdown): another process takes over at its next attempt."""
        if self.token is None:
            return
        with self.core.system() as system:
            scheduler_lease.release(system, self.name, self.holder, self.token)
        self.token = None

    def state(self) -> LeaseState | None:
        with self.core.system() as system:
            return scheduler_lease.state(system, self.name)
