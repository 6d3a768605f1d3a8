"""The guards' loader criteria are built once per (user, role, team): what they depend on, and nothing else."""

from __future__ import annotations

from dataclasses import replace

from core.permissions import Actor
from core.scoping.guard import options_for
from core.scoping.tables import DIRECTORY

ALICE = Actor(user_id=1, role="rep", team_id=1, language="en", timezone="Asia/Shanghai", name="Alice")


def test_the_same_user_role_and_team_share_one_built_set() -> None:
    assert options_for(ALICE) is options_for(replace(ALICE, language="zh", timezone="UTC", name="A."))


def test_a_new_role_team_or_user_gets_criteria_of_its_own() -> None:
    built = options_for(ALICE)
    for other in (replace(ALICE, role="manager"), replace(ALICE, team_id=2), replace(ALICE, user_id=2)):
        assert options_for(other) is not built


def test_the_narrower_sets_leave_out_exactly_their_one_table() -> None:
    built = options_for(ALICE)
    # The directory (users, teams …) is read by everyone and changed in bulk by no actor: one criterion per table.
    assert len(built.write) == len(built.read) + len(DIRECTORY)
    assert len(built.names) == len(built.read) - 1 and len(built.audit) == len(built.read) - 1
