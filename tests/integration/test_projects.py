"""Projects on a real database: a won deal becomes a project (template by deal type, PM, schedule), reopening
keeps and flags it, tasks are added/moved/reassigned with cycles refused, progress is reported, risks flagged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.context import CoreGateway, Defaults
from core.datafiles import DataFileError
from core.errors import InvalidInput, NotFound, PermissionDenied
from core.models import Deal, Project
from core.scheduling import DependencyCycle, SelfDependency
from core.services import customers, deals, project_status, project_tasks, projects
from core.services.deals import DealChanges
from core.services.project_tasks import NewTask
from core.services.projects import Progress
from tests.factories import add_user
from tests.integration.project_support import team, won_project


def _task(core: CoreGateway, who: int, project_id: int, name: str) -> int:
    with core.reading(who) as ctx:
        found = project_tasks.find_task(ctx, project_id, name)
        assert len(found) == 1, found
        return found[0].id


def test_a_won_deal_becomes_a_project_from_its_template_with_the_teams_pm(core: CoreGateway) -> None:
    people = team(core)
    project_id = won_project(core, people["alice"], deal_type="software")
    with core.reading(people["alice"]) as ctx:
        project = projects.get(ctx, project_id)
        assert (project.owner_id, project.manager_id, project.template) == (people["alice"], people["pat"],
                                                                            "software")
        assert project.status == "active" and str(project.budget_amount) == "500000.00"
        assert project.budget_hours is not None and project.budget_hours > 0
        tasks = project_tasks.tasks_of(ctx, project_id)
        names = [t.name for t in tasks]
        assert names[:3] == ["Kick-off", "Requirements", "Design"] and "Data migration" in names
        by_name = {t.name: t for t in tasks}
        assert by_name["Requirements"].start_on == date(2026, 11, 25)  # won on Wednesday 25 Nov
        assert by_name["Design"].start_on is not None and by_name["Requirements"].end_on is not None
        assert by_name["Design"].start_on > by_name["Requirements"].end_on
        assert project.planned_end == max(t.end_on for t in tasks if t.end_on is not None)


def test_without_a_pm_the_project_has_no_manager_and_the_default_template(core: CoreGateway) -> None:
    people = team(core, with_pm=False)
    project_id = won_project(core, people["alice"], deal_type="unknown-kind")
    with core.reading(people["alice"]) as ctx:
        project = projects.get(ctx, project_id)
        assert project.manager_id is None and project.template == "default"


def test_winning_twice_keeps_one_project_and_reopening_flags_it(core: CoreGateway) -> None:
    people = team(core)
    project_id = won_project(core, people["alice"])
    with core.unit(people["alice"]) as ctx:
        deal_id = projects.get(ctx, project_id).deal_id
        assert deal_id is not None
        deals.update(ctx, deal_id, DealChanges(stage="negotiation"))
        assert projects.get(ctx, project_id).reopened_at is not None
    with core.unit(people["alice"]) as ctx:
        deals.update(ctx, deal_id, DealChanges(stage="won"))
        assert projects.get(ctx, project_id).reopened_at is None
        assert len(projects.find(ctx, open_only=False)) == 1


def test_a_template_that_does_not_parse_refuses_the_win_and_writes_nothing(core: CoreGateway,
                                                                          tmp_path: Path) -> None:
    people = team(core)
    (tmp_path / "project_templates").mkdir()
    (tmp_path / "project_templates" / "default.toml").write_text('name = "x"\n[[tasks]]\nname = "A"\ndays = "five"\n')
    broken = CoreGateway(core.factory, core.clock, Defaults(data_dir=tmp_path))
    with broken.unit(people["alice"]) as ctx:
        customer = customers.create(ctx, "Acme")
        deal_id = deals.create(ctx, customer.id, "ERP", stage="negotiation").id
    with pytest.raises(DataFileError) as caught, broken.unit(people["alice"]) as ctx:
        deals.update(ctx, deal_id, DealChanges(stage="won"))
    assert caught.value.params["file"] == "default.toml" and "line 3" in caught.value.params["detail"]
    with core.reading(people["alice"]) as ctx:
        assert ctx.session.get(Deal, deal_id).stage == "negotiation"  # type: ignore[union-attr]
        assert projects.find(ctx, open_only=False) == []


def test_add_a_task_after_another_and_the_schedule_follows(core: CoreGateway) -> None:
    people = team(core)
    project_id = won_project(core, people["alice"])
    design = _task(core, people["alice"], project_id, "Design")
    with core.unit(people["pat"]) as ctx:
        task = project_tasks.add_task(ctx, project_id, NewTask("Data migration", 5, (design,), people["bob"]))
        design_row = project_tasks.get_task(ctx, design)
        assert task.start_on is not None and design_row.end_on is not None
        assert task.start_on > design_row.end_on and task.assignee_id == people["bob"]
    with core.unit(people["alice"]) as ctx:
        moved = project_tasks.move_task(ctx, task.id, start=date(2027, 1, 4), days=3)
        assert (moved.start_on, moved.end_on, moved.pinned_start) == (date(2027, 1, 4), date(2027, 1, 6), True)
        reassigned = project_tasks.reassign_task(ctx, task.id, people["alice"])
        assert reassigned.assignee_id == people["alice"]


def test_a_cycle_or_a_self_dependency_is_refused_and_nothing_changes(core: CoreGateway) -> None:
    people = team(core)
    project_id = won_project(core, people["alice"])
    kickoff = _task(core, people["alice"], project_id, "Kick-off")
    design = _task(core, people["alice"], project_id, "Design")
    with pytest.raises(DependencyCycle) as caught, core.unit(people["alice"]) as ctx:
        project_tasks.move_task(ctx, kickoff, after=(design,))
    assert "Design" not in caught.value.params["tasks"]  # ids, rendered by the handler; the path is a real cycle
    with pytest.raises(SelfDependency), core.unit(people["alice"]) as ctx:
        project_tasks.move_task(ctx, design, after=(design,))
    with core.reading(people["alice"]) as ctx:
        deps = project_tasks.dependencies_of(ctx, project_id)
        assert design not in deps.get(kickoff, ()) and design not in deps.get(design, ())


def test_progress_a_milestone_done_and_a_note_are_kept(core: CoreGateway) -> None:
    people = team(core)
    project_id = won_project(core, people["alice"])
    kickoff = _task(core, people["alice"], project_id, "Kick-off")
    with core.unit(people["alice"]) as ctx:
        projects.report_progress(ctx, project_id, Progress(percent=20, milestone_task_id=kickoff,
                                                           note="hardware delivered"))
    with core.reading(people["pat"]) as ctx:
        assert projects.get(ctx, project_id).percent_complete == 20
        assert project_tasks.get_task(ctx, kickoff).status == "done"
        assert [u.note for u in projects.latest_updates(ctx, project_id)] == ["hardware delivered"]
    with pytest.raises(InvalidInput) as bad, core.unit(people["alice"]) as ctx:
        projects.report_progress(ctx, project_id, Progress(percent=140))
    assert bad.value.key == "error.bad_percent"


def test_a_late_project_is_flagged_at_risk(core: CoreGateway) -> None:
    people = team(core)
    project_id = won_project(core, people["alice"])
    with core.unit(people["alice"]) as ctx:
        project = ctx.session.get(Project, project_id)
        assert project is not None
        project.planned_start, project.planned_end = date(2026, 11, 1), date(2026, 11, 30)
        project.percent_complete = 10
    with core.reading(people["pat"]) as ctx:
        flagged = project_status.at_risk(ctx)
        assert [s.project.id for s in flagged] == [project_id]
        assert "late" in [r.code for r in flagged[0].risks]
        assert any(line.late for line in flagged[0].tasks)
    with core.reading(people["bob"]) as ctx:
        assert project_status.at_risk(ctx) == []  # not his customer's project


def test_who_reads_and_who_changes_a_project(core: CoreGateway) -> None:
    people = team(core)
    project_id = won_project(core, people["alice"])
    with pytest.raises(NotFound), core.reading(people["bob"]) as ctx:
        projects.get(ctx, project_id)
    with pytest.raises(NotFound), core.reading(people["wen"]) as ctx:
        projects.get(ctx, project_id)
    with core.reading(people["fay"]) as ctx:
        assert projects.get(ctx, project_id).id == project_id  # finance reads
    with pytest.raises(PermissionDenied), core.unit(people["fay"]) as ctx:
        project_tasks.add_task(ctx, project_id, NewTask("Audit", 1))
    with core.reading(people["mia"]) as ctx:
        assert projects.get(ctx, project_id).id == project_id  # the manager reads the team's


def test_undoing_the_win_takes_the_project_back_with_it(core: CoreGateway) -> None:
    from core import audit

    people = team(core)
    project_id = won_project(core, people["alice"])
    with core.unit(people["alice"]) as ctx:
        change = audit.last_change(ctx)
        assert change is not None and "create_project" in change.actions
        audit.undo_change(ctx, change.change_id)
    with core.reading(people["alice"]) as ctx:
        assert ctx.session.get(Project, project_id) is None
        assert project_tasks.tasks_of(ctx, project_id) == []
        assert [d.stage for d in deals.query(ctx, open_only=False)] == ["negotiation"]


def test_undoing_an_added_task_removes_it_and_its_dependency(core: CoreGateway) -> None:
    from core import audit

    people = team(core)
    project_id = won_project(core, people["alice"])
    design = _task(core, people["alice"], project_id, "Design")
    with core.unit(people["alice"]) as ctx:
        task_id = project_tasks.add_task(ctx, project_id, NewTask("Data migration", 5, (design,))).id
    with core.unit(people["alice"]) as ctx:
        change = audit.last_change(ctx)
        assert change is not None
        audit.undo_change(ctx, change.change_id)
    with core.reading(people["alice"]) as ctx:
        assert project_tasks.find_task(ctx, project_id, "Data migration") == []
        assert all(task_id not in deps and task_id != owner
                   for owner, deps in project_tasks.dependencies_of(ctx, project_id).items())


def test_the_owner_names_a_pm_and_a_pm_cannot_claim_a_project(core: CoreGateway) -> None:
    people = team(core, with_pm=False)
    project_id = won_project(core, people["alice"])
    quinn = add_user(core, "Quinn", "pm", "East").id
    with pytest.raises(PermissionDenied), core.unit(quinn) as ctx:
        projects.set_manager(ctx, project_id, quinn)  # he reads the team's projects; he does not take one
    with core.unit(people["alice"]) as ctx:
        assert projects.set_manager(ctx, project_id, quinn).manager_id == quinn
    with core.unit(quinn) as ctx:
        projects.report_progress(ctx, project_id, Progress(percent=10))  # now his to change
