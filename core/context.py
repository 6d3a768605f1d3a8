"""Units of work: one transaction, one clock, and either one acting user or the system.

- `CoreGateway.unit(user_id)`: everything a user does (a chat turn, a button) runs in one of these. Its session
  is scoped (`core.scoping`): queries see only what the user may read; flushes write only what they may change.
- `CoreGateway.reading(user_id)`: the same scope, read-only, and without taking SQLite's write lock — for
  loading what a turn needs before the (possibly slow) parse, so one slow parse never blocks anyone's write.
- `CoreGateway.system()`: bookkeeping that acts for nobody (the inbox, the outbox, identities, jobs scanning
  for due reminders, the voice worker). Only core services take it.

Outer layers (handlers, channels, jobs) hold these contexts and pass them to core services; they never reach
the session inside (a test enforces it).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from core.clock import Clock
from core.db import read_only, transaction
from core.errors import NotFound
from core.models import User
from core.permissions import Actor, as_role
from core.scoping import guard, guarded
from core.scoring.intent_config import IntentConfig


@dataclass(frozen=True)
class Defaults:
    currency: str = "CNY"
    timezone: str = "Asia/Shanghai"
    language: str = "zh"
    # Where a team's own data files (project templates, approval flows) override the packaged ones.
    data_dir: Path | None = None
    # The address users reach this server at (SALESBOT_PUBLIC_URL), for links the bot sends (the dashboard's).
    public_url: str | None = None
    # What makes a customer high-intent (SALESBOT_INTENT_*): the chat, the push and the API read this one.
    intent: IntentConfig = field(default_factory=IntentConfig)


@dataclass
class ServiceContext:
    """An actor's unit of work. `session` is for core services only."""

    session: Session
    actor: Actor
    clock: Clock
    defaults: Defaults
    change_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def now(self) -> datetime:
        return self.clock.now()


@dataclass
class SystemContext:
    """A unit of work that acts for no user (bookkeeping, scheduled scans). `session` is for core services only."""

    session: Session
    clock: Clock
    defaults: Defaults

    def now(self) -> datetime:
        return self.clock.now()


class Unit(Protocol):
    """Either kind of unit of work: what bookkeeping services need (a session and the clock)."""

    session: Session
    defaults: Defaults

    def now(self) -> datetime: ...


def actor_for(user: User, defaults: Defaults) -> Actor:
    team_tz = user.team.timezone if user.team is not None else None
    return Actor(
        user_id=user.id,
        role=as_role(user.role),
        team_id=user.team_id,
        language=user.language,
        timezone=user.timezone or team_tz or defaults.timezone,
        name=user.name,
    )


class CoreGateway:
    """What the outer layers hold to talk to core: opens units of work for a user or for the system."""

    def __init__(self, factory: sessionmaker[Session], clock: Clock, defaults: Defaults) -> None:
        self.factory = factory
        self.clock = clock
        self.defaults = defaults

    @contextmanager
    def unit(self, user_id: int) -> Iterator[ServiceContext]:
        with transaction(self.factory) as session:
            yield self._scoped(session, user_id)

    @contextmanager
    def reading(self, user_id: int) -> Iterator[ServiceContext]:
        """A read-only unit for the actor: nothing it does is written, and it takes no write lock."""
        with read_only(self.factory) as session:
            yield self._scoped(session, user_id)

    @contextmanager
    def system(self) -> Iterator[SystemContext]:
        with transaction(self.factory) as session:
            yield SystemContext(session, self.clock, self.defaults)

    def actor(self, user_id: int) -> Actor:
        """The actor for a user, read in a short transaction of its own (for work done outside a unit)."""
        with read_only(self.factory) as session:
            user = session.get(User, user_id)
            if user is None or not user.active:
                raise NotFound(entity="user")
            return actor_for(user, self.defaults)

    @contextmanager
    def unit_within(self, system: SystemContext, user_id: int) -> Iterator[ServiceContext]:
        """An actor's unit inside an open system transaction (a savepoint): what the actor does commits or rolls
        back with the system work around it (a voice job's turn and the job's completion). The actor's guards
        hold only while the unit lasts."""
        session = system.session
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise NotFound(entity="user")
        actor = actor_for(user, self.defaults)
        with session.begin_nested(), guarded(session, actor):
            yield ServiceContext(session, actor, self.clock, self.defaults)
            # Flush while the guards still hold: the savepoint's own flush comes after they are gone.
            session.flush()

    def _scoped(self, session: Session, user_id: int) -> ServiceContext:
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise NotFound(entity="user")
        actor = actor_for(user, self.defaults)
        guard(session, actor)
        return ServiceContext(session, actor, self.clock, self.defaults)
