"""Contracts on a real database: numbering, from a won deal, the status machine through the real approval engine,
e-signature events, illegal moves refused (and said in both languages), and who may see and change them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.conversation import render_error
from core.context import CoreGateway
from core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from core.esign import ManualProvider, SignatureEvent
from core.services import approvals, contracts, customers, deals, payment_plans
from tests.factories import add_user


@pytest.fixture
def team(core: CoreGateway) -> dict[str, int]:
    people = {
        "alice": add_user(core, "Alice", "rep", "East"),
        "bob": add_user(core, "Bob", "rep", "East"),
        "mia": add_user(core, "Mia", "manager", "East"),
        "fay": add_user(core, "Fay", "finance", "East"),
        "pat": add_user(core, "Pat", "pm", "East"),
        "ada": add_user(core, "Ada", "admin", None),
    }
    return {name: user.id for name, user in people.items()}


def _won_deal(core: CoreGateway, owner: int, customer: str = "Acme", amount: str = "500000") -> tuple[int, int]:
    with core.unit(owner) as ctx:
        row = customers.create(ctx, customer)
        deal = deals.create(ctx, row.id, "ERP rollout", amount=Decimal(amount), stage="won")
        return row.id, deal.id


def _draft(core: CoreGateway, owner: int, customer: str = "Acme") -> int:
    _, deal_id = _won_deal(core, owner, customer)
    with core.unit(owner) as ctx:
        return contracts.create_from_deal(ctx, deal_id).id


def _decide_pending(core: CoreGateway, who: int, approve: bool = True, comment: str | None = None) -> str:
    with core.unit(who) as ctx:
        waiting = approvals.waiting_on_me(ctx)
        assert len(waiting) == 1
        return approvals.decide(ctx, waiting[0][0].id, approve, comment).outcome


def _status(core: CoreGateway, who: int, contract_id: int) -> str:
    with core.reading(who) as ctx:
        return contracts.get(ctx, contract_id).status


def test_numbers_run_per_year_and_a_won_deal_gives_the_defaults(core: CoreGateway, team: dict[str, int]) -> None:
    customer_id, deal_id = _won_deal(core, team["alice"])
    with core.unit(team["alice"]) as ctx:
        first = contracts.create_from_deal(ctx, deal_id)
        assert (first.number, first.amount, first.currency, first.title, first.status) == (
            "C-2026-001", Decimal("500000.00"), "CNY", "ERP rollout", "draft")
        assert contracts.won_deal_for(ctx, customer_id) is None  # that deal has its contract now
        second = contracts.create(ctx, customer_id, amount=Decimal("1200"), title="Support", payment_plan="30/60/10")
        assert second.number == "C-2026-002"
        assert contracts.payment_plan_of(second) == "30/60/10"
        assert contracts.by_number(ctx, "c-2026-2").id == second.id
    with pytest.raises(Conflict) as twice, core.unit(team["alice"]) as ctx:  # one live contract per deal
        contracts.create_from_deal(ctx, deal_id)
    assert twice.value.key == "contract.deal_has_contract" and twice.value.params["number"] == "C-2026-001"
    with core.unit(team["bob"]) as ctx:  # the counter is shared: nobody gets a number twice
        other = customers.create(ctx, "Globex")
        assert contracts.create(ctx, other.id, amount=Decimal("10")).number == "C-2026-003"


def test_an_amount_other_than_the_deals_is_flagged_not_refused(core: CoreGateway, team: dict[str, int]) -> None:
    customer_id, deal_id = _won_deal(core, team["alice"])
    with core.unit(team["alice"]) as ctx:
        deal = contracts.won_deal_for(ctx, customer_id)
        assert deal is not None and deal.id == deal_id
        assert contracts.differs_from_deal(deal, Decimal("450000"), None)
        assert not contracts.differs_from_deal(deal, Decimal("500000"), "cny")
        assert contracts.differs_from_deal(deal, Decimal("500000"), "USD")
        made = contracts.create(ctx, customer_id, amount=Decimal("450000"), deal_id=deal_id)
        assert made.amount == Decimal("450000.00") and made.deal_id == deal_id


def test_bad_input_is_refused(core: CoreGateway, team: dict[str, int]) -> None:
    customer_id, _ = _won_deal(core, team["alice"])
    with pytest.raises(InvalidInput) as no_amount, core.unit(team["alice"]) as ctx:
        contracts.create(ctx, customer_id, amount=None)
    assert no_amount.value.key == "contract.amount_needed"
    with pytest.raises(InvalidInput), core.unit(team["alice"]) as ctx:
        contracts.create(ctx, customer_id, amount=Decimal("-5"))
    with core.unit(team["alice"]) as ctx:
        open_deal = deals.create(ctx, customer_id, "Phase 2", amount=Decimal("10"))
    with pytest.raises(Conflict) as not_won, core.unit(team["alice"]) as ctx:
        contracts.create_from_deal(ctx, open_deal.id)
    assert not_won.value.key == "contract.deal_not_won"
    with pytest.raises(PermissionDenied) as pm, core.unit(team["pat"]) as ctx:
        contracts.create(ctx, customer_id, amount=Decimal("10"))
    assert pm.value.key == "error.role_read_only"
    with pytest.raises(NotFound), core.unit(team["bob"]) as ctx:  # a colleague's customer
        contracts.create(ctx, customer_id, amount=Decimal("10"))


def test_draft_to_signed_through_the_approval_engine(core: CoreGateway, team: dict[str, int]) -> None:
    contract_id = _draft(core, team["alice"])
    with core.unit(team["alice"]) as ctx:
        submitted = contracts.submit(ctx, contract_id)
        assert submitted.approvers == [team["mia"]] and submitted.contract.status == "pending_approval"
    assert _decide_pending(core, team["mia"]) == "waiting"
    assert _status(core, team["alice"], contract_id) == "pending_approval"
    assert _decide_pending(core, team["fay"], comment="ok") == "approved"
    assert _status(core, team["alice"], contract_id) == "approved"
    with core.unit(team["alice"]) as ctx:
        sent = contracts.send_for_signature(ctx, contract_id, ManualProvider(), signature_due=date(2026, 12, 10))
        assert (sent.status, sent.esign_provider, sent.esign_reference) == ("sent", "manual", "manual-C-2026-001")
    event = SignatureEvent(reference="manual-C-2026-001", outcome="signed", signed_on=date(2026, 11, 24))
    with core.system() as system:
        applied = contracts.apply_signature_event(system, "manual", event)
        assert applied.changed and applied.status == "signed" and applied.owner_id == team["alice"]
    with core.system() as system:  # providers retry: the second delivery changes nothing
        assert not contracts.apply_signature_event(system, "manual", event).changed
    with core.reading(team["alice"]) as ctx:
        signed = contracts.get(ctx, contract_id)
        assert (signed.status, signed.signed_on) == ("signed", date(2026, 11, 24))
    with pytest.raises(NotFound), core.system() as system:
        contracts.apply_signature_event(system, "manual", SignatureEvent(reference="nope", outcome="signed"))


def test_a_rejection_can_be_corrected_and_resubmitted(core: CoreGateway, team: dict[str, int]) -> None:
    contract_id = _draft(core, team["alice"])
    with core.unit(team["alice"]) as ctx:
        contracts.submit(ctx, contract_id)
    assert _decide_pending(core, team["mia"], approve=False, comment="price too low") == "rejected"
    assert _status(core, team["alice"], contract_id) == "rejected"
    with core.unit(team["alice"]) as ctx:
        assert contracts.submit(ctx, contract_id).contract.status == "pending_approval"


def test_a_declined_signature_goes_back_to_approved(core: CoreGateway, team: dict[str, int]) -> None:
    contract_id = _draft(core, team["alice"])
    with core.unit(team["alice"]) as ctx:
        contracts.submit(ctx, contract_id)
    _decide_pending(core, team["mia"])
    _decide_pending(core, team["fay"])
    with core.unit(team["fay"]) as ctx:  # finance may send any contract
        reference = contracts.send_for_signature(ctx, contract_id, ManualProvider()).esign_reference
    assert reference is not None
    with core.system() as system:
        contracts.apply_signature_event(system, "manual", SignatureEvent(reference=reference, outcome="declined"))
    assert _status(core, team["alice"], contract_id) == "approved"


@pytest.mark.parametrize(("move", "lang", "said"), [
    ("sign", "en", "Contract C-2026-001 is a draft: only a contract sent for signature can be marked signed."),
    ("send", "zh", "合同C-2026-001当前草稿:只有审批通过的合同才能发出签署。"),
])
def test_illegal_moves_are_refused_in_the_users_language(core: CoreGateway, team: dict[str, int], move: str,
                                                         lang: str, said: str) -> None:
    contract_id = _draft(core, team["alice"])
    with pytest.raises(Conflict) as refused, core.unit(team["alice"]) as ctx:
        if move == "sign":
            contracts.mark_signed(ctx, contract_id)
        else:
            contracts.send_for_signature(ctx, contract_id, ManualProvider())
    assert render_error(lang, refused.value) == said
    assert _status(core, team["alice"], contract_id) == "draft"


def test_submitting_twice_and_signing_in_the_future(core: CoreGateway, team: dict[str, int]) -> None:
    contract_id = _draft(core, team["alice"])
    with core.unit(team["alice"]) as ctx:
        contracts.submit(ctx, contract_id)
    with pytest.raises(Conflict) as twice, core.unit(team["alice"]) as ctx:
        contracts.submit(ctx, contract_id)
    assert twice.value.key == "contract.illegal_move.submit"
    _decide_pending(core, team["mia"])
    _decide_pending(core, team["fay"])
    with core.unit(team["alice"]) as ctx:
        contracts.send_for_signature(ctx, contract_id, ManualProvider())
    with pytest.raises(InvalidInput) as future, core.unit(team["alice"]) as ctx:
        contracts.mark_signed(ctx, contract_id, signed_on=date(2026, 12, 25))
    assert future.value.key == "contract.signed_in_future"
    with core.unit(team["alice"]) as ctx:
        assert contracts.mark_signed(ctx, contract_id, reference="paper-7").signed_on == date(2026, 11, 25)


def test_who_sees_and_changes_contracts(core: CoreGateway, team: dict[str, int]) -> None:
    contract_id = _draft(core, team["alice"])
    with core.reading(team["bob"]) as ctx:
        assert contracts.query(ctx) == []
        with pytest.raises(NotFound):
            contracts.get(ctx, contract_id)
    for reader in ("mia", "fay", "pat", "ada"):
        with core.reading(team[reader]) as ctx:
            assert [c.id for c in contracts.query(ctx)] == [contract_id], reader
    with pytest.raises(PermissionDenied), core.unit(team["pat"]) as ctx:
        contracts.cancel(ctx, contract_id)
    with core.unit(team["fay"]) as ctx:
        assert contracts.cancel(ctx, contract_id).status == "cancelled"


def test_every_error_key_has_both_languages(core: CoreGateway, team: dict[str, int]) -> None:
    from core.i18n import t

    for move in contracts.MOVES:
        error: DomainError = Conflict(f"contract.illegal_move.{move}", number="C-1", status="signed")
        assert "C-1" in render_error("zh", error) and "已签署" in render_error("zh", error)
        assert "signed" in render_error("en", error)
    for key in ("contract.amount_needed", "contract.signed_in_future", "attachment.wrong_type"):
        assert t("en", key) != t("zh", key)


@pytest.mark.parametrize("signed_by", ["user", "provider"])
def test_a_contracts_plan_becomes_installments_and_signing_sets_the_first_due(
        core: CoreGateway, team: dict[str, int], signed_by: str) -> None:
    _, deal_id = _won_deal(core, team["alice"])
    with core.unit(team["alice"]) as ctx:
        contract = contracts.create_from_deal(ctx, deal_id, payment_plan="30% on signing, 70% on 2027-06-30")
        contract_id = contract.id
        plan = payment_plans.installments(ctx, contract_id)
        assert [(p.installment.amount, p.due_on) for p in plan] == [(Decimal("150000.00"), None),
                                                          (Decimal("350000.00"), date(2027, 6, 30))]
        contracts.submit(ctx, contract_id)
    _decide_pending(core, team["mia"])
    _decide_pending(core, team["fay"])
    with core.unit(team["alice"]) as ctx:
        contracts.send_for_signature(ctx, contract_id, ManualProvider())
    if signed_by == "user":
        with core.unit(team["alice"]) as ctx:
            contracts.mark_signed(ctx, contract_id, signed_on=date(2026, 11, 24))
    else:
        with core.system() as system:
            contracts.apply_signature_event(system, "manual", SignatureEvent(
                reference="manual-C-2026-001", outcome="signed", signed_on=date(2026, 11, 24)))
    with core.reading(team["alice"]) as ctx:
        assert [p.due_on for p in payment_plans.installments(ctx, contract_id)] == [date(2026, 11, 24),
                                                                                    date(2027, 6, 30)]


def test_a_plan_that_does_not_add_up_writes_no_contract(core: CoreGateway, team: dict[str, int]) -> None:
    _, deal_id = _won_deal(core, team["alice"])
    with pytest.raises(InvalidInput), core.unit(team["alice"]) as ctx:
        contracts.create_from_deal(ctx, deal_id, payment_plan="30/60")
    with core.reading(team["alice"]) as ctx:
        assert contracts.query(ctx, customer_id=deals.get(ctx, deal_id).customer_id) == []
