"""Approval steps waiting for their approver, for the pushes that remind them (system units, the scheduler's tick).

One computation of "waiting since" for every kind of subject: a step becomes its approver's when the request is
made, or when the last step of the stage before it is decided."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from core.context import SystemContext
from core.models import Approval, ApprovalStep, User
from core.models.contracts import ApprovalSubject


@dataclass(frozen=True)
class WaitingStep:
    step_id: int
    approver_id: int
    subject_id: int
    requester: str
    since: datetime  # when the step became the approver's (the request, or the end of the stage before)


def waiting_steps(system: SystemContext, subject: ApprovalSubject) -> list[WaitingStep]:
    """Every pending step of a pending approval of `subject`, with when it began waiting."""
    approvals = list(system.session.scalars(select(Approval).where(Approval.subject == subject,
                                                                   Approval.status == "pending")))
    if not approvals:
        return []
    steps = list(system.session.scalars(select(ApprovalStep).where(
        ApprovalStep.approval_id.in_([a.id for a in approvals]))))
    names = user_names(system, {a.requested_by_id for a in approvals})
    out: list[WaitingStep] = []
    for approval in approvals:
        mine = [s for s in steps if s.approval_id == approval.id]
        for step in mine:
            if step.status != "pending":
                continue
            before = [s.decided_at for s in mine if s.stage < step.stage and s.decided_at is not None]
            since = max(before) if before else approval.created_at
            out.append(WaitingStep(step.id, step.approver_id, approval.subject_id,
                                   names.get(approval.requested_by_id, ""), since))
    return out


def user_names(system: SystemContext, ids: set[int]) -> dict[int, str]:
    """Users' names by id (what a push says who asked or decided with)."""
    if not ids:
        return {}
    return {user_id: name for user_id, name in system.session.execute(select(User.id, User.name)
                                                                      .where(User.id.in_(ids)))}
