"""Project pushes: a won deal's project was created (to its owner and PM — or, with no PM, the owner is asked to
name one), a milestone is due today (to the PM, else the owner), a project is at risk (to both, once a week while
the same risks last). Each with Done / Snooze / Open; Open shows the project's status card and Gantt chart."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from core.context import Unit
from core.i18n import format as fmt
from core.i18n import t
from core.models import Notification, Project
from core.schedule import at_local, local_date
from core.services import project_status, projects
from core.services.project_risk import describe
from notifications.rules.base import DueItem, PushItem, Recipient, RenderContext, Scan, reminder_item

# A project created while its people were away is still announced this long after.
CREATED_CATCH_UP = timedelta(days=2)


def _people(project: Project) -> list[int]:
    return list(dict.fromkeys(p for p in (project.manager_id, project.owner_id) if p is not None))


def _params(project: Project, customer: str) -> dict[str, object]:
    return {"project_id": project.id, "name": project.name, "customer": customer}


class ProjectCreatedRule:
    kind = "project_created"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        for project, customer in projects.created_since(scan.system, scan.now - CREATED_CATCH_UP):
            fire = project.created_at
            if not scan.within(fire, CREATED_CATCH_UP):
                continue
            for user_id in _people(project):
                who = scan.audience.get(user_id)
                if who is None:
                    continue
                role = "manager" if user_id == project.manager_id else "owner"
                params = {**_params(project, customer), "role": role, "no_pm": project.manager_id is None,
                          "end": project.planned_end.isoformat() if project.planned_end else ""}
                yield DueItem(self.kind, f"project_created:{project.id}:{user_id}", who.user_id, fire, params,
                              ("project", project.id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return project_status.exists(unit, int(note.params["project_id"]))

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        end = fmt.day(date.fromisoformat(str(p["end"])), lang) if p.get("end") else "—"
        if p.get("no_pm"):
            key = "notify.project_created_no_pm"
        else:
            key = "notify.project_created_pm" if p["role"] == "manager" else "notify.project_created_owner"
        text = t(lang, key, name=p["name"], customer=p["customer"], end=end)
        return reminder_item(lang, note.id, text, [("project", int(p["project_id"]))])


class MilestoneDueRule:
    kind = "milestone_due"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        catch_up = timedelta(days=scan.config.day_catch_up)
        for status in project_status.for_scan(scan.system, scan.now.date()):
            project = status.project
            who = scan.audience.get(project.manager_id or project.owner_id)
            if who is None:
                continue
            for line in status.tasks:
                if not line.task.milestone or line.task.status == "done":
                    continue
                fire = at_local(line.end, who.prefs.morning_time, who.timezone)
                if not scan.within(fire, catch_up):
                    continue
                params = {**_params(project, status.customer), "task_id": line.task.id,
                          "milestone": line.task.name, "due": line.end.isoformat()}
                yield DueItem(self.kind, f"milestone_due:{line.task.id}:{line.end.isoformat()}", who.user_id,
                              fire, params, ("project", project.id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return project_status.milestone_open(unit, int(note.params["task_id"]))

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        text = t(lang, "notify.milestone_due", name=p["name"], customer=p["customer"], milestone=p["milestone"],
                 date=fmt.day(date.fromisoformat(str(p["due"])), lang))
        return reminder_item(lang, note.id, text, [("project", int(p["project_id"]))])


class ProjectAtRiskRule:
    kind = "project_at_risk"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        catch_up = timedelta(days=scan.config.day_catch_up)
        for status in project_status.for_scan(scan.system, scan.now.date()):
            if not status.risks:
                continue
            project = status.project
            codes = sorted({risk.code for risk in status.risks})
            for user_id in _people(project):
                who = scan.audience.get(user_id)
                if who is None:
                    continue
                today = local_date(scan.now, who.timezone)
                monday = today - timedelta(days=today.weekday())
                fire = at_local(today, who.prefs.morning_time, who.timezone)
                if not scan.within(fire, catch_up):
                    continue
                lines = [describe(who.language, risk) for risk in status.risks]
                params = {**_params(project, status.customer), "codes": codes, "risks": lines}
                key = f"project_at_risk:{project.id}:{user_id}:{'+'.join(codes)}:{monday.isoformat()}"
                yield DueItem(self.kind, key, who.user_id, fire, params, ("project", project.id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        codes = [str(code) for code in note.params.get("codes", [])]
        return project_status.still_at_risk(unit, int(note.params["project_id"]), now.date(), codes)

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        risks = "; ".join(str(line) for line in p.get("risks", []))
        text = t(lang, "notify.project_at_risk", name=p["name"], customer=p["customer"], risks=risks)
        return reminder_item(lang, note.id, text, [("project", int(p["project_id"]))])


RULES = (ProjectCreatedRule(), MilestoneDueRule(), ProjectAtRiskRule())
