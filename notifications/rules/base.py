"""What a reminder rule is: a small object that finds what has come due and says it.

A rule never sends anything. It yields `DueItem`s — each with a key naming the occurrence — and the engine
stores them as `Notification` rows (the key is unique, so an occurrence exists once), then delivers them with
quiet hours, batching, permissions and the outbox. New kinds (contracts, approvals, installments, milestones)
plug in by registering a rule; the scheduler and the engine do not change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import Clock, SystemClock
from core.context import Defaults, ServiceContext, SystemContext
from core.models import Notification, Team, User
from core.outbound import Choice, ImageRef
from core.permissions import Actor, as_role
from core.scoping import guarded
from core.services import preferences
from core.services.preferences import Prefs
from notifications import buttons


@dataclass(frozen=True)
class Recipient:
    """A user as a push sees them: zone and language resolved, preferences filled in."""

    user_id: int
    name: str
    role: str
    team_id: int | None
    language: str
    timezone: str
    prefs: Prefs

    def actor(self) -> Actor:
        return Actor(self.user_id, as_role(self.role), self.team_id, self.language, self.timezone, self.name)


class Audience:
    """Every active user, loaded once per tick (zones fall back to the team's, then to the default)."""

    def __init__(self, session: Session, defaults: Defaults) -> None:
        rows = session.execute(
            select(User, Team.timezone).outerjoin(Team, Team.id == User.team_id).where(User.active.is_(True))
        ).all()
        prefs = preferences.load_many(SystemContext(session, SystemClock(), defaults), [row[0].id for row in rows])
        self._people: dict[int, Recipient] = {}
        for user, team_tz in rows:
            self._people[user.id] = Recipient(
                user.id, user.name, user.role, user.team_id, user.language,
                user.timezone or team_tz or defaults.timezone, prefs[user.id],
            )

    def get(self, user_id: int) -> Recipient | None:
        return self._people.get(user_id)

    def all(self) -> list[Recipient]:
        return list(self._people.values())

    def ids(self) -> list[int]:
        return list(self._people)


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
class Scan:
    """What a rule gets to look for due items at one instant."""

    session: Session
    now: datetime
    audience: Audience
    config: NotifyConfig
    clock: Clock
    defaults: Defaults

    @contextmanager
    def acting(self, who: Recipient) -> Iterator[ServiceContext]:
        """Queries made for a push run with the recipient's own permissions (the guards hold while it lasts)."""
        with guarded(self.session, who.actor()):
            yield ServiceContext(self.session, who.actor(), self.clock, self.defaults)

    def within(self, fire: datetime, catch_up: timedelta | None = None) -> bool:
        """Due now: the fire time has come and is not older than the catch-up window."""
        return self.now - (catch_up or self.config.catch_up) < fire <= self.now


@dataclass(frozen=True)
class DueItem:
    kind: str
    key: str
    user_id: int
    due_at: datetime
    params: dict[str, Any]
    entity: tuple[str, int] | None = None
    team_id: int | None = None
    urgent: bool = False


@dataclass
class PushItem:
    """One rendered push: its text and buttons; `compact(n)` gives the numbered buttons used inside a batch."""

    text: str
    choices: list[Choice] = field(default_factory=list)
    compact: Callable[[int], list[Choice]] | None = None
    image: ImageRef | None = None
    entities: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class RenderContext:
    session: Session
    now: datetime
    clock: Clock
    defaults: Defaults
    config: NotifyConfig = field(default_factory=NotifyConfig)
    # Optional hook that polishes the daily-report draft (an LLM, when configured); off by default.
    polisher: Callable[[str, str], str] | None = None
    # Charts cost ~100 ms each; `jobs run-due --dry-run` and the bench may switch them off.
    charts: bool = True

    @contextmanager
    def acting(self, who: Recipient) -> Iterator[ServiceContext]:
        """Queries made for a push run with the recipient's own permissions (the guards hold while it lasts)."""
        with guarded(self.session, who.actor()):
            yield ServiceContext(self.session, who.actor(), self.clock, self.defaults)


class Rule(Protocol):
    kind: str
    # Whether this push may share one message with others due at the same time.
    batchable: bool

    def due(self, scan: Scan) -> Iterable[DueItem]:
        """Everything of this kind due at `scan.now` (already-stored keys are filtered by the engine)."""
        ...

    def relevant(self, session: Session, note: Notification, now: datetime) -> bool:
        """Still worth saying (the task is still open, the report still missing …), checked right before sending."""
        ...

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem: ...


def reminder_item(lang: str, nid: int, text: str, entities: list[tuple[str, int]], *, open_: bool = True
                  ) -> PushItem:
    """A reminder with Done / Snooze (1 h, tomorrow, custom) / Open."""
    return PushItem(text, buttons.reminder(lang, nid, open_=open_),
                    partial(buttons.reminder_compact, lang, nid, open_=open_), entities=entities)


def stamp(instant: datetime) -> str:
    """A compact UTC stamp for keys: an occurrence at another instant is another occurrence."""
    return instant.strftime("%Y%m%dT%H%MZ")
