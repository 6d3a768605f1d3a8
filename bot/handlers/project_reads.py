"""query_project: one project's status card with its Gantt chart, the user's open projects, or "which projects
are at risk"."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.charts.gantt import GanttBar, gantt_png
from bot.handlers.base import Answer, HandlerContext, Outcome, ReadHandler
from bot.handlers.project_target import named_in_message, project_target, risk_text
from bot.intents.schema import Command, QueryProject
from core.models import Project
from core.outbound import ImageRef
from core.services import project_status, projects, users
from core.services.project_risk import burn_percent
from core.services.project_status import ProjectStatus


class QueryProjectHandler(ReadHandler):
    intent = "query_project"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, QueryProject)
        if command.at_risk and not command.customer and not command.title:
            return _at_risk(h)
        if not command.customer and not command.title and "project_id" not in resolved:
            named = named_in_message(h)
            if named is None:
                return _list(h)
            resolved = {**resolved, "project_id": named.id}
        project = project_target(h, command.customer, command.title, resolved)
        if not isinstance(project, Project):
            return project
        status = project_status.of(h.ctx, project.id)
        return Answer(status_card(h, status), image=gantt_image(h, status))


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def status_card(h: HandlerContext, status: ProjectStatus) -> str:
    project = status.project
    manager = users.name_of(h.ctx, project.manager_id) if project.manager_id else None
    lines = [h.t("project.card_title", name=project.name, customer=status.customer),
             "  " + h.t("project.card_status", status=h.t(f"project.status.{project.status}"),
                        percent=project.percent_complete, manager=manager or h.t("project.no_manager"))]
    if project.planned_start and project.planned_end:
        lines.append("  " + h.t("project.card_plan", start=h.day(project.planned_start),
                                end=h.day(project.planned_end),
                                finish=h.day(status.finish) if status.finish else "—"))
    burned = burn_percent(project.budget_hours, status.burn.hours)
    cost = h.money(status.burn.cost, project.currency)
    if status.burn.unpriced_hours > 0:
        cost += " " + h.t("project.card_unpriced", hours=_hours(status.burn.unpriced_hours))
    if project.budget_hours:
        lines.append("  " + h.t("project.card_hours_budget", hours=_hours(status.burn.hours),
                                budget=_hours(project.budget_hours), percent=burned, cost=cost))
    else:
        lines.append("  " + h.t("project.card_hours", hours=_hours(status.burn.hours), cost=cost))
    if project.reopened_at is not None:
        lines.append("  " + h.t("project.card_reopened", date=h.day(h.local_date(project.reopened_at))))
    if status.risks:
        lines.append("  " + h.t("project.card_risks"))
        lines.extend("    ⚠️ " + risk_text(h, risk) for risk in status.risks)
    else:
        lines.append("  " + h.t("project.card_on_track"))
    late = [line.task.name for line in status.tasks if line.late]
    if late:
        lines.append("  " + h.t("project.card_late_tasks", tasks=", ".join(late[:5])))
    h.remember(customer_id=project.customer_id)
    return "\n".join(lines)


def gantt_image(h: HandlerContext, status: ProjectStatus) -> ImageRef | None:
    if not status.tasks:
        return None
    bars = [GanttBar(line.task.name, line.start, line.end, milestone=line.task.milestone, late=line.late,
                     critical=line.critical, done=line.task.status == "done") for line in status.tasks]
    png = gantt_png(f"{status.project.name} · {status.customer}", bars, status.today,
                    today_label=h.t("project.gantt_today"))
    return ImageRef(data=png, filename=f"gantt-{status.project.id}.png", caption=status.project.name)


def _at_risk(h: HandlerContext) -> Answer:
    flagged = project_status.at_risk(h.ctx)
    if not flagged:
        return Answer(h.t("project.none_at_risk"))
    lines = [h.t("project.at_risk_title", count=len(flagged))]
    for status in flagged:
        lines.append(f"  ⚠️ {status.project.name} · {status.customer} · {status.project.percent_complete}%")
        lines.extend("     – " + risk_text(h, risk) for risk in status.risks)
    return Answer("\n".join(lines))


def _list(h: HandlerContext) -> Answer:
    found = projects.find(h.ctx, limit=20)
    if not found:
        return Answer(h.t("project.none_open"))
    names = projects.customer_names(h.ctx, found)
    lines = [h.t("project.list_title", count=len(found))]
    flagged = {s.project.id for s in project_status.at_risk(h.ctx)}
    for project in found:
        marker = "⚠️" if project.id in flagged else "•"
        lines.append(f"  {marker} {project.name} · {names.get(project.customer_id, '')} · "
                     f"{project.percent_complete}%")
    return Answer("\n".join(lines))
