"""Project pushes with an injected clock: a new project to its PM and owner (or the owner asked to name a PM), a
milestone due today (Done marks it done, Open shows the project), a project at risk once a week, and the
digest's projects-at-risk section."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.clock import FixedClock
from core.context import CoreGateway
from core.models import Notification, Project, ProjectTask
from core.services import customers, deals, notifications, projects
from core.services.deals import DealChanges
from tests.factories import acting
from tests.notify_helpers import notes, person, texts, tick

SH = ZoneInfo("Asia/Shanghai")
OTHERS = ["suggestion", "daily_report", "deal_stale", "deal_close_passed", "task_due", "digest_daily",
          "digest_weekly"]


def _win(core: CoreGateway, owner_name: str = "Alice") -> int:
    from core.services import users

    with core.system() as system:
        owner = users.require_by_name(system, owner_name)
    with acting(core, owner) as ctx:
        customer = customers.create(ctx, "Acme Corp")
        deal = deals.create(ctx, customer.id, "ERP rollout", amount=Decimal(500000), stage="negotiation")
        deals.update(ctx, deal.id, DealChanges(stage="won"))
        project = projects.of_deal(ctx, deal.id)
        assert project is not None
        return project.id


def test_a_new_project_is_announced_to_its_pm_and_its_owner_once(core: CoreGateway) -> None:
    person(core, "Alice", telegram="100", mute=[*OTHERS, "milestone_due", "project_at_risk"], batching=False)
    person(core, "Pat", role="pm", telegram="200", mute=[*OTHERS, "milestone_due", "project_at_risk"],
           batching=False)
    _win(core)
    report = tick(core, datetime(2026, 11, 25, 10, 5, tzinfo=SH))
    assert report.queued == 2
    assert sorted(texts(core)) == sorted([
        "📁 New project for you: “ERP rollout” for Acme Corp (planned end Wed 30 Dec). Open it for the plan and "
        "Gantt.",
        "📁 Your win Acme Corp became the project “ERP rollout” (planned end Wed 30 Dec). Its PM has been told."])
    assert tick(core, datetime(2026, 11, 25, 11, 0, tzinfo=SH)).queued == 0


def test_without_a_pm_the_owner_is_asked_to_name_one(core: CoreGateway) -> None:
    person(core, "Alice", telegram="100", lang="zh", mute=[*OTHERS, "milestone_due", "project_at_risk"])
    _win(core)
    tick(core, datetime(2026, 11, 25, 10, 5, tzinfo=SH))
    [text] = texts(core)
    assert "团队没有项目经理" in text and "ERP rollout" in text


def test_a_milestone_due_today_reaches_the_pm_and_done_marks_it_done(core: CoreGateway, clock: FixedClock) -> None:
    person(core, "Alice", telegram="100", mute=[*OTHERS, "project_created", "project_at_risk"])
    pat = person(core, "Pat", role="pm", telegram="200", mute=[*OTHERS, "project_created", "project_at_risk"])
    project_id = _win(core)
    # The default template's "Acceptance" milestone falls on the schedule's last day (Wed 30 Dec).
    assert tick(core, datetime(2026, 12, 30, 8, 59, tzinfo=SH)).queued == 0
    assert tick(core, datetime(2026, 12, 30, 9, 0, tzinfo=SH)).queued == 1
    [note] = notes(core, "milestone_due")
    assert note.user_id == pat.id and note.entity_type == "project" and note.entity_id == project_id
    assert texts(core) == ["🚩 Acme Corp — ERP rollout: milestone “Acceptance” is due today (Wed 30 Dec)."]
    with acting(core, pat) as ctx:
        outcome = notifications.done(ctx, note.id)
    assert outcome.key == "project.milestone_marked_done"
    with core.system() as system:
        task = system.session.scalar(select(ProjectTask).where(ProjectTask.project_id == project_id,
                                                               ProjectTask.name == "Acceptance"))
        assert task is not None and task.status == "done"


def test_a_project_at_risk_is_said_once_a_week_while_it_lasts(core: CoreGateway) -> None:
    person(core, "Alice", telegram="100", mute=[*OTHERS, "project_created", "milestone_due"], batching=False)
    project_id = _win(core)
    with core.system() as system:
        project = system.session.get(Project, project_id)
        assert project is not None
        project.planned_start, project.planned_end, project.percent_complete = (date(2026, 11, 1),
                                                                                date(2026, 11, 30), 10)
    assert tick(core, datetime(2026, 11, 26, 9, 0, tzinfo=SH)).queued == 1
    [text] = texts(core)
    assert text.startswith("⚠️ Acme Corp — ERP rollout is at risk: at this pace it ends")
    assert tick(core, datetime(2026, 11, 27, 9, 0, tzinfo=SH)).queued == 0  # same week, same risks
    with core.system() as system:
        project = system.session.get(Project, project_id)
        assert project is not None
        project.status = "done"  # delivered: the next week's scan has nothing to say
    assert tick(core, datetime(2026, 11, 30, 9, 0, tzinfo=SH)).queued == 0
    assert [n.kind for n in notes(core)] == ["project_at_risk"]


def test_the_manager_digest_lists_projects_at_risk(core: CoreGateway) -> None:
    person(core, "Alice", telegram="100", mute=[*OTHERS, "project_created", "milestone_due", "project_at_risk"])
    person(core, "Wang", role="manager", telegram="900", mute=["suggestion", "deal_stale", "task_due",
                                                               "project_created", "milestone_due",
                                                               "project_at_risk"])
    project_id = _win(core)
    with core.system() as system:
        project = system.session.get(Project, project_id)
        assert project is not None
        project.planned_start, project.planned_end, project.percent_complete = (date(2026, 11, 1),
                                                                                date(2026, 11, 30), 10)
    tick(core, datetime(2026, 11, 26, 8, 30, tzinfo=SH))
    digest = [text for text in texts(core) if text.startswith("📊")]
    assert len(digest) == 1
    assert "Projects at risk: 1" in digest[0] and "Acme Corp — ERP rollout (10%)" in digest[0]


def test_open_on_a_project_push_is_a_project_entity(core: CoreGateway) -> None:
    person(core, "Alice", telegram="100", mute=[*OTHERS, "milestone_due", "project_at_risk"])
    _win(core)
    tick(core, datetime(2026, 11, 25, 10, 5, tzinfo=SH))
    with core.system() as system:
        note = system.session.scalar(select(Notification).where(Notification.kind == "project_created"))
        assert note is not None and note.entity_type == "project" and note.status == "queued"
