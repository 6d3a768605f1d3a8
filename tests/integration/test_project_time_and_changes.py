"""Hours on projects (cost-rate snapshot, closed project and future days refused, burn) and change requests
(applied only once approved; a rejected one leaves the project as it was)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from core.context import CoreGateway, ServiceContext
from core.errors import Conflict, InvalidInput, PermissionDenied
from core.models import ApprovalStep, ChangeRequest, Project, TimeEntry, User
from core.services import approvals, change_requests, projects, time_entries
from tests.integration.project_support import team, won_project


def test_hours_keep_the_cost_rate_of_the_day_and_add_up_to_the_burn(core: CoreGateway) -> None:
    people = team(core)
    project_id = won_project(core, people["alice"])
    with core.unit(people["alice"]) as ctx:
        entry = time_entries.log(ctx, project_id, Decimal("3"), note="workshop")
        assert entry.cost_rate == Decimal("300") and entry.work_date == date(2026, 11, 25)
    with core.system() as system:
        alice = system.session.get(User, people["alice"])
        assert alice is not None
        alice.cost_rate = Decimal("500")  # a raise does not rewrite past entries
    with core.unit(people["alice"]) as ctx:
        time_entries.log(ctx, project_id, "1.5", work_date=date(2026, 11, 24))
    with core.unit(people["pat"]) as ctx:
        time_entries.log(ctx, project_id, 2)  # the PM has no cost rate: hours known, cost unknown
    with core.reading(people["fay"]) as ctx:
        burn = time_entries.burned(ctx, project_id)
    assert burn.hours == Decimal("6.5") and burn.cost == Decimal("1650.00") and burn.unpriced_hours == Decimal(2)


def test_hours_in_the_future_or_on_a_closed_project_are_refused(core: CoreGateway) -> None:
    people = team(core)
    project_id = won_project(core, people["alice"])
    with pytest.raises(InvalidInput) as future, core.unit(people["alice"]) as ctx:
        time_entries.log(ctx, project_id, 2, work_date=date(2026, 11, 26))
    assert future.value.key == "time.in_future"
    with pytest.raises(InvalidInput) as too_many, core.unit(people["alice"]) as ctx:
        time_entries.log(ctx, project_id, 25)
    assert too_many.value.key == "time.bad_hours"
    with core.unit(people["alice"]) as ctx:
        projects.set_status(ctx, project_id, "done")
    with pytest.raises(InvalidInput) as closed, core.unit(people["alice"]) as ctx:
        time_entries.log(ctx, project_id, 2)
    assert closed.value.key == "time.project_closed"
    with core.reading(people["alice"]) as ctx:
        assert ctx.session.query(TimeEntry).count() == 0


def _step_of(ctx: ServiceContext, change_id: int) -> int:
    approval = approvals.of_subject(ctx, "change_request", change_id)
    assert approval is not None
    step = ctx.session.scalar(select(ApprovalStep.id).where(ApprovalStep.approval_id == approval.id))
    assert step is not None
    return step


def _decide(core: CoreGateway, who: int, approve: bool) -> str:
    with core.unit(who) as ctx:
        waiting = approvals.waiting_on_me(ctx)
        assert len(waiting) == 1
        return approvals.decide(ctx, waiting[0][0].id, approve, "ok" if approve else "no").outcome


def test_a_change_request_applies_only_once_approved(core: CoreGateway) -> None:
    people = team(core)
    project_id = won_project(core, people["alice"])
    with core.unit(people["alice"]) as ctx:
        change, approvers = change_requests.request(ctx, project_id, {"planned_end": "2027-03-15",
                                                                     "budget_amount_delta": "50000"}, "more scope")
        assert approvers == [people["mia"]] and change.kind == "budget"
    with core.reading(people["alice"]) as ctx:
        project = projects.get(ctx, project_id)
        assert project.planned_end != date(2027, 3, 15) and project.budget_amount == Decimal("500000")
    with pytest.raises(PermissionDenied), core.unit(people["alice"]) as ctx:
        approvals.decide(ctx, _step_of(ctx, change.id), True)  # the requester is not the approver
    assert _decide(core, people["mia"], True) == "approved"
    with core.reading(people["alice"]) as ctx:
        project = projects.get(ctx, project_id)
        assert project.planned_end == date(2027, 3, 15) and project.budget_amount == Decimal("550000")
        assert ctx.session.get(ChangeRequest, change.id).status == "applied"  # type: ignore[union-attr]


def test_a_rejected_change_request_leaves_the_project_as_it_was(core: CoreGateway) -> None:
    people = team(core)
    project_id = won_project(core, people["alice"])
    with core.reading(people["alice"]) as ctx:
        before = projects.get(ctx, project_id).planned_end
    with core.unit(people["alice"]) as ctx:
        change, _ = change_requests.request(ctx, project_id, {"planned_end": "2027-03-15"})
    assert _decide(core, people["mia"], False) == "rejected"
    with pytest.raises(Conflict), core.unit(people["mia"]) as ctx:
        approvals.decide(ctx, _step_of(ctx, change.id), True)  # decided once: no approving after the rejection
    with core.reading(people["alice"]) as ctx:
        assert projects.get(ctx, project_id).planned_end == before
        assert ctx.session.get(ChangeRequest, change.id).status == "rejected"  # type: ignore[union-attr]


def test_a_change_that_makes_no_sense_is_refused_before_anything_is_stored(core: CoreGateway) -> None:
    people = team(core)
    project_id = won_project(core, people["alice"])
    with pytest.raises(InvalidInput) as caught, core.unit(people["alice"]) as ctx:
        change_requests.request(ctx, project_id, {"planned_end": "2026-01-01"})
    assert caught.value.key == "change.end_before_start"
    with pytest.raises(InvalidInput), core.unit(people["alice"]) as ctx:
        change_requests.request(ctx, project_id, {"budget_amount": "-5"})
    with core.reading(people["alice"]) as ctx:
        assert ctx.session.query(ChangeRequest).count() == 0
        assert ctx.session.get(Project, project_id) is not None


def test_the_batched_burn_matches_the_single_one(core: CoreGateway) -> None:
    people = team(core)
    first = won_project(core, people["alice"])
    second = won_project(core, people["alice"], "Globex", title="Globex WMS")
    with core.unit(people["alice"]) as ctx:
        time_entries.log(ctx, first, 3)
        time_entries.log(ctx, second, "1.25")
    with core.unit(people["pat"]) as ctx:
        time_entries.log(ctx, second, 2)
    with core.reading(people["fay"]) as ctx:
        many = time_entries.burned_many(ctx, [first, second, 999_999])
        assert many[first] == time_entries.burned(ctx, first)
        assert many[second] == time_entries.burned(ctx, second)
        assert many[second].hours == Decimal("3.25") and many[second].unpriced_hours == Decimal(2)
        assert many[999_999].hours == 0
