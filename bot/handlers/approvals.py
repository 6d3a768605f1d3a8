"""Approvals in chat: "approve contract C-2026-001" / "驳回…因为…" (a card, then the engine decides — once, and
only for the designated approver), "what's waiting for my approval" / 待我审批的, and the Approve / Reject buttons
on the approval push (`approval:approve|reject:<contract id>`).

The Approve button decides at once: the push named exactly the contract and the amount, so the tap is the
confirmation. Reject asks for the reason first (the requester is told why), then shows the card.
"""

from __future__ import annotations

from typing import Any

from bot.handlers.base import Answer, Ask, Choose, HandlerContext, Option, Outcome, Proposal, ReadHandler, Run
from bot.handlers.contract_targets import contract_label, contract_target
from bot.intents.schema import Command
from bot.intents.specs.contracts import DecideApproval
from core.approval_actions import approval_buttons, change_buttons
from core.models import Contract
from core.permissions import Entity
from core.services import approvals, change_requests, contracts, users
from core.services.approvals import Decision


def _pick_waiting(h: HandlerContext) -> Contract | Outcome:
    """Nothing named: the one contract waiting for the user, or a choice among them."""
    waiting = contracts.waiting_for_me(h.ctx)
    if not waiting:
        return Answer(h.t("approvals.none_waiting"))
    if len(waiting) == 1:
        return waiting[0][1]
    return Choose(h.t("choose.approval"), [Option(contract_label(h, c), {"contract_id": c.id}) for _, c in waiting])


def _told(h: HandlerContext, decision: Decision) -> str:
    if not decision.notify:
        return h.t("approval.outcome.waiting_others")
    names = ", ".join(users.name_of(h.ctx, who) or "?" for who in decision.notify)
    return h.t(f"approval.outcome.{decision.outcome}", who=names)


class DecideApprovalHandler:
    intent = "decide_approval"
    # The engine checks the designated approver; the card needs no role of its own (finance and managers decide).
    changes: Entity | None = None

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, DecideApproval)
        if command.contract or command.customer or "contract_id" in resolved:
            contract = contract_target(h, command.contract, command.customer, resolved, prefer=("pending_approval",))
        else:
            contract = _pick_waiting(h)
        if not isinstance(contract, Contract):
            return contract
        step = contracts.my_step(h.ctx, contract.id)  # refusals (not yours, decided, not open) before the card
        settled = {**resolved, "contract_id": contract.id, "step_id": step.id}
        decision = command.decision or resolved.get("decision")
        label = contract_label(h, contract)
        if decision is None:
            return Choose(h.t("ask.decision", label=label), [
                Option(h.t("button.approve"), {**settled, "decision": "approve"}),
                Option(h.t("button.reject"), {**settled, "decision": "reject"})])
        if decision == "reject" and not command.comment:
            return Ask("comment", h.t("ask.reject_reason", label=label), {**settled, "decision": "reject"})
        requester = approvals.of_subject(h.ctx, "contract", contract.id)
        asked_by = users.name_of(h.ctx, requester.requested_by_id) if requester else None
        lines = [h.t(f"card.{decision}_contract", label=label), "  " + h.t("card.asked_by", name=asked_by or "?")]
        if command.comment:
            lines.append("  " + h.t("card.comment", text=command.comment))
        h.remember(customer_id=contract.customer_id)
        return Proposal(lines, {**settled, "decision": decision}, editable=decision == "reject")

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, DecideApproval)
        approve = (command.decision or resolved.get("decision")) == "approve"
        decision = approvals.decide(h.ctx, int(resolved["step_id"]), approve, command.comment)
        contract = contracts.get(h.ctx, int(resolved["contract_id"]))
        said = "approval.decided_approve" if approve else "approval.decided_reject"
        return Answer(h.t(said, label=contract_label(h, contract)) + " " + _told(h, decision))


class QueryApprovalsHandler(ReadHandler):
    intent = "query_approvals"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        waiting = contracts.waiting_for_me(h.ctx)
        changes = change_requests.waiting_for_me(h.ctx)
        if not waiting and not changes:
            return Answer(h.t("approvals.none_waiting"))
        lines = [h.t("approvals.waiting_title", count=len(waiting) + len(changes))]
        for _, contract in waiting:
            lines.append(f"  • {contract_label(h, contract)}")
        for _, change in changes:
            name, currency = change_requests.project_name(h.ctx, change.id)
            lines.append(f"  • {change_requests.describe(h.lang, name, currency, change.changes)}")
        choices = []
        if len(waiting) + len(changes) == 1:  # one thing waiting: its buttons right here
            choices = (approval_buttons(h.lang, waiting[0][1].id) if waiting
                       else change_buttons(h.lang, changes[0][1].id))
        return Answer("\n".join(lines), choices=choices)


class ApprovalActions:
    """`approval:approve:<contract id>` decides at once; `approval:reject:<contract id>` asks why, then a card."""

    def handle(self, argument: str, h: HandlerContext) -> Answer | Command | Run:
        verb, _, ident = argument.partition(":")
        if not ident.isdigit() or verb not in ("approve", "reject"):
            return Answer(h.t("unknown.reply"), private=False)
        contract_id = int(ident)
        if verb == "reject":
            return Run(DecideApproval(decision="reject"), {"contract_id": contract_id})
        step = contracts.my_step(h.ctx, contract_id)
        decision = approvals.decide(h.ctx, step.id, True)
        contract = contracts.get(h.ctx, contract_id)
        return Answer(h.t("approval.decided_approve", label=contract_label(h, contract)) + " " + _told(h, decision))
