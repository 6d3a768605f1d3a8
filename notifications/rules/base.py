"""What a reminder rule is: a small object that finds what has come due and says it.

A rule never sends anything. It yields `DueItem`s — each with a key naming the occurrence — and the engine
stores them as `Notification` rows (the key is unique, so an occurrence exists once), then delivers them with
quiet hours, batching, permissions and the outbox. New kinds (contracts, approvals, installments, milestones)
plug in by registering a rule; the scheduler and the engine do not change.

Rules reach data only through core services: scans take the tick's system unit (`scan.system`); anything read
*for* a recipient (a report draft, a digest, suggestions) runs in the recipient's own unit (`acting`), so their
permissions apply to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Protocol

from core import push_actions
from core.context import CoreGateway, ServiceContext, SystemContext, Unit
from core.models import Notification
from core.outbound import Choice, ImageRef
from core.services.audience import Audience, Recipient
from core.services.pushes import DueItem

__all__ = ["Audience", "DueItem", "NotifyConfig", "PushItem", "Recipient", "RenderContext", "Rule", "Scan",
           "reminder_item", "stamp"]


@dataclass(frozen=True)
class NotifyConfig:
    """Thresholds the rules use (settings can override them)."""

    # Days without activity after which an open deal counts as quiet, per stage.
    stale_days: dict[str, int] = field(default_factory=lambda: {"lead": 14, "qualified": 10, "proposal": 7,
                                                                "negotiation": 5})
    # How late an exact-time reminder may still go out after downtime (later ones are dropped, not sent).
    catch_up: timedelta = timedelta(hours=12)
    # How many days back a day-level reminder (quiet deal, passed close date) may still be raised.
    day_catch_up: int = 2
    # The most items one batched message carries.
    batch_size: int = 8


@dataclass
class _Units:
    """The tick's system unit, and the gateway that opens a recipient's unit inside it."""

    system: SystemContext
    core: CoreGateway

    @property
    def now(self) -> datetime:
        return self.system.now()

    def acting(self, who: Recipient) -> AbstractContextManager[ServiceContext]:
        """Queries made for a push run with the recipient's own permissions (a savepoint in the tick's unit)."""
        return self.core.unit_within(self.system, who.user_id)


@dataclass
class Scan(_Units):
    """What a rule gets to look for due items at one instant."""

    audience: Audience
    config: NotifyConfig

    def within(self, fire: datetime, catch_up: timedelta | None = None) -> bool:
        """Due now: the fire time has come and is not older than the catch-up window."""
        return self.now - (catch_up or self.config.catch_up) < fire <= self.now


@dataclass
class RenderContext(_Units):
    """What a rule gets to say a push, in the delivering user's transaction."""

    config: NotifyConfig = field(default_factory=NotifyConfig)
    # Optional hook that polishes the daily-report draft (an LLM, when configured); off by default.
    polisher: Callable[[str, str], str] | None = None
    # Charts cost ~100 ms each; `jobs run-due --dry-run` and the bench may switch them off.
    charts: bool = True


@dataclass
class PushItem:
    """One rendered push: its text and buttons; `compact(n)` gives the numbered buttons used inside a batch."""

    text: str
    choices: list[Choice] = field(default_factory=list)
    compact: Callable[[int], list[Choice]] | None = None
    image: ImageRef | None = None
    entities: list[tuple[str, int]] = field(default_factory=list)


class Rule(Protocol):
    kind: str
    # Whether this push may share one message with others due at the same time.
    batchable: bool

    def due(self, scan: Scan) -> Iterable[DueItem]:
        """Everything of this kind due at `scan.now` (already-stored keys are filtered by the engine)."""
        ...

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        """Still worth saying (the task is still open, the report still missing …), checked right before sending.

        `unit` is the delivering system unit, or at send time the recipient's own: ask core services, which
        answer within what the unit may read."""
        ...

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem: ...


def reminder_item(lang: str, nid: int, text: str, entities: list[tuple[str, int]], *, open_: bool = True
                  ) -> PushItem:
    """A reminder with Done / Snooze (1 h, tomorrow, custom) / Open."""
    return PushItem(text, push_actions.reminder(lang, nid, open_=open_),
                    partial(push_actions.reminder_compact, lang, nid, open_=open_), entities=entities)


def stamp(instant: datetime) -> str:
    """A compact UTC stamp for keys: an occurrence at another instant is another occurrence."""
    return instant.strftime("%Y%m%dT%H%MZ")
