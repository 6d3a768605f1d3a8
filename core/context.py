"""The unit of work a service call runs in: one session, one acting user, one clock, one audit change."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from core.clock import Clock
from core.db import transaction
from core.errors import NotFound
from core.models import User
from core.permissions import Actor


@dataclass(frozen=True)
class Defaults:
    currency: str = "CNY"
    timezone: str = "Asia/Shanghai"
    language: str = "zh"


@dataclass
class ServiceContext:
    session: Session
    actor: Actor
    clock: Clock
    defaults: Defaults
    change_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def now(self) -> datetime:
        return self.clock.now()


def actor_for(user: User, defaults: Defaults) -> Actor:
    team_tz = user.team.timezone if user.team is not None else None
    return Actor(
        user_id=user.id,
        role=user.role,
        team_id=user.team_id,
        language=user.language,
        timezone=user.timezone or team_tz or defaults.timezone,
        name=user.name,
    )


class CoreGateway:
    """What the outer layers hold to talk to core: opens units of work for a given user."""

    def __init__(self, factory: sessionmaker[Session], clock: Clock, defaults: Defaults) -> None:
        self.factory = factory
        self.clock = clock
        self.defaults = defaults

    @contextmanager
    def unit(self, user_id: int) -> Iterator[ServiceContext]:
        with transaction(self.factory) as session:
            user = session.get(User, user_id)
            if user is None or not user.active:
                raise NotFound(entity="user")
            yield ServiceContext(session, actor_for(user, self.defaults), self.clock, self.defaults)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A plain transaction for bookkeeping that acts for no user (inbox, identities, outbox)."""
        with transaction(self.factory) as session:
            yield session
