"""Permissions live in core: no service lets a rep see or touch another rep's data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from core.context import CoreGateway
from core.errors import NotFound, PermissionDenied
from core.models import DealStageChange
from core.services import customers, daily_reports, deals, interactions, tasks
from tests.factories import acting, add_user


@pytest.fixture
def world(core: CoreGateway) -> dict[str, int]:
    alice = add_user(core, "Alice", team="East")
    bob = add_user(core, "Bob", team="East")
    carol = add_user(core, "Carol", team="North")
    manager = add_user(core, "Mia", role="manager", team="East")
    admin = add_user(core, "Root", role="admin", team=None)
    finance = add_user(core, "Fay", role="finance", team=None)
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        deal = deals.create(ctx, acme.id, "ERP", amount=Decimal(1000))
        task = tasks.create(ctx, "Call Acme", customer_id=acme.id)
    with acting(core, carol) as ctx:
        north = customers.create(ctx, "Northwind")
    return {"alice": alice.id, "bob": bob.id, "carol": carol.id, "manager": manager.id, "admin": admin.id,
            "finance": finance.id, "acme": acme.id, "deal": deal.id, "task": task.id, "north": north.id}


def test_rep_cannot_read_another_reps_customer_through_any_service(core: CoreGateway, world: dict[str, int]) -> None:
    with core.unit(world["bob"]) as ctx:
        with pytest.raises(NotFound):
            customers.get(ctx, world["acme"])
        with pytest.raises(NotFound):
            customers.card(ctx, world["acme"])
        with pytest.raises(NotFound):
            customers.contacts(ctx, world["acme"])
        with pytest.raises(NotFound):
            deals.get(ctx, world["deal"])
        with pytest.raises(NotFound):
            deals.history(ctx, world["deal"])
        with pytest.raises(NotFound):
            tasks.get(ctx, world["task"])
        assert customers.find_exact(ctx, "Acme Corp") == []
        assert customers.name_index(ctx) == []
        assert deals.query(ctx) == []
        assert all(total.count == 0 for total in deals.pipeline(ctx))
        assert tasks.list_open(ctx, mine_only=False) == []


def test_rep_cannot_change_another_reps_data_through_any_service(core: CoreGateway, world: dict[str, int]) -> None:
    attempts = [
        lambda ctx: customers.update(ctx, world["acme"], city="Beijing"),
        lambda ctx: customers.add_contact(ctx, world["acme"], "Spy"),
        lambda ctx: interactions.log(ctx, world["acme"], channel="visit", summary="x"),
        lambda ctx: deals.create(ctx, world["acme"], "Steal"),
        lambda ctx: deals.update(ctx, world["deal"], deals.DealChanges(stage="won")),
        lambda ctx: tasks.complete(ctx, world["task"]),
        lambda ctx: tasks.create(ctx, "x", customer_id=world["acme"]),
        lambda ctx: tasks.create(ctx, "x", assignee_id=world["alice"]),
    ]
    for attempt in attempts:
        with pytest.raises((NotFound, PermissionDenied)), core.unit(world["bob"]) as ctx:
            attempt(ctx)
    with core.unit(world["alice"]) as ctx:
        assert customers.get(ctx, world["acme"]).city is None
        assert deals.get(ctx, world["deal"]).stage == "lead"
        assert tasks.get(ctx, world["task"]).status == "open"
        assert customers.contacts(ctx, world["acme"]) == []


def test_manager_reads_and_changes_their_team_but_not_other_teams(core: CoreGateway, world: dict[str, int]) -> None:
    with core.unit(world["manager"]) as ctx:
        assert customers.get(ctx, world["acme"]).name == "Acme Corp"
        assert [d.id for d in deals.query(ctx)] == [world["deal"]]
        assert [t.id for t in tasks.list_open(ctx, mine_only=False)] == [world["task"]]
        deals.update(ctx, world["deal"], deals.DealChanges(stage="proposal"))
        with pytest.raises(NotFound):
            customers.get(ctx, world["north"])
        assert {c.name for c in customers.name_index(ctx)} == {"Acme Corp"}


def test_admin_sees_everything_and_finance_reads_but_cannot_write(core: CoreGateway, world: dict[str, int]) -> None:
    with core.unit(world["admin"]) as ctx:
        assert {c.name for c in customers.name_index(ctx)} == {"Acme Corp", "Northwind"}
    with core.unit(world["finance"]) as ctx:
        assert customers.get(ctx, world["north"]).name == "Northwind"
        assert len(deals.query(ctx)) == 1
    with pytest.raises(PermissionDenied), core.unit(world["finance"]) as ctx:
        deals.update(ctx, world["deal"], deals.DealChanges(amount=Decimal(1)))
    with pytest.raises(PermissionDenied), core.unit(world["finance"]) as ctx:
        customers.create(ctx, "Finance Co")


def test_rep_cannot_create_a_customer_that_a_colleague_owns(core: CoreGateway, world: dict[str, int]) -> None:
    from core.errors import Conflict

    with pytest.raises(Conflict), core.unit(world["bob"]) as ctx:
        customers.create(ctx, "ACME corp.")


def test_daily_report_and_activity_are_per_user(core: CoreGateway, world: dict[str, int]) -> None:
    with core.unit(world["alice"]) as ctx:
        interactions.log(ctx, world["acme"], channel="call", summary="pricing")
        daily_reports.submit(ctx, "called Acme")
    with core.unit(world["bob"]) as ctx:
        assert daily_reports.activity(ctx).interactions == []


def test_a_deals_stage_history_is_read_by_whoever_reads_the_deal(core: CoreGateway, world: dict[str, int]) -> None:
    """The history's own criterion (a constant for everyone/no one, the deal owners' subquery otherwise)."""
    with core.unit(world["carol"]) as ctx:
        north = deals.create(ctx, world["north"], "Campus", amount=Decimal(500)).id

    def history_seen_by(user: str) -> set[int]:
        with core.reading(world[user]) as ctx:
            return set(ctx.session.scalars(select(DealStageChange.deal_id)))

    assert history_seen_by("alice") == {world["deal"]}
    assert history_seen_by("bob") == set()
    assert history_seen_by("manager") == {world["deal"]}
    assert history_seen_by("admin") == {world["deal"], north}
    assert history_seen_by("finance") == {world["deal"], north}
