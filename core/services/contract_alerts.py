"""What the contract reminders scan for (system units, the scheduler's tick): approval steps waiting for someone,
approvals that finished, contracts out for signature. Reads only; the rules in `notifications/rules/contracts.py`
decide when each is worth saying."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from core.context import SystemContext, Unit
from core.models import Approval, ApprovalStep, Contract, Customer
from core.services.approval_waits import user_names, waiting_steps


@dataclass(frozen=True)
class ContractFacts:
    contract_id: int
    number: str
    title: str
    customer: str
    customer_id: int
    amount: Decimal
    currency: str
    owner_id: int


@dataclass(frozen=True)
class PendingStep:
    step_id: int
    approver_id: int
    requester: str
    # When the step became the approver's to decide (the request, or the end of the stage before).
    since: datetime
    contract: ContractFacts


@dataclass(frozen=True)
class Finished:
    approval_id: int
    requester_id: int
    status: str
    decided_at: datetime
    decider: str
    comment: str | None
    contract: ContractFacts


@dataclass(frozen=True)
class AwaitingSignature:
    sent_at: datetime
    signature_due: date | None
    contract: ContractFacts


def _facts(contract: Contract, customer: str) -> ContractFacts:
    return ContractFacts(contract.id, contract.number, contract.title, customer, contract.customer_id,
                         contract.amount, contract.currency, contract.owner_id)


def _contracts(system: SystemContext, ids: set[int]) -> dict[int, ContractFacts]:
    if not ids:
        return {}
    rows = system.session.execute(select(Contract, Customer.name).join(Customer, Customer.id == Contract.customer_id)
                                  .where(Contract.id.in_(ids)))
    return {contract.id: _facts(contract, name) for contract, name in rows}


def pending_steps(system: SystemContext) -> list[PendingStep]:
    """Every contract approval step waiting for its approver now, with when it began waiting."""
    waiting = waiting_steps(system, "contract")
    contracts = _contracts(system, {w.subject_id for w in waiting})
    return [PendingStep(w.step_id, w.approver_id, w.requester, w.since, contracts[w.subject_id])
            for w in waiting if w.subject_id in contracts]


def finished_since(system: SystemContext, since: datetime) -> list[Finished]:
    """Contract approvals decided (approved or rejected) since `since`, with who decided last and why."""
    approvals = list(system.session.scalars(select(Approval).where(
        Approval.subject == "contract", Approval.status.in_(("approved", "rejected")), Approval.decided_at >= since)))
    if not approvals:
        return []
    steps = list(system.session.scalars(select(ApprovalStep).where(
        ApprovalStep.approval_id.in_([a.id for a in approvals]), ApprovalStep.decided_at.is_not(None))))
    contracts = _contracts(system, {a.subject_id for a in approvals})
    names = user_names(system, {s.approver_id for s in steps})
    out: list[Finished] = []
    for approval in approvals:
        decided = sorted((s for s in steps if s.approval_id == approval.id and s.status == approval.status),
                         key=lambda s: (s.decided_at, s.id))
        facts = contracts.get(approval.subject_id)
        if facts is None or approval.decided_at is None:
            continue
        last = decided[-1] if decided else None
        out.append(Finished(approval.id, approval.requested_by_id, approval.status, approval.decided_at,
                            names.get(last.approver_id, "") if last else "", last.comment if last else None, facts))
    return out


def awaiting_signature(system: SystemContext) -> list[AwaitingSignature]:
    rows = system.session.execute(select(Contract, Customer.name).join(Customer, Customer.id == Contract.customer_id)
                                  .where(Contract.status == "sent", Contract.sent_at.is_not(None)))
    return [AwaitingSignature(c.sent_at, c.signature_due, _facts(c, name)) for c, name in rows if c.sent_at]


def step_pending(unit: Unit, step_id: int) -> bool:
    """Still waiting for its approver (asked at send time, in the recipient's own unit)."""
    step = unit.session.get(ApprovalStep, step_id)
    return step is not None and step.status == "pending"


def contract_status(unit: Unit, contract_id: int) -> str | None:
    contract = unit.session.get(Contract, contract_id)
    return contract.status if contract is not None else None
