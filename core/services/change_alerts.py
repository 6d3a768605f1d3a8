"""What the change-request pushes scan for (system units, the scheduler's tick): approval steps of change requests
waiting for their approver, and change requests decided since. Reads only; `notifications/rules/change_requests.py`
decides when each is said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.context import SystemContext, Unit
from core.models import Approval, ApprovalStep, ChangeRequest, Project
from core.services.approval_waits import user_names, waiting_steps


@dataclass(frozen=True)
class ChangeFacts:
    change_id: int
    project_id: int
    project: str
    currency: str
    changes: dict[str, Any]
    reason: str | None


@dataclass(frozen=True)
class PendingChange:
    step_id: int
    approver_id: int
    requester: str
    since: datetime  # when the step became the approver's (the request, or the end of the stage before)
    change: ChangeFacts


@dataclass(frozen=True)
class DecidedChange:
    approval_id: int
    requester_id: int
    status: str  # approved | rejected
    decided_at: datetime
    decider: str
    change: ChangeFacts


def _facts(system: SystemContext, ids: set[int]) -> dict[int, ChangeFacts]:
    if not ids:
        return {}
    rows = system.session.execute(select(ChangeRequest, Project).join(Project, Project.id == ChangeRequest.project_id)
                                  .where(ChangeRequest.id.in_(ids)))
    return {c.id: ChangeFacts(c.id, p.id, p.name, p.currency, dict(c.changes), c.reason) for c, p in rows}


def pending_steps(system: SystemContext) -> list[PendingChange]:
    waiting = waiting_steps(system, "change_request")
    facts = _facts(system, {w.subject_id for w in waiting})
    return [PendingChange(w.step_id, w.approver_id, w.requester, w.since, facts[w.subject_id])
            for w in waiting if w.subject_id in facts]


def decided_since(system: SystemContext, since: datetime) -> list[DecidedChange]:
    approvals = list(system.session.scalars(select(Approval).where(
        Approval.subject == "change_request", Approval.status.in_(("approved", "rejected")),
        Approval.decided_at >= since)))
    if not approvals:
        return []
    steps = list(system.session.scalars(select(ApprovalStep).where(
        ApprovalStep.approval_id.in_([a.id for a in approvals]), ApprovalStep.decided_at.is_not(None))))
    facts = _facts(system, {a.subject_id for a in approvals})
    names = user_names(system, {s.approver_id for s in steps})
    out: list[DecidedChange] = []
    for approval in approvals:
        change = facts.get(approval.subject_id)
        if change is None or approval.decided_at is None:
            continue
        decided = sorted((s for s in steps if s.approval_id == approval.id and s.status == approval.status),
                         key=lambda s: (s.decided_at, s.id))
        decider = names.get(decided[-1].approver_id, "") if decided else ""
        out.append(DecidedChange(approval.id, approval.requested_by_id, approval.status, approval.decided_at,
                                 decider, change))
    return out


def step_still_pending(unit: Unit, step_id: int) -> bool:
    step = unit.session.get(ApprovalStep, step_id)
    return step is not None and step.status == "pending"
