"""Small builders for test data, going through the real services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from core.context import CoreGateway, ServiceContext
from core.models import User
from core.services import users


def add_user(core: CoreGateway, name: str, role: str = "rep", team: str | None = "East", lang: str = "en",
             tz: str | None = None) -> User:
    with core.system() as system:
        return users.add_user(system, name, role=role, team=team, language=lang, timezone=tz)


@contextmanager
def acting(core: CoreGateway, user: User) -> Iterator[ServiceContext]:
    with core.unit(user.id) as ctx:
        yield ctx
