"""The tick: everything due at one instant — discover what has come due, then deliver it.

The scheduler calls `tick()` every minute; `salesbot jobs run-due --now …` calls it once. It is idempotent:
running it twice at the same instant (or after a crash half-way) finds the same keys already stored and the
same rows already queued, and adds nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.clock import FixedClock
from core.context import CoreGateway
from core.db import add_unless_exists, transaction
from core.models import NOTIFICATION_OPEN, Notification
from notifications import rules as rule_registry
from notifications.delivery import Outcome, deliver_user
from notifications.rules.base import Audience, DueItem, NotifyConfig, RenderContext, Rule, Scan

log = logging.getLogger(__name__)


@dataclass
class TickReport:
    now: datetime
    discovered: int = 0
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def queued(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == "queued")


class NotificationEngine:
    def __init__(self, core: CoreGateway, config: NotifyConfig | None = None, *,
                 rules: dict[str, Rule] | None = None, polisher: Callable[[str, str], str] | None = None,
                 charts: bool = True) -> None:
        self.core = core
        self.config = config or NotifyConfig()
        self._rules = rules
        self.polisher = polisher
        self.charts = charts

    @property
    def rules(self) -> dict[str, Rule]:
        return self._rules if self._rules is not None else rule_registry.registry()

    def tick(self, now: datetime | None = None, *, dry_run: bool = False) -> TickReport:
        """Run everything due at `now` (default: the clock). A dry run computes and renders, then rolls back."""
        instant = now or self.core.clock.now()
        if instant.tzinfo is None:
            raise ValueError("tick needs an aware instant")
        # One instant for the whole tick: every rule, render and service call sees the same "now".
        clock = FixedClock(instant)
        if dry_run:
            session = self.core.factory()
            try:
                report = TickReport(instant, self._discover(session, clock))
                report.outcomes = self._deliver_all(session, clock)
                return report
            finally:
                session.rollback()
                session.close()
        with transaction(self.core.factory) as session:
            discovered = self._discover(session, clock)
        report = TickReport(instant, discovered)
        report.outcomes = self._deliver_all(None, clock)
        return report

    # -- discover ------------------------------------------------------------------------------------------

    def _discover(self, session: Session, clock: FixedClock) -> int:
        now = clock.now()
        scan = Scan(session, now, Audience(session, self.core.defaults), self.config, clock, self.core.defaults)
        items: dict[str, DueItem] = {}
        for rule in self.rules.values():
            try:
                for item in rule.due(scan):
                    who = scan.audience.get(item.user_id)
                    # A muted kind is not even recorded: unmuting later does not bring back old pushes.
                    if who is not None and who.prefs.wants(item.kind):
                        items.setdefault(item.key, item)
            except Exception:  # one broken rule must not silence the others
                log.exception("reminder rule %s failed", rule.kind)
        fresh = self._unseen(session, items)
        if not fresh:
            return 0
        rows = [self._row(item, now) for item in fresh]
        try:
            with session.begin_nested():
                session.add_all(rows)
        except IntegrityError:
            # Another run stored some of these keys meanwhile: add one at a time, skipping the taken ones.
            rows = [row for row in (self._row(item, now) for item in fresh) if self._add_one(session, row)]
        return len(rows)

    @staticmethod
    def _unseen(session: Session, items: dict[str, DueItem]) -> list[DueItem]:
        keys = list(items)
        seen: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            seen |= set(session.scalars(select(Notification.key).where(Notification.key.in_(chunk))))
        return [items[key] for key in keys if key not in seen]

    @staticmethod
    def _row(item: DueItem, now: datetime) -> Notification:
        entity_type, entity_id = item.entity if item.entity else (None, None)
        return Notification(
            key=item.key, kind=item.kind, user_id=item.user_id, team_id=item.team_id, entity_type=entity_type,
            entity_id=entity_id, params=item.params, urgent=item.urgent, due_at=item.due_at,
            deliver_after=item.due_at, status="pending", snoozes=0, created_at=now, updated_at=now,
        )

    @staticmethod
    def _add_one(session: Session, row: Notification) -> bool:
        return add_unless_exists(session, row)

    # -- deliver ------------------------------------------------------------------------------------------

    @contextmanager
    def _unit(self, shared: Session | None) -> Iterator[Session]:
        """A transaction per user in real runs; the dry run's one session (rolled back at the end) otherwise."""
        if shared is not None:
            yield shared
            return
        with transaction(self.core.factory) as session:
            yield session

    def _deliver_all(self, shared: Session | None, clock: FixedClock) -> list[Outcome]:
        now = clock.now()
        with self._unit(shared) as lookup:
            user_ids = list(lookup.scalars(
                select(Notification.user_id).where(Notification.status.in_(NOTIFICATION_OPEN),
                                                   Notification.deliver_after <= now)
                .distinct().order_by(Notification.user_id)
            ))
            audience = Audience(lookup, self.core.defaults)
        outcomes: list[Outcome] = []
        for user_id in user_ids:
            try:
                with self._unit(shared) as session:
                    view = RenderContext(session, now, clock, self.core.defaults, self.config, self.polisher,
                                         self.charts)
                    outcomes += deliver_user(session, view, audience.get(user_id), user_id, self.rules,
                                             self.config.batch_size)
            except Exception:  # this user's pushes stay pending for the next tick; the others go on
                log.exception("delivering notifications for user %s failed", user_id)
        return outcomes
