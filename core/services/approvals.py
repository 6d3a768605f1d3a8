"""Approvals: a contract or a change request goes through the stages its flow names (`core.approval_flows`).

Each step designates one approver, who alone decides it. The steps of a stage are pending together (parallel);
when all approved, the next stage's become pending; one rejection ends the approval. A decision is taken with a
compare-and-set on the step's status, so approving twice — a double tap, two devices, a retried job — decides
once; decisions are rows, so they survive restarts, and they are final (undo does not take them back).

When an approval finishes, its subject's module hears of it (`on_approval(ctx, subject_id, approved, comment)`
in the module `SUBJECT_MODULES` names), in the same unit of work as the deciding step.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, TypeVar

from sqlalchemy import select, update

from core import audit
from core.approval_flows import flow_for
from core.context import ServiceContext
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from core.models import Approval, ApprovalStep, Base, User
from core.models.contracts import ApprovalSubject

SUBJECT_MODULES: dict[ApprovalSubject, str] = {
    "contract": "core.services.contracts",
    "change_request": "core.services.change_requests",
}
Outcome = Literal["waiting", "approved", "rejected"]
_Row = TypeVar("_Row", bound=Base)


@dataclass(frozen=True)
class Decision:
    approval: Approval
    step: ApprovalStep
    outcome: Outcome  # the approval's state after this decision
    # Approvers whose steps this decision made pending (to be told), and whoever asked (when it finished).
    notify: list[int] = field(default_factory=list)


def start(ctx: ServiceContext, subject: ApprovalSubject, subject_id: int, *, owner_id: int,
          amount: Decimal | None = None) -> tuple[Approval, list[int]]:
    """Open the approval of a subject by its flow; returns it and the approvers of the first stage. Asking is
    changing the subject: only who may change the contract (or the project) asks."""
    open_one = of_subject(ctx, subject, subject_id)
    if open_one is not None and open_one.status == "pending":
        raise Conflict("approval.already_pending")
    stages = flow_for(subject, ctx.defaults.data_dir).stages_for(amount)
    approval = Approval(subject=subject, subject_id=subject_id, flow=subject, status="pending",
                        requested_by_id=ctx.actor.user_id, created_at=ctx.now())
    ctx.session.add(approval)
    ctx.session.flush()
    first: list[int] = []
    for number, stage in enumerate(stages, start=1):
        for role in dict.fromkeys(stage.roles):
            approver = _designate(ctx, role, owner_id)
            status = "pending" if number == 1 else "waiting"
            step = ApprovalStep(approval_id=approval.id, stage=number, approver_id=approver, role=role,
                                status=status)
            ctx.session.add(step)
            if number == 1:
                first.append(approver)
    ctx.session.flush()
    audit.record(ctx, "request_approval", approval, None)
    return approval, first


def _designate(ctx: ServiceContext, role: str, owner_id: int) -> int:
    """The one person a role stands for on this owner's approval: their team's first, else the company's (a
    manager only ever of the owner's own team); an admin when nobody holds the role; never the person asking
    (nobody approves their own request)."""
    team_id = ctx.session.scalar(select(User.team_id).where(User.id == owner_id))
    candidates = [(role, True)] if role == "manager" else [(role, True), (role, False)]
    for wanted, same_team in (*candidates, ("admin", False)):
        query = select(User.id).where(User.role == wanted, User.active.is_(True), User.id != ctx.actor.user_id)
        if same_team:
            if team_id is None:
                continue
            query = query.where(User.team_id == team_id)
        found = ctx.session.scalar(query.order_by(User.id).limit(1))
        if found is not None:
            return found
    raise InvalidInput("approval.no_approver", role=role)


def decide(ctx: ServiceContext, step_id: int, approve: bool, comment: str | None = None) -> Decision:
    step = ctx.session.get(ApprovalStep, step_id)
    if step is None:
        raise NotFound(entity="approval")
    if step.approver_id != ctx.actor.user_id:
        raise PermissionDenied("approval.not_yours")
    status = "approved" if approve else "rejected"
    result = ctx.session.execute(
        update(ApprovalStep)
        .where(ApprovalStep.id == step_id, ApprovalStep.status == "pending",
               ApprovalStep.approver_id == ctx.actor.user_id)
        .values(status=status, comment=(comment or None), decided_at=ctx.now())
        .execution_options(synchronize_session=False)
    )
    ctx.session.refresh(step)
    if getattr(result, "rowcount", 0) != 1:
        raise Conflict("approval.already_decided" if step.status in ("approved", "rejected") else "approval.not_open")
    approval = ctx.session.get(Approval, step.approval_id)
    if approval is None:
        raise NotFound(entity="approval")
    audit.record(ctx, "decide_approval", step, None)
    steps = list(ctx.session.scalars(select(ApprovalStep).where(ApprovalStep.approval_id == approval.id)))
    if not approve:
        return _finish(ctx, approval, step, steps, approved=False, comment=comment)
    stage_done = all(other.status == "approved" for other in steps if other.stage == step.stage)
    if not stage_done:
        return Decision(approval, step, "waiting")
    later = sorted({other.stage for other in steps if other.stage > step.stage})
    if not later:
        return _finish(ctx, approval, step, steps, approved=True, comment=comment)
    starting = [other for other in steps if other.stage == later[0]]
    for other in starting:
        other.status = "pending"
    return Decision(approval, step, "waiting", [other.approver_id for other in starting])


def _finish(ctx: ServiceContext, approval: Approval, step: ApprovalStep, steps: list[ApprovalStep], *,
            approved: bool, comment: str | None) -> Decision:
    for other in steps:
        if other.status in ("waiting", "pending"):
            other.status = "skipped"
    approval.status = "approved" if approved else "rejected"
    approval.decided_at = ctx.now()
    ctx.session.flush()
    module = importlib.import_module(SUBJECT_MODULES[approval.subject])  # type: ignore[index]
    module.on_approval(ctx, approval.subject_id, approved, comment)
    return Decision(approval, step, approval.status, [approval.requested_by_id])  # type: ignore[arg-type]


def of_subject(ctx: ServiceContext, subject: ApprovalSubject, subject_id: int) -> Approval | None:
    """The subject's latest approval (a rejected contract may be sent for approval again)."""
    return ctx.session.scalar(select(Approval).where(Approval.subject == subject, Approval.subject_id == subject_id)
                              .order_by(Approval.id.desc()).limit(1))


def steps_of(ctx: ServiceContext, approval_id: int) -> list[ApprovalStep]:
    return list(ctx.session.scalars(select(ApprovalStep).where(ApprovalStep.approval_id == approval_id)
                                    .order_by(ApprovalStep.stage, ApprovalStep.id)))


def waiting_on_me(ctx: ServiceContext) -> list[tuple[ApprovalStep, Approval]]:
    """The steps waiting for the actor's decision, oldest first."""
    rows = ctx.session.execute(
        select(ApprovalStep, Approval).join(Approval, Approval.id == ApprovalStep.approval_id)
        .where(ApprovalStep.approver_id == ctx.actor.user_id, ApprovalStep.status == "pending")
        .order_by(Approval.created_at, ApprovalStep.id))
    return [(step, approval) for step, approval in rows]


def waiting_subjects(ctx: ServiceContext, subject: str, model: type[_Row]) -> list[tuple[ApprovalStep, _Row]]:
    """The `subject` rows (contracts, change requests …) whose approval waits for the actor, oldest first."""
    out: list[tuple[ApprovalStep, _Row]] = []
    for step, approval in waiting_on_me(ctx):
        if approval.subject == subject:
            row = ctx.session.get(model, approval.subject_id)
            if row is not None:
                out.append((step, row))
    return out
