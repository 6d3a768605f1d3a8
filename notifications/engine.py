"""The tick: everything due at one instant — discover what has come due, then deliver it.

The scheduler calls `tick()` every minute; `salesbot jobs run-due --now …` calls it once. It is idempotent:
running it twice at the same instant (or after a crash half-way) finds the same keys already stored and the
same rows already queued, and adds nothing.

Transactions: discovery is one system unit (every rule's items stored together, or none); delivery is one system
unit per user (see `delivery`). A dry run does all of it in one unit that is rolled back at the end.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from core.clock import FixedClock
from core.context import CoreGateway, SystemContext
from core.rehearsal import rehearsal
from core.scoring import training
from core.services import audience, dashboard_access, pushes
from notifications import rules as rule_registry
from notifications.delivery import Outcome, deliver_user
from notifications.rules.base import DueItem, NotifyConfig, RenderContext, Rule, Scan

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
        core = CoreGateway(self.core.factory, FixedClock(instant), self.core.defaults)
        if dry_run:
            with rehearsal(core) as system:
                report = TickReport(instant, self._discover(core, system))
                report.outcomes = self._deliver_all(core, system)
                return report
        with core.system() as system:
            discovered = self._discover(core, system)
        self._refresh_scoring(core)
        self._housekeeping(core)
        report = TickReport(instant, discovered)
        report.outcomes = self._deliver_all(core, None)
        return report

    # -- discover ------------------------------------------------------------------------------------------

    def _discover(self, core: CoreGateway, system: SystemContext) -> int:
        scan = Scan(system, core, audience.everyone(system), self.config)
        items: list[DueItem] = []
        for rule in self.rules.values():
            try:
                for item in rule.due(scan):
                    who = scan.audience.get(item.user_id)
                    # A muted kind is not even recorded: unmuting later does not bring back old pushes.
                    if who is not None and who.prefs.wants(item.kind):
                        items.append(item)
            except Exception:  # one broken rule must not silence the others
                log.exception("reminder rule %s failed", rule.kind)
        return pushes.record(system, items)

    def _refresh_scoring(self, core: CoreGateway) -> None:
        """The win model is retrained here once a day (its own transaction; a failure never stops the tick)."""
        try:
            training.refresh(core)
        except Exception:
            log.exception("retraining the win-probability model failed")

    def _housekeeping(self, core: CoreGateway) -> None:
        """Rows that have outlived their use are deleted here: dashboard sign-in links and sessions (its own
        transaction, a few rows a minute at most; a failure never stops the tick)."""
        try:
            with core.system() as system:
                purged = dashboard_access.purge(system)
            if purged.links or purged.sessions:
                log.info("purged %s dashboard links and %s sessions", purged.links, purged.sessions)
        except Exception:
            log.exception("purging old dashboard links and sessions failed")

    # -- deliver ------------------------------------------------------------------------------------------

    @contextmanager
    def _unit(self, core: CoreGateway, shared: SystemContext | None) -> Iterator[SystemContext]:
        """A transaction per user in real runs; the dry run's one unit (rolled back at the end) otherwise."""
        if shared is not None:
            yield shared
            return
        with core.system() as system:
            yield system

    def _deliver_all(self, core: CoreGateway, shared: SystemContext | None) -> list[Outcome]:
        with self._unit(core, shared) as lookup:
            user_ids = pushes.recipients_due(lookup)
            people = audience.everyone(lookup)
        outcomes: list[Outcome] = []
        for user_id in user_ids:
            try:
                with self._unit(core, shared) as system:
                    view = RenderContext(system, core, self.config, self.polisher, self.charts)
                    outcomes += deliver_user(system, view, people.get(user_id), user_id, self.rules,
                                             self.config.batch_size)
            except Exception:  # this user's pushes stay pending for the next tick; the others go on
                log.exception("delivering notifications for user %s failed", user_id)
        return outcomes
