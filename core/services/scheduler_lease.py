"""The leader lease row (`scheduler_leases`): among several `salesbot serve` processes on one database, the holder
runs the scheduled work. Every new holder bumps `token`, a fencing token; each statement here is a compare-and-set
on it, so a holder that lost the lease (paused, then woken) changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update

from core.context import SystemContext
from core.db import add_unless_exists
from core.models import SchedulerLease


@dataclass(frozen=True)
class LeaseState:
    holder: str | None
    token: int
    expires_at: datetime | None
    last_tick_at: datetime | None


def ensure(system: SystemContext, name: str) -> None:
    """Create the lease row, free, unless it exists (or a concurrent process creates it first)."""
    if system.session.get(SchedulerLease, name) is None:
        add_unless_exists(system.session, SchedulerLease(name=name, holder=None, token=0))


def renew(system: SystemContext, name: str, holder: str, token: int, until: datetime) -> bool:
    """Extend our lease to `until`; False when it is no longer ours (another holder, another token)."""
    renewed = system.session.execute(
        update(SchedulerLease)
        .where(SchedulerLease.name == name, SchedulerLease.holder == holder, SchedulerLease.token == token)
        .values(expires_at=until)
    )
    return getattr(renewed, "rowcount", 0) == 1


def take(system: SystemContext, name: str, holder: str, until: datetime) -> int | None:
    """Take the lease if it is free or expired; our new token, or None when someone holds it."""
    now = system.now()
    taken = system.session.execute(
        update(SchedulerLease)
        .where(SchedulerLease.name == name,
               or_(SchedulerLease.holder.is_(None), SchedulerLease.expires_at.is_(None),
                   SchedulerLease.expires_at < now))
        .values(holder=holder, token=SchedulerLease.token + 1, acquired_at=now, expires_at=until)
    )
    if getattr(taken, "rowcount", 0) != 1:
        return None
    return system.session.scalar(select(SchedulerLease.token).where(SchedulerLease.name == name))


def held(system: SystemContext, name: str, holder: str, token: int) -> bool:
    """Whether `holder` still holds an unexpired lease with `token`."""
    row = system.session.get(SchedulerLease, name)
    return (row is not None and row.holder == holder and row.token == token
            and row.expires_at is not None and row.expires_at > system.now())


def record_tick(system: SystemContext, name: str, token: int, instant: datetime) -> None:
    system.session.execute(update(SchedulerLease)
                           .where(SchedulerLease.name == name, SchedulerLease.token == token)
                           .values(last_tick_at=instant))


def release(system: SystemContext, name: str, holder: str, token: int) -> None:
    """Give the lease up (a clean shutdown): another process takes it at its next attempt."""
    system.session.execute(
        update(SchedulerLease)
        .where(SchedulerLease.name == name, SchedulerLease.holder == holder, SchedulerLease.token == token)
        .values(holder=None, expires_at=None)
    )


def state(system: SystemContext, name: str) -> LeaseState | None:
    row = system.session.get(SchedulerLease, name)
    return None if row is None else LeaseState(row.holder, row.token, row.expires_at, row.last_tick_at)
