"""Projects in the permission matrix. Each owner wins a second deal, which becomes a project: Alice's and Bob's
(East) get Pat as their PM, Carol's (North, no PM) none. Each project has a pending change request and is late
(planned from a month ago, nothing done), so it shows among the projects at risk.

Projects follow POLICY's "project" row plus the PM rule: Pat reads the East team's projects and changes the ones
he manages ("pm team" is full for changes); finance reads them all and changes none; hours are the logger's own,
so finance and the PM may log hours on any project they read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from core.context import CoreGateway, ServiceContext
from core.models import Project
from core.services import change_requests, deals, project_status, project_tasks, projects, time_entries
from core.services.deals import DealChanges
from core.services.project_tasks import NewTask
from core.services.projects import Progress
from tests.integration.matrix_world import OWNERS, Probe, World, _b, _unless_invalid

MODULES = (projects, project_tasks, time_entries, change_requests, project_status)

# The PM manages the East team's projects: he changes them (not only reads them).
_PM_CHANGES: dict[str, Any] = {"pm team": "full"}
# Hours are the logger's own rows on a project they read.
_LOGS_HOURS: dict[str, Any] = {"pm team": "full", "finance": "full"}


def seed(core: CoreGateway, world: World) -> None:
    for owner in OWNERS:
        book, owner_id = world.books[owner], world.ids[owner]
        with core.unit(owner_id) as ctx:
            deal = deals.create(ctx, book.customer, f"{owner} rollout", amount=Decimal(1000), stage="negotiation")
            deals.update(ctx, deal.id, DealChanges(stage="won"))
            project = projects.of_deal(ctx, deal.id)
            assert project is not None
            book.extra["won_deal"], book.extra["project"] = deal.id, project.id
            book.extra["kickoff"] = project_tasks.find_task(ctx, project.id, "Kick-off")[0].id
            book.extra["design"] = project_tasks.find_task(ctx, project.id, "Design")[0].id
        with core.system() as system:
            row = system.session.get(Project, book.extra["project"])
            assert row is not None
            row.planned_start, row.planned_end = date(2026, 10, 26), date(2026, 12, 5)  # late: nothing done
        with core.unit(owner_id) as ctx:  # the owner's last change (what the undo probe takes back)
            change, _ = change_requests.request(ctx, book.extra["project"], {"budget_amount": "2000"})
            book.extra["change"] = change.id


def _project(ctx: ServiceContext, w: World, owner: str) -> Project:
    return projects.get(ctx, _b(w, owner).extra["project"])


def _deal(ctx: ServiceContext, w: World, owner: str, key: str) -> Any:
    book = _b(w, owner)
    return deals.get(ctx, book.extra[key] if key else book.deal)


PROBES = [
    # -- projects ------------------------------------------------------------------------------------------
    Probe(projects.get, "read", lambda c, w, o: _project(c, w, o)),
    Probe(projects.find, "list", lambda c, w, o: projects.find(c),
          lambda r, w, o: _b(w, o).extra["project"] in {p.id for p in r}),
    Probe(projects.customer_names, "names", lambda c, w, o: projects.customer_names(
        c, [SimpleNamespace(customer_id=_b(w, o).customer)])),  # type: ignore[list-item]
    # A win creates the project as the deal owner's: only who may change the owner's projects (not the PM).
    Probe(projects.on_deal_won, "assign", lambda c, w, o: projects.on_deal_won(c, _deal(c, w, o, ""))),
    Probe(projects.on_deal_reopened, "change", lambda c, w, o: projects.on_deal_reopened(
        c, _deal(c, w, o, "won_deal")), overrides=_PM_CHANGES),
    Probe(projects.report_progress, "change", lambda c, w, o: projects.report_progress(
        c, _b(w, o).extra["project"], Progress(percent=40, note="halfway")), overrides=_PM_CHANGES),
    Probe(projects.set_status, "change", lambda c, w, o: projects.set_status(c, _b(w, o).extra["project"], "on_hold"),
          overrides=_PM_CHANGES),
    Probe(projects.set_manager, "change", lambda c, w, o: projects.set_manager(
        c, _b(w, o).extra["project"], w.ids["Pat"]), overrides=_PM_CHANGES),
    Probe(projects.latest_updates, "read", lambda c, w, o: projects.latest_updates(c, _b(w, o).extra["project"])),
    # -- tasks ---------------------------------------------------------------------------------------------
    Probe(project_tasks.get_task, "read", lambda c, w, o: project_tasks.get_task(c, _b(w, o).extra["design"])),
    Probe(project_tasks.find_task, "list", lambda c, w, o: project_tasks.find_task(c, _b(w, o).extra["project"],
                                                                                   "Design"),
          lambda r, w, o: len(r) == 1),
    # The seed moved each project's start a month back: rescheduling moves every task, a change of the project.
    Probe(project_tasks.reschedule, "change", lambda c, w, o: project_tasks.reschedule(c, _project(c, w, o)),
          overrides=_PM_CHANGES),
    Probe(project_tasks.add_task, "change", lambda c, w, o: project_tasks.add_task(
        c, _b(w, o).extra["project"], NewTask("Data migration", 5, (_b(w, o).extra["design"],))),
          overrides=_PM_CHANGES),
    Probe(project_tasks.move_task, "change", lambda c, w, o: project_tasks.move_task(
        c, _b(w, o).extra["design"], days=7), overrides=_PM_CHANGES),
    Probe(project_tasks.reassign_task, "change", lambda c, w, o: project_tasks.reassign_task(
        c, _b(w, o).extra["design"], w.ids[o]), overrides=_PM_CHANGES),
    Probe(project_tasks.mark_done, "change", lambda c, w, o: project_tasks.mark_done(
        c, _project(c, w, o), _b(w, o).extra["kickoff"]), overrides=_PM_CHANGES),
    # -- hours ---------------------------------------------------------------------------------------------
    Probe(time_entries.log, "change", lambda c, w, o: time_entries.log(c, _b(w, o).extra["project"], 2),
          overrides=_LOGS_HOURS),
    Probe(time_entries.mine, "self", lambda c, w, o: time_entries.mine(c, _b(w, o).extra["project"])),
    # -- change requests -----------------------------------------------------------------------------------
    Probe(change_requests.get, "read", lambda c, w, o: change_requests.get(c, _b(w, o).extra["change"])),
    Probe(change_requests.project_name, "read",
          lambda c, w, o: change_requests.project_name(c, _b(w, o).extra["change"])),
    Probe(change_requests.waiting_for_me, "self", lambda c, w, o: change_requests.waiting_for_me(c)),
    # Only the designated approver has a step: the owner's manager (the admin where the team has none).
    Probe(change_requests.my_step, "change", lambda c, w, o: change_requests.my_step(c, _b(w, o).extra["change"]),
          overrides={"rep own": "read", "finance": "read", "pm team": "read"}),
    Probe(change_requests.preview, "read", lambda c, w, o: change_requests.preview(
        c, _b(w, o).extra["project"], {"planned_end": "2027-03-15"})),
    Probe(change_requests.pending_of, "list", lambda c, w, o: change_requests.pending_of(
        c, _b(w, o).extra["project"]), lambda r, w, o: len(r) == 1),
    # Where the flow finds nobody left to ask (the admin asking about North), "no approver" comes after the
    # permission check passed: it counts as allowed.
    Probe(change_requests.request, "change", lambda c, w, o: _unless_invalid(lambda: change_requests.request(
        c, _b(w, o).extra["project"], {"planned_end": "2027-03-15"})), overrides=_PM_CHANGES),
    Probe(change_requests.on_approval, "change", lambda c, w, o: change_requests.on_approval(
        c, _b(w, o).extra["change"], False, "no"), overrides=_PM_CHANGES),
    # -- status and risk -----------------------------------------------------------------------------------
    Probe(project_status.of, "read", lambda c, w, o: project_status.of(c, _b(w, o).extra["project"])),
    Probe(project_status.at_risk, "list", lambda c, w, o: project_status.at_risk(c),
          lambda r, w, o: _b(w, o).extra["project"] in {s.project.id for s in r}),
]
