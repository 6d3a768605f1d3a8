"""A CoreGateway whose units of work join a transaction that is already open.

The last step of a voice job — the conversation turn that proposes what the note said, its replies queued in
the outbox, the job marked done — must commit together or not at all: then a crash anywhere in it leaves the
job to be redone whole, and a finished job can never propose twice. The conversation engine opens its own
units through its gateway; this one hands it a savepoint inside the job's transaction instead (a domain error
rolls back only the savepoint, as it would roll back the engine's own transaction).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from core.context import CoreGateway, ServiceContext, actor_for
from core.errors import NotFound
from core.models import User


class JoinedGateway(CoreGateway):
    def __init__(self, base: CoreGateway, session: Session) -> None:
        super().__init__(base.factory, base.clock, base.defaults)
        self._session = session

    @contextmanager
    def unit(self, user_id: int) -> Iterator[ServiceContext]:
        user = self._session.get(User, user_id)
        if user is None or not user.active:
            raise NotFound(entity="user")
        with self._session.begin_nested():
            yield ServiceContext(self._session, actor_for(user, self.defaults), self.clock, self.defaults)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._session.begin_nested():
            yield self._session
