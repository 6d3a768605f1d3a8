"""A CoreGateway whose units of work join a transaction that is already open.

The last step of a voice job — the conversation turn that proposes what the note said, its replies queued in
the outbox, the job marked done — must commit together or not at all: then a crash anywhere in it leaves the
job to be redone whole, and a finished job can never propose twice. The conversation engine opens its own
units through its gateway; this one hands it savepoints inside the job's transaction instead (a domain error
rolls back only the savepoint, as it would roll back the engine's own transaction), each scoped to the user.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from core.context import CoreGateway, ServiceContext, SystemContext


class JoinedGateway(CoreGateway):
    def __init__(self, base: CoreGateway, system: SystemContext) -> None:
        super().__init__(base.factory, base.clock, base.defaults)
        self._base = base
        self._system = system

    @contextmanager
    def unit(self, user_id: int) -> Iterator[ServiceContext]:
        with self._base.unit_within(self._system, user_id) as ctx:
            yield ctx

    @contextmanager
    def reading(self, user_id: int) -> Iterator[ServiceContext]:
        with self._base.unit_within(self._system, user_id) as ctx:
            yield ctx

    @contextmanager
    def system(self) -> Iterator[SystemContext]:
        with self._system.session.begin_nested():
            yield self._system
