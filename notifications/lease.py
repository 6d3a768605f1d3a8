"""Leader election through a lease row: among several `salesbot serve` processes on one database, exactly one
runs the scheduled work; when it dies, its lease runs out and another takes over.

A lease, not a PostgreSQL advisory lock, because it works the same on SQLite and PostgreSQL and its state can be
read (`salesbot jobs list` shows the holder). Each new holder bumps `token`, a fencing token: the tick checks it
still holds the lease with its token before working, so a paused ex-leader that wakes up does nothing. The
instants come from the injected clock, so hosts need synchronised clocks (NTP), as any lease does.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from core.context import CoreGateway
from core.db import add_unless_exists
from core.models import SchedulerLease

DEFAULT_TTL = timedelta(seconds=30)


def default_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class LeaseState:
    holder: str | None
    token: int
    expires_at: datetime | None
    last_tick_at: datetime | None


class LeaderLease:
    def __init__(self, core: CoreGateway, *, name: str = "scheduler", holder: str | None = None,
                 ttl: timedelta = DEFAULT_TTL) -> None:
        self.core = core
        self.name = name
        self.holder = holder or default_holder()
        self.ttl = ttl
        self.token: int | None = None

    def _ensure_row(self) -> None:
        with self.core.system() as system:
            session = system.session
            if session.get(SchedulerLease, self.name) is not None:
                return
            add_unless_exists(session, SchedulerLease(name=self.name, holder=None, token=0))  # or another did

    def acquire(self) -> bool:
        """Renew our lease, or take it if it is free or expired. True while we are the leader."""
        self._ensure_row()
        now = self.core.clock.now()
        with self.core.system() as system:
            session = system.session
            if self.token is not None:
                renewed = session.execute(
                    update(SchedulerLease)
                    .where(SchedulerLease.name == self.name, SchedulerLease.holder == self.holder,
                           SchedulerLease.token == self.token)
                    .values(expires_at=now + self.ttl)
                )
                if getattr(renewed, "rowcount", 0) == 1:
                    return True
                self.token = None  # someone else took it while we were away
            taken = session.execute(
                update(SchedulerLease)
                .where(SchedulerLease.name == self.name,
                       or_(SchedulerLease.holder.is_(None), SchedulerLease.expires_at.is_(None),
                           SchedulerLease.expires_at < now))
                .values(holder=self.holder, token=SchedulerLease.token + 1, acquired_at=now,
                        expires_at=now + self.ttl)
            )
            if getattr(taken, "rowcount", 0) != 1:
                return False
            self.token = session.scalar(select(SchedulerLease.token).where(SchedulerLease.name == self.name))
            return True

    def holds(self) -> bool:
        """Whether we still hold an unexpired lease with our token (checked before each tick)."""
        if self.token is None:
            return False
        now = self.core.clock.now()
        with self.core.system() as system:
            session = system.session
            row = session.get(SchedulerLease, self.name)
            return (row is not None and row.holder == self.holder and row.token == self.token
                    and row.expires_at is not None and row.expires_at > now)

    def record_tick(self, instant: datetime) -> None:
        with self.core.system() as system:
            session = system.session
            session.execute(update(SchedulerLease)
                            .where(SchedulerLease.name == self.name, SchedulerLease.token == self.token)
                            .values(last_tick_at=instant))

    def release(self) -> None:
        """Give the lease up (a clean shutdown): another process takes over at its next attempt."""
        if self.token is None:
            return
        with self.core.system() as system:
            session = system.session
            session.execute(
                update(SchedulerLease)
                .where(SchedulerLease.name == self.name, SchedulerLease.holder == self.holder,
                       SchedulerLease.token == self.token)
                .values(holder=None, expires_at=None)
            )
        self.token = None

    def state(self) -> LeaseState | None:
        with self.core.system() as system:
            session = system.session
            row = session.get(SchedulerLease, self.name)
            if row is None:
                return None
            return LeaseState(row.holder, row.token, row.expires_at, row.last_tick_at)
