"""Change requests (变更): a change to a project's budget, dates or scope that applies only once approved.

`request` checks the change, stores it as pending and opens its approval (`core.services.approvals`, flow
`change_request` in approval_flows.toml); the approval engine calls `on_approval` when the last step is decided:
approved → the change is applied to the project (in the deciding unit of work), rejected → it is marked rejected
and the project is left as it was.

What a change may hold (`ChangeRequest.changes`): `budget_amount`, `budget_hours` (decimal strings; or
`budget_amount_delta` to add to the current one), `planned_start`, `planned_end` (ISO dates), `add_task`
({"name", "days"}).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from core import audit
from core.context import ServiceContext
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from core.models import CHANGE_KINDS, CLOSED_PROJECT_STATUSES, ApprovalStep, ChangeRequest, Project
from core.services import approvals, project_tasks
from core.services import validation as v

_KIND_OF = {"budget_amount": "budget", "budget_amount_delta": "budget", "budget_hours": "budget",
            "planned_start": "dates", "planned_end": "dates", "add_task": "scope"}


def _decimal(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput("error.bad_amount", value=value) from None
    if not amount.is_finite():
        raise InvalidInput("error.bad_amount", value=value)
    return amount


def _checked(project: Project, changes: dict[str, Any]) -> dict[str, Any]:
    """The change in a storable form, refused if it makes no sense for the project."""
    unknown = set(changes) - set(_KIND_OF)
    if not changes or unknown:
        raise InvalidInput("change.nothing")
    out: dict[str, Any] = {}
    if "budget_amount_delta" in changes:
        delta = _decimal(changes["budget_amount_delta"], "budget_amount")
        changes = {**changes, "budget_amount": (project.budget_amount or Decimal(0)) + delta}
    if "budget_amount" in changes:
        amount = _decimal(changes["budget_amount"], "budget_amount")
        if amount <= 0:
            raise InvalidInput("error.bad_amount", value=str(amount))
        out["budget_amount"] = str(amount.quantize(Decimal("0.01")))
    if "budget_hours" in changes:
        hours = _decimal(changes["budget_hours"], "budget_hours")
        if hours <= 0:
            raise InvalidInput("error.bad_amount", value=str(hours))
        out["budget_hours"] = str(hours)
    start = date.fromisoformat(str(changes["planned_start"])) if "planned_start" in changes else project.planned_start
    end = date.fromisoformat(str(changes["planned_end"])) if "planned_end" in changes else project.planned_end
    if start is not None and end is not None and end < start:
        raise InvalidInput("change.end_before_start", start=start.isoformat(), end=end.isoformat())
    if "planned_start" in changes:
        out["planned_start"] = str(start)
    if "planned_end" in changes:
        out["planned_end"] = str(end)
    if "add_task" in changes:
        task = changes["add_task"]
        if not isinstance(task, dict):
            raise InvalidInput("change.nothing")
        out["add_task"] = {"name": v.required_text(str(task.get("name") or ""), "task", limit=200),
                           "days": int(task.get("days") or 1)}
    return out


def kind_of(changes: dict[str, Any]) -> str:
    kinds = {_KIND_OF[key] for key in changes if key in _KIND_OF}
    for kind in CHANGE_KINDS:  # scope first, then budget, then dates
        if kind in kinds:
            return kind
    return "scope"


def preview(ctx: ServiceContext, project_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    """The checked change (what the card shows), without storing anything."""
    project = ctx.session.get(Project, project_id)
    if project is None:
        raise NotFound(entity="project")
    return _checked(project, changes)


def request(ctx: ServiceContext, project_id: int, changes: dict[str, Any], reason: str | None = None
            ) -> tuple[ChangeRequest, list[int]]:
    """Store the change as pending and open its approval; returns it and the approvers to tell."""
    project = ctx.session.get(Project, project_id)
    if project is None:
        raise NotFound(entity="project")
    if project.status in CLOSED_PROJECT_STATUSES:
        raise InvalidInput("project.closed", name=project.name)
    checked = _checked(project, changes)
    change = ChangeRequest(project_id=project.id, kind=kind_of(checked), changes=checked,
                           reason=v.clean_text(reason, "reason", limit=1000), requested_by_id=ctx.actor.user_id,
                           status="pending", created_at=ctx.now(), decided_at=None)
    ctx.session.add(change)
    ctx.session.flush()
    audit.record(ctx, "request_change", change, None)
    amount = Decimal(checked["budget_amount"]) if "budget_amount" in checked else None
    _approval, approvers = approvals.start(ctx, "change_request", change.id, owner_id=project.owner_id,
                                           amount=amount)
    return change, approvers


def get(ctx: ServiceContext, change_id: int) -> ChangeRequest:
    change = ctx.session.get(ChangeRequest, change_id)
    if change is None:
        raise NotFound(entity="project")
    return change


def on_approval(ctx: ServiceContext, subject_id: int, approved: bool, comment: str | None) -> None:
    """The approval engine's word on a change request: apply it, or leave the project as it was."""
    change = ctx.session.get(ChangeRequest, subject_id)
    if change is None:
        raise NotFound(entity="project")
    if change.status != "pending":
        raise Conflict("approval.already_decided")
    before = audit.snapshot(change)
    change.decided_at = ctx.now()
    if not approved:
        change.status = "rejected"
        audit.record(ctx, "reject_change", change, before)
        return
    project = ctx.session.get(Project, change.project_id)
    if project is None:
        raise NotFound(entity="project")
    _apply(ctx, project, change.changes)
    change.status = "applied"
    audit.record(ctx, "apply_change", change, before)


def _apply(ctx: ServiceContext, project: Project, changes: dict[str, Any]) -> None:
    before = audit.snapshot(project)
    if "budget_amount" in changes:
        project.budget_amount = Decimal(changes["budget_amount"])
    if "budget_hours" in changes:
        project.budget_hours = Decimal(changes["budget_hours"])
    if "planned_start" in changes:
        project.planned_start = date.fromisoformat(changes["planned_start"])
    if "planned_end" in changes:
        project.planned_end = date.fromisoformat(changes["planned_end"])
    project.updated_at = ctx.now()
    ctx.session.flush()
    audit.record(ctx, "change_project", project, before)
    if "add_task" in changes:
        task = changes["add_task"]
        project_tasks.add_task(ctx, project.id, project_tasks.NewTask(str(task["name"]), int(task["days"])))
    elif "planned_start" in changes:
        project_tasks.reschedule(ctx, project)


def waiting_for_me(ctx: ServiceContext) -> list[tuple[ApprovalStep, ChangeRequest]]:
    """The change requests whose approval waits for the actor's decision, oldest request first."""
    return approvals.waiting_subjects(ctx, "change_request", ChangeRequest)


def my_step(ctx: ServiceContext, change_id: int) -> ApprovalStep:
    """The actor's pending step on the change request's approval, or why there is none."""
    change = get(ctx, change_id)
    approval = approvals.of_subject(ctx, "change_request", change.id)
    if approval is None or change.status != "pending":
        raise Conflict("approval.already_decided")
    mine = [step for step in approvals.steps_of(ctx, approval.id) if step.approver_id == ctx.actor.user_id]
    if not mine:
        raise PermissionDenied("approval.not_yours")
    step = mine[-1]
    if step.status != "pending":
        raise Conflict("approval.already_decided")
    return step


def project_name(ctx: ServiceContext, change_id: int) -> tuple[str, str]:
    """The name and currency of the project a change request is about (what the change is said with)."""
    project = ctx.session.get(Project, get(ctx, change_id).project_id)
    if project is None:
        raise NotFound(entity="project")
    return project.name, project.currency


def pending_of(ctx: ServiceContext, project_id: int) -> list[ChangeRequest]:
    return list(ctx.session.scalars(select(ChangeRequest).where(ChangeRequest.project_id == project_id,
                                                                ChangeRequest.status == "pending")
                                    .order_by(ChangeRequest.id)).all())


def describe(lang: str, project_name: str, currency: str, changes: dict[str, Any]) -> str:
    """What a change request asks, in `lang` — for whoever shows it to its approver ("ERP rollout: planned end →
    Mon 15 Mar 2027; budget → ¥550,000")."""
    from core.i18n import format as fmt
    from core.i18n import t

    parts = []
    if "planned_end" in changes:
        parts.append(t(lang, "change.part_end", date=fmt.day(date.fromisoformat(changes["planned_end"]), lang)))
    if "planned_start" in changes:
        parts.append(t(lang, "change.part_start", date=fmt.day(date.fromisoformat(changes["planned_start"]), lang)))
    if "budget_amount" in changes:
        parts.append(t(lang, "change.part_budget", amount=fmt.money(Decimal(changes["budget_amount"]), currency,
                                                                      lang)))
    if "budget_hours" in changes:
        parts.append(t(lang, "change.part_hours", hours=changes["budget_hours"]))
    if "add_task" in changes:
        parts.append(t(lang, "change.part_task", task=changes["add_task"]["name"], days=changes["add_task"]["days"]))
    return t(lang, "change.summary", project=project_name, changes="; ".join(parts))
