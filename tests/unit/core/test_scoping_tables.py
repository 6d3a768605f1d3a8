"""Every table is classified for the guards: a table added without a rule would otherwise be unguarded."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from core.errors import PermissionDenied
from core.models import Base
from core.permissions import Actor
from core.scoping.criteria import criteria
from core.scoping.flush import FlushCheck
from core.scoping.tables import DIRECTORY, EMITTED, OPEN, PERSONAL, SYSTEM_ONLY

ACTOR = Actor(user_id=1, role="rep", team_id=1, language="en", timezone="UTC", name="Rep")


def _mapped_classes() -> set[type]:
    return {mapper.class_ for mapper in Base.registry.mappers}


def test_every_table_has_a_flush_rule_or_a_class() -> None:
    with Session() as session:
        ruled = set(FlushCheck(session, ACTOR)._rules)
    classified = ruled | set(PERSONAL) | set(SYSTEM_ONLY) | set(DIRECTORY) | set(OPEN) | set(EMITTED)
    missing = sorted(cls.__name__ for cls in _mapped_classes() - classified)
    assert missing == [], f"tables with no flush rule: {missing}"


def test_every_owned_table_has_read_criteria() -> None:
    scoped = {option.entity.class_ for option in criteria(ACTOR, write=False)}
    unscoped = sorted(cls.__name__ for cls in _mapped_classes() - scoped - set(DIRECTORY) - set(OPEN))
    assert unscoped == [], f"tables an actor would read unfiltered: {unscoped}"


def test_an_unclassified_table_is_refused_on_write() -> None:
    class Unlisted:
        __tablename__ = "unlisted"

    with Session() as session, pytest.raises(PermissionDenied):
        FlushCheck(session, ACTOR).check(Unlisted(), created=True)
