"""Contracts (合同): created from a won deal or by chat, then draft → pending approval → approved → sent for
signature → signed. Every move is one named transition; a move the status does not allow is refused with the
contract's number and status, never applied halfway.

Submitting starts the approval flow (`core.services.approvals`); the engine tells us how it ended through
`on_approval`. Sending goes through an e-signature provider (`core.esign`); the provider's webhook (or a user
saying "signed") marks it signed. The payment plan's text is kept on the contract's terms and becomes its
installments (`core.services.payment_plans`); those due at signing fall due when it is signed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError

from core import audit
from core.context import ServiceContext, SystemContext
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from core.esign import ESignProvider, SignatureEvent
from core.models import ApprovalStep, Contract, Deal, DealStageChange, NumberSequence
from core.permissions import require_change, require_may_change
from core.scoping import owner_clause
from core.services import approvals, customers, deals, payment_plans, webhooks
from core.services import validation as v
from core.timeutil import local_today

# Where each move may start, and where it ends (a rejected or declined contract may be corrected and resubmitted).
MOVES: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({"draft", "rejected"}), "pending_approval"),
    "approve": (frozenset({"pending_approval"}), "approved"),
    "reject": (frozenset({"pending_approval"}), "rejected"),
    "send": (frozenset({"approved"}), "sent"),
    "sign": (frozenset({"sent"}), "signed"),
    "decline": (frozenset({"sent"}), "approved"),
    "cancel": (frozenset({"draft", "pending_approval", "approved", "rejected", "sent"}), "cancelled"),
}
NUMBER_PREFIX = "C"
_NUMBER = re.compile(r"^\s*([A-Za-z]{1,3})-?(\d{4})-?(\d{1,6})\s*$")


@dataclass(frozen=True)
class Submitted:
    contract: Contract
    # The approvers of the first stage (to be told).
    approvers: list[int]


def visible(ctx: ServiceContext, *, for_write: bool = False) -> Select[Contract]:
    """Contracts the actor may read (the session applies that) or, with `for_write`, change."""
    query = select(Contract)
    if for_write:
        query = query.where(owner_clause(ctx.actor, ctx.actor.change_scope("contract"), Contract.owner_id))
    return query


def get(ctx: ServiceContext, contract_id: int, *, for_write: bool = False) -> Contract:
    contract = ctx.session.get(Contract, contract_id)
    if contract is None:
        raise NotFound(entity="contract")
    if for_write:
        require_change(ctx.actor, "contract", contract.owner_id, customers.team_of(ctx, contract.owner_id))
    return contract


def by_number(ctx: ServiceContext, number: str) -> Contract:
    """A contract by its number as people type it ("C-2026-001", "c2026001", "C-2026-1")."""
    match = _NUMBER.match(number)
    if match is None:
        raise NotFound(entity="contract")
    prefix, year, seq = match.groups()
    canonical = f"{prefix.upper()}-{year}-{int(seq):03d}"
    found = ctx.session.scalar(visible(ctx).where(Contract.number == canonical))
    if found is None:
        raise NotFound(entity="contract")
    return found


def query(ctx: ServiceContext, *, customer_id: int | None = None, statuses: tuple[str, ...] = (),
          mine_only: bool = False, limit: int = 50) -> list[Contract]:
    """Contracts the actor can see, newest first."""
    rows = visible(ctx)
    if customer_id is not None:
        rows = rows.where(Contract.customer_id == customer_id)
    if statuses:
        rows = rows.where(Contract.status.in_(statuses))
    if mine_only:
        rows = rows.where(Contract.owner_id == ctx.actor.user_id)
    return list(ctx.session.scalars(rows.order_by(Contract.created_at.desc(), Contract.id.desc()).limit(limit)))


def won_deal_for(ctx: ServiceContext, customer_id: int) -> Deal | None:
    """The customer's latest won deal that has no live contract yet: what a new contract for them is about."""
    taken = select(Contract.deal_id).where(Contract.deal_id.is_not(None), Contract.status != "cancelled")
    # The one won last: by its latest move to "won" (the history's ids order moves made within one instant).
    won_at = (select(func.max(DealStageChange.id)).where(DealStageChange.deal_id == Deal.id,
                                                         DealStageChange.to_stage == "won")
              .correlate(Deal).scalar_subquery())
    return ctx.session.scalar(
        deals.visible(ctx).where(Deal.customer_id == customer_id, Deal.stage == "won", Deal.id.not_in(taken))
        .order_by(won_at.desc().nulls_last(), Deal.id.desc()).limit(1))


def differs_from_deal(deal: Deal | None, amount: Decimal | None, currency: str | None) -> bool:
    """Whether a contract's amount differs from its deal's (shown as a warning on the card, never refused)."""
    if deal is None or deal.amount is None or amount is None:
        return False
    return amount != deal.amount or (currency is not None and currency.upper() != deal.currency)


def create(
    ctx: ServiceContext,
    customer_id: int,
    *,
    amount: Decimal | None = None,
    currency: str | None = None,
    title: str | None = None,
    terms: str | None = None,
    payment_plan: str | None = None,
    deal_id: int | None = None,
    signature_due: date | None = None,
) -> Contract:
    """A draft contract for a customer the actor may change contracts of; with `deal_id`, from that deal (its
    amount, currency and title are the defaults)."""
    require_may_change(ctx.actor, "contract")
    customer = customers.get(ctx, customer_id)
    deal: Deal | None = None
    if deal_id is not None:
        deal = deals.get(ctx, deal_id)
        if deal.customer_id != customer.id:
            raise InvalidInput("error.deal_of_other_customer")
        live = ctx.session.scalar(select(Contract.number).where(Contract.deal_id == deal.id,
                                                                Contract.status != "cancelled").limit(1))
        if live is not None:
            raise Conflict("contract.deal_has_contract", title=deal.title, number=live)
    value = v.amount(amount if amount is not None else (deal.amount if deal else None))
    if value is None or value <= 0:
        raise InvalidInput("contract.amount_needed")
    owner_id = ctx.actor.user_id
    now = ctx.now()
    plan = v.clean_text(payment_plan, "payment_plan", limit=200)
    contract = Contract(
        number=_next_number(ctx),
        deal_id=deal.id if deal else None,
        customer_id=customer.id,
        owner_id=owner_id,
        title=v.required_text(title or (deal.title if deal else customer.name), "title"),
        amount=value,
        currency=v.currency(currency or (deal.currency if deal else None), ctx.defaults.currency),
        terms=_with_plan(v.clean_text(terms, "terms", limit=4000), plan),
        status="draft",
        signature_due=signature_due,
        created_at=now,
        updated_at=now,
    )
    ctx.session.add(contract)
    audit.record(ctx, "create_contract", contract, None)
    if plan:
        payment_plans.attach(ctx, contract.id, plan)
    return contract


def create_from_deal(ctx: ServiceContext, deal_id: int, *, amount: Decimal | None = None,
                     currency: str | None = None, payment_plan: str | None = None) -> Contract:
    """A draft contract for a won deal (amount, currency and title from the deal unless given)."""
    deal = deals.get(ctx, deal_id)
    if deal.stage != "won":
        raise Conflict("contract.deal_not_won", title=deal.title)
    return create(ctx, deal.customer_id, deal_id=deal.id, amount=amount, currency=currency,
                  payment_plan=payment_plan)


PLAN_MARK = "Payment plan: "


def _with_plan(terms: str | None, plan: str | None) -> str | None:
    if not plan:
        return terms
    return "\n".join(part for part in (terms, PLAN_MARK + plan) if part)


def payment_plan_of(contract: Contract) -> str | None:
    """The payment plan text the contract was created with ("30/60/10"), kept on its terms."""
    for line in (contract.terms or "").splitlines():
        if line.startswith(PLAN_MARK):
            return line[len(PLAN_MARK):]
    return None


def _next_number(ctx: ServiceContext) -> str:
    """C-<year>-<nnn>, the year the actor's today falls in; the counter row is taken under a row lock."""
    year = local_today(ctx.now(), ctx.actor.timezone).year
    key = f"contract:{year}"
    sequence = ctx.session.scalar(select(NumberSequence).where(NumberSequence.key == key).with_for_update())
    if sequence is None:
        try:
            with ctx.session.begin_nested():
                ctx.session.add(NumberSequence(key=key, next_value=1))
        except IntegrityError:
            pass  # another writer created it first: take it under the lock like they did
        sequence = ctx.session.scalar(select(NumberSequence).where(NumberSequence.key == key).with_for_update())
        assert sequence is not None
    value = sequence.next_value
    sequence.next_value = value + 1
    return f"{NUMBER_PREFIX}-{year}-{value:03d}"


def _move(ctx: ServiceContext | SystemContext, contract: Contract, move: str) -> dict[str, object]:
    """Apply a move's status change (refused when the status does not allow it); the snapshot before it."""
    check_move(contract, move)
    _, target = MOVES[move]
    before = audit.snapshot(contract)
    contract.status = target
    contract.updated_at = ctx.now()
    return before


def submit(ctx: ServiceContext, contract_id: int) -> Submitted:
    """Send a draft (or a rejected contract, corrected) for approval: the flow's first approvers are told."""
    contract = get(ctx, contract_id, for_write=True)
    before = _move(ctx, contract, "submit")
    ctx.session.flush()
    _, first = approvals.start(ctx, "contract", contract.id, owner_id=contract.owner_id, amount=contract.amount)
    audit.record(ctx, "submit_contract", contract, before)
    return Submitted(contract, first)


def on_approval(ctx: ServiceContext, subject_id: int, approved: bool, comment: str | None) -> None:
    """The approval engine's word on a contract (in the unit of the deciding step)."""
    contract = get(ctx, subject_id)
    before = _move(ctx, contract, "approve" if approved else "reject")
    audit.record(ctx, "approve_contract" if approved else "reject_contract", contract, before)


def send_for_signature(ctx: ServiceContext, contract_id: int, provider: ESignProvider, *,
                       signature_due: date | None = None) -> Contract:
    """An approved contract goes to the customer for signature through the provider (its envelope id kept)."""
    contract = get(ctx, contract_id, for_write=True)
    before = _move(ctx, contract, "send")
    contract.sent_at = ctx.now()
    contract.signature_due = signature_due or contract.signature_due
    contract.esign_provider = provider.name
    contract.esign_reference = provider.send(contract)
    audit.record(ctx, "send_contract", contract, before)
    return contract


def mark_signed(ctx: ServiceContext, contract_id: int, *, signed_on: date | None = None,
                reference: str | None = None) -> Contract:
    """A user says the customer signed (on paper, or the provider's word reached them first)."""
    contract = get(ctx, contract_id, for_write=True)
    before = _move(ctx, contract, "sign")
    today = local_today(ctx.now(), ctx.actor.timezone)
    if signed_on is not None and signed_on > today:
        raise InvalidInput("contract.signed_in_future")
    contract.signed_on = signed_on or today
    if reference:
        contract.esign_reference = v.clean_text(reference, "reference", limit=128)
    audit.record(ctx, "sign_contract", contract, before)
    payment_plans.on_signed(ctx, contract.id)
    webhooks.emit(ctx, "contract.signed", signed_event(contract))
    return contract


def cancel(ctx: ServiceContext, contract_id: int) -> Contract:
    contract = get(ctx, contract_id, for_write=True)
    before = _move(ctx, contract, "cancel")
    audit.record(ctx, "cancel_contract", contract, before)
    return contract


def signed_event(contract: Contract) -> dict[str, object]:
    """What the contract.signed webhook says about a contract."""
    return {"contract_id": contract.id, "number": contract.number, "customer_id": contract.customer_id,
            "deal_id": contract.deal_id, "owner_id": contract.owner_id, "title": contract.title,
            "amount": None if contract.amount is None else str(contract.amount), "currency": contract.currency,
            "signed_on": None if contract.signed_on is None else contract.signed_on.isoformat()}


@dataclass(frozen=True)
class SignatureApplied:
    contract_id: int
    number: str
    owner_id: int
    status: str
    changed: bool


def apply_signature_event(system: SystemContext, provider: str, event: SignatureEvent) -> SignatureApplied:
    """The provider's webhook said an envelope was signed or declined. It acts for nobody (the provider is no
    user), so it takes the system unit; a repeated event changes nothing (providers retry)."""
    contract = system.session.scalar(select(Contract).where(Contract.esign_provider == provider,
                                                            Contract.esign_reference == event.reference))
    if contract is None:
        raise NotFound(entity="contract")
    done = "signed" if event.outcome == "signed" else "approved"
    if contract.status == done or contract.status == "signed":
        return SignatureApplied(contract.id, contract.number, contract.owner_id, contract.status, False)
    _move(system, contract, "sign" if event.outcome == "signed" else "decline")
    if event.outcome == "signed":
        contract.signed_on = event.signed_on or system.now().date()
        system.session.flush()
        payment_plans.on_signed_by_provider(system, contract)
        webhooks.emit(system, "contract.signed", signed_event(contract))
    else:
        contract.sent_at = None
    system.session.flush()
    return SignatureApplied(contract.id, contract.number, contract.owner_id, contract.status, True)


def names_of(ctx: ServiceContext, contracts: list[Contract]) -> dict[int, str]:
    """The customers' names of these contracts."""
    return {c.customer_id: customers.name_of(ctx, c.customer_id) or "" for c in contracts}


def check_move(contract: Contract, move: str) -> None:
    """Refuse, before any card, a move the contract's status does not allow."""
    sources, _ = MOVES[move]
    if contract.status not in sources:
        raise Conflict(f"contract.illegal_move.{move}", number=contract.number, status=contract.status)


def waiting_for_me(ctx: ServiceContext) -> list[tuple[ApprovalStep, Contract]]:
    """The contracts whose approval waits for the actor's decision, oldest request first."""
    return approvals.waiting_subjects(ctx, "contract", Contract)


def my_step(ctx: ServiceContext, contract_id: int) -> ApprovalStep:
    """The actor's pending step on the contract's approval, or why there is none (said before any card)."""
    contract = get(ctx, contract_id)
    approval = approvals.of_subject(ctx, "contract", contract.id)
    if approval is None:
        raise Conflict("contract.nothing_to_approve", number=contract.number, status=contract.status)
    mine = [step for step in approvals.steps_of(ctx, approval.id) if step.approver_id == ctx.actor.user_id]
    if not mine:
        if approval.status != "pending":
            raise Conflict("contract.nothing_to_approve", number=contract.number, status=contract.status)
        raise PermissionDenied("approval.not_yours")
    step = mine[-1]
    if step.status == "pending":
        return step
    if step.status in ("approved", "rejected"):
        raise Conflict("approval.already_decided")
    if approval.status != "pending":
        raise Conflict("contract.nothing_to_approve", number=contract.number, status=contract.status)
    raise Conflict("approval.not_open")
