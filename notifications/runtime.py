"""Wiring for `salesbot serve` and the CLI: the engine, the guard and the scheduler, built from settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from core.context import CoreGateway
from notifications.engine import NotificationEngine
from notifications.guard import PushGuard
from notifications.lease import LeaderLease
from notifications.rules.base import NotifyConfig
from notifications.scheduler import JobDatabase, NotificationScheduler
from notifications.settings import NotificationSettings


def config_from(settings: NotificationSettings) -> NotifyConfig:
    base = NotifyConfig()
    return replace(base, stale_days={**base.stale_days, **settings.notify_stale_days})


@dataclass
class Notifications:
    engine: NotificationEngine
    guard: PushGuard
    scheduler: NotificationScheduler | None


def build(core: CoreGateway, settings: NotificationSettings, db: JobDatabase, *,
          wake: Callable[[], None] = lambda: None, polisher: Callable[[str, str], str] | None = None) -> Notifications:
    """`polisher` is the optional LLM hook for daily-report drafts (None: the offline draft is sent as is)."""
    engine = NotificationEngine(core, config_from(settings), polisher=polisher)
    scheduler = None
    if settings.scheduler_enabled:
        lease = LeaderLease(core, ttl=timedelta(seconds=settings.scheduler_lease_seconds))
        renew = timedelta(seconds=max(1, settings.scheduler_lease_seconds // 3))
        scheduler = NotificationScheduler(engine, lease, db, wake=wake, renew_every=renew)
    return Notifications(engine, PushGuard(core), scheduler)
