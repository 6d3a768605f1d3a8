"""change_request: a change to a project's end, start or budget, sent for approval; it applies only once the
approvers say yes (core.services.change_requests)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.handlers.base import Answer, Ask, HandlerContext, Outcome, Proposal
from bot.handlers.project_target import label, project_target
from bot.intents.schema import Command
from bot.intents.specs.projects import RequestChange
from core.models import Project
from core.permissions import Entity
from core.services import change_requests, users


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _changes(command: RequestChange) -> dict[str, Any]:
    out: dict[str, Any] = {}
    end, start = _day(command.end), _day(command.start)
    if end is not None:
        out["planned_end"] = end.isoformat()
    if start is not None:
        out["planned_start"] = start.isoformat()
    if command.budget is not None:
        out["budget_amount"] = str(command.budget)
    elif command.budget_change is not None:
        out["budget_amount_delta"] = str(command.budget_change)
    return out


class ChangeRequestHandler:
    intent = "change_request"
    changes: Entity = "project"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, RequestChange)
        project = project_target(h, command.customer, command.title, resolved)
        if not isinstance(project, Project):
            return project
        resolved = {**resolved, "project_id": project.id}
        changes = _changes(command)
        if not changes:
            return Ask("end", h.t("ask.project_change", name=project.name), resolved)
        checked = change_requests.preview(h.ctx, project.id, changes)  # refuses nonsense before the card
        lines = [h.t("card.change_request", project=label(h, project))]
        if "planned_end" in checked:
            old = h.day(project.planned_end) if project.planned_end else "—"
            lines.append("  " + h.t("card.change", field=h.t("project.field_end"), old=old,
                                    new=h.day(date.fromisoformat(checked["planned_end"]))))
        if "planned_start" in checked:
            old = h.day(project.planned_start) if project.planned_start else "—"
            lines.append("  " + h.t("card.change", field=h.t("project.field_start"), old=old,
                                    new=h.day(date.fromisoformat(checked["planned_start"]))))
        if "budget_amount" in checked:
            lines.append("  " + h.t("card.change", field=h.t("project.field_budget"),
                                    old=h.money(project.budget_amount, project.currency),
                                    new=h.money(Decimal(checked["budget_amount"]), project.currency)))
        if command.reason:
            lines.append("  " + h.t("card.change_reason", text=command.reason))
        lines.append("  " + h.t("card.change_needs_approval"))
        return Proposal(lines, resolved)

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, RequestChange)
        change, approvers = change_requests.request(h.ctx, int(resolved["project_id"]), _changes(command),
                                                    command.reason)
        names = [users.name_of(h.ctx, a) or "?" for a in approvers]
        return Answer(h.t("project.change_requested", number=change.id, approvers=", ".join(names)))
