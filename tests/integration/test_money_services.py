"""Money on a real database: payment plans on contracts, invoice numbers, payments matched oldest first (partial,
several at once, overpayment refused until confirmed, nothing owed), aging per customer and team, and who sees
what. Today is 2026-11-25 (tests/conftest.py NOW)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from core.context import CoreGateway
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from core.models import Invoice, Payment, PaymentAllocation
from core.services import invoice_documents, invoices, payment_plans, payments, receivables
from tests.factories import add_user
from tests.integration.money_support import customer, signed_contract

PLAN = "30% on 2026-09-01, 60% on 2026-10-15, 10% on 2027-01-31"


@pytest.fixture
def people(core: CoreGateway) -> dict[str, int]:
    return {name: add_user(core, name.title(), role, team).id for name, role, team in (
        ("alice", "rep", "East"), ("bob", "rep", "East"), ("mia", "manager", "East"), ("fay", "finance", "East"),
        ("walt", "rep", "West"), ("pam", "pm", "East"))}


def _count(core: CoreGateway, model: type) -> int:
    with core.system() as system:
        return int(system.session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_plan_is_split_to_the_cent_and_replaced_whole(core: CoreGateway, people: dict[str, int]) -> None:
    contract = signed_contract(core, people["alice"], "Acme", "100000.01", plan="首付30% 中期60% 尾款10%")
    with core.unit(people["alice"]) as ctx:
        rows = payment_plans.installments(ctx, contract)
        assert [(r.installment.label, r.installment.amount) for r in rows] == [
            ("首付", Decimal("30000.00")), ("中期", Decimal("60000.01")), ("尾款", Decimal("10000.00"))]
        assert sum(r.installment.amount for r in rows) == Decimal("100000.01")
        with pytest.raises(InvalidInput) as bad:
            payment_plans.attach(ctx, contract, "30/60/20")
        assert bad.value.key == "plan.percent_sum" and bad.value.params["total"] == "110"
        replaced = payment_plans.attach(ctx, contract, "50/50")
        assert [r.amount for r in replaced] == [Decimal("50000.01"), Decimal("50000.00")]


def test_amount_plan_must_match_the_contract(core: CoreGateway, people: dict[str, int]) -> None:
    contract = signed_contract(core, people["alice"], "Acme")
    with core.unit(people["alice"]) as ctx:
        with pytest.raises(InvalidInput) as bad:
            payment_plans.attach(ctx, contract, "100k on signing, 300k on go-live")
        assert bad.value.key == "plan.amount_sum"
        rows = payment_plans.attach(ctx, contract, "100k on signing, 400k on go-live")
        # Due at signing = the day the contract was signed; go-live is no milestone (no project): no date yet.
        assert [(r.label, r.amount, r.due_on) for r in rows] == [
            ("signing", Decimal("100000.00"), date(2026, 9, 1)), ("go-live", Decimal("400000.00"), None)]


def test_invoice_numbers_follow_each_other_per_year(core: CoreGateway, people: dict[str, int]) -> None:
    signed_contract(core, people["alice"], "Acme", plan=PLAN)
    acme = customer(core, people["alice"], "Acme")
    with core.unit(people["fay"]) as ctx:
        first, second = invoices.uninvoiced_installments(ctx, acme)[:2]
        one = invoices.create(ctx, acme, installment_id=first.id)
        two = invoices.create(ctx, acme, installment_id=second.id)
        three = invoices.create(ctx, acme, amount=Decimal("1000"), issue_date=date(2027, 1, 3))
        assert (one.number, two.number, three.number) == ("INV-2026-0001", "INV-2026-0002", "INV-2027-0001")
        assert one.total == Decimal("150000.00") and one.net_amount + one.tax_amount == one.total
        assert one.tax_amount == Decimal("8490.57")  # 150000 / 1.06 = 141509.43 net
        page = invoice_documents.document(ctx, one.id, "zh").data.decode("utf-8")
        assert "<title>发票 INV-2026-0001</title>" in page and "价税合计" in page and "增值税 6%" in page
        assert "150,000.00 CNY" in page and "已开具,未付款" in page
        with pytest.raises(Conflict):
            invoices.create(ctx, acme, installment_id=first.id)
        with pytest.raises(InvalidInput):
            invoices.create(ctx, acme, amount=Decimal("0"))


def test_payments_pay_oldest_first_partly_and_across_installments(core: CoreGateway, people: dict[str, int]) -> None:
    signed_contract(core, people["alice"], "Acme", plan=PLAN)
    acme = customer(core, people["alice"], "Acme")
    with core.unit(people["alice"]) as ctx:
        _, plan = payments.record(ctx, acme, Decimal("100000"))
        assert [(a.item.kind, a.item.label, a.amount) for a in plan.allocations] == [
            ("installment", "Installment 1", Decimal("100000.00"))]
    with core.unit(people["alice"]) as ctx:
        # 50k finishes the first installment's invoice, 300k the second, 10k goes to the last one.
        _, plan = payments.record(ctx, acme, Decimal("360000"), received_on=date(2026, 11, 20))
        assert [a.amount for a in plan.allocations] == [Decimal("50000.00"), Decimal("300000.00"),
                                                         Decimal("10000.00")]
        assert [a.item.kind for a in plan.allocations] == ["invoice", "installment", "installment"]
    with core.reading(people["alice"]) as ctx:
        views = invoices.view(ctx, list(ctx.session.scalars(select(Invoice).order_by(Invoice.id))))
        assert [(v.status, v.paid) for v in views] == [("paid", Decimal("150000.00")), ("paid", Decimal("300000.00")),
                                                       ("partly_paid", Decimal("10000.00"))]
        rows = list(ctx.session.scalars(select(Invoice).order_by(Invoice.id)))
        # What is kept on each invoice is what its allocations add up to; settled ones are marked paid.
        assert invoices.paid_amounts(ctx, [r.id for r in rows]) == {r.id: r.paid_amount for r in rows}
        assert [r.status for r in rows] == ["paid", "paid", "issued"]
        left = payments.open_items(ctx, acme)
        assert [(i.kind, i.outstanding) for i in left] == [("invoice", Decimal("40000.00"))]
    assert _count(core, PaymentAllocation) == 4


def test_overpayment_is_asked_about_and_nothing_is_written(core: CoreGateway, people: dict[str, int]) -> None:
    signed_contract(core, people["alice"], "Acme", "100000", plan="100")
    acme = customer(core, people["alice"], "Acme")
    with core.unit(people["alice"]) as ctx:
        preview = payments.preview(ctx, acme, Decimal("120000"))
        assert preview.excess == Decimal("20000.00") and preview.owed == Decimal("100000.00")
    with pytest.raises(Conflict) as asked, core.unit(people["alice"]) as ctx:
        payments.record(ctx, acme, Decimal("120000"))
    assert asked.value.key == "payment.exceeds_owed"
    assert _count(core, Payment) == 0 and _count(core, Invoice) == 0
    with core.unit(people["alice"]) as ctx:
        payment, plan = payments.record(ctx, acme, Decimal("120000"), accept_excess=True)
        assert payment.amount == Decimal("120000.00") and plan.excess == Decimal("20000.00")
    assert _count(core, Payment) == 1


@pytest.mark.parametrize("amount", ["0", "-5000"])
def test_zero_and_negative_payments_are_refused(core: CoreGateway, people: dict[str, int], amount: str) -> None:
    signed_contract(core, people["alice"], "Acme", plan="100")
    acme = customer(core, people["alice"], "Acme")
    with pytest.raises(InvalidInput) as bad, core.unit(people["alice"]) as ctx:
        payments.record(ctx, acme, Decimal(amount))
    assert bad.value.key == "money.not_positive"
    assert _count(core, Payment) == 0


def test_a_customer_owing_nothing_gets_a_clear_answer(core: CoreGateway, people: dict[str, int]) -> None:
    quiet = customer(core, people["alice"], "Quiet Ltd")
    signed_contract(core, people["alice"], "Draft Co", plan="100", status="draft")
    draft = customer(core, people["alice"], "Draft Co")
    for who in (quiet, draft):
        with pytest.raises(InvalidInput) as bad, core.unit(people["alice"]) as ctx:
            payments.record(ctx, who, Decimal("1000"))
        assert bad.value.key == "payment.nothing_open"
    assert _count(core, Payment) == 0


def test_money_permissions(core: CoreGateway, people: dict[str, int]) -> None:
    signed_contract(core, people["alice"], "Acme", plan=PLAN)
    acme = customer(core, people["alice"], "Acme")
    with pytest.raises(NotFound), core.unit(people["bob"]) as ctx:  # a colleague's customer's money
        payments.record(ctx, acme, Decimal("1000"))
    with pytest.raises(PermissionDenied), core.unit(people["pam"]) as ctx:  # a PM reads, never books money
        payments.record(ctx, acme, Decimal("1000"))
    with core.unit(people["fay"]) as ctx:  # finance books anyone's payments
        payments.record(ctx, acme, Decimal("1000"))
    with core.reading(people["walt"]) as ctx:
        assert receivables.by_customer(ctx) == []
    with core.reading(people["bob"]) as ctx:
        assert receivables.by_customer(ctx) == []
    with core.reading(people["mia"]) as ctx:
        assert [a.name for a in receivables.by_customer(ctx)] == ["Acme"]


def test_aging_buckets_per_customer_and_team(core: CoreGateway, people: dict[str, int]) -> None:
    signed_contract(core, people["alice"], "Acme", plan=PLAN)  # 150k due 9/1 (85 days), 300k due 10/15 (41)
    signed_contract(core, people["walt"], "Westco", "200000", plan="100% on 2026-11-30")  # not due yet
    westco = customer(core, people["walt"], "Westco")
    acme = customer(core, people["alice"], "Acme")
    with core.unit(people["fay"]) as ctx:
        invoices.create(ctx, westco, installment_id=invoices.uninvoiced_installments(ctx, westco)[0].id,
                        issue_date=date(2026, 11, 1), due_date=date(2026, 11, 10))  # 15 days late
        payments.record(ctx, acme, Decimal("50000"))
    with core.reading(people["fay"]) as ctx:
        aging = {a.name: a for a in receivables.by_customer(ctx)}
        assert aging["Acme"].buckets["61_90"] == {"CNY": Decimal("100000.00")}
        assert aging["Acme"].buckets["31_60"] == {"CNY": Decimal("300000.00")}
        assert aging["Westco"].buckets["1_30"] == {"CNY": Decimal("200000.00")}
        teams = {a.name: a.total() for a in receivables.by_team(ctx)}
        assert teams == {"East": {"CNY": Decimal("400000.00")}, "West": {"CNY": Decimal("200000.00")}}
        whole = receivables.totals(receivables.by_customer(ctx))
        assert whole.total() == {"CNY": Decimal("600000.00")}
    assert receivables.bucket_of(date(2026, 11, 25), date(2026, 11, 25)) == "current"
    assert receivables.bucket_of(date(2026, 11, 24), date(2026, 11, 25)) == "1_30"
    assert receivables.bucket_of(date(2026, 8, 27), date(2026, 11, 25)) == "61_90"  # 90 days
    assert receivables.bucket_of(date(2026, 8, 26), date(2026, 11, 25)) == "90_plus"


def test_an_installment_due_on_a_milestone_is_owed_once_it_is_done(core: CoreGateway, people: dict[str, int]) -> None:
    from core.models import Deal, Project, ProjectTask

    alice = people["alice"]
    acme = customer(core, alice, "Acme")
    with core.unit(alice) as ctx:
        deal = Deal(customer_id=acme, owner_id=alice, title="ERP", stage="won", probability=100,
                    amount=Decimal(500000), currency="CNY", created_at=ctx.now(), updated_at=ctx.now())
        ctx.session.add(deal)
        ctx.session.flush()
        project = Project(deal_id=deal.id, customer_id=acme, name="Acme ERP", owner_id=alice, currency="CNY",
                          status="active", created_at=ctx.now(), updated_at=ctx.now())
        ctx.session.add(project)
        ctx.session.flush()
        for name in ("Design sign-off", "Go-live"):
            ctx.session.add(ProjectTask(project_id=project.id, name=name, duration_days=0, milestone=True,
                                        created_at=ctx.now()))
        deal_id = deal.id
    contract = signed_contract(core, alice, "Acme", plan="100k on signing, 400k on go-live", deal_id=deal_id)
    with core.reading(alice) as ctx:
        first, second = payment_plans.installments(ctx, contract)
        assert (first.due_on, first.milestone) == (date(2026, 9, 1), None)
        assert (second.due_on, second.milestone) == (None, "Go-live")  # matched by name, not yet done
        assert receivables.by_customer(ctx)[0].total() == {"CNY": Decimal("100000.00")}
        milestone_id = second.installment.milestone_task_id
    with core.unit(alice) as ctx:
        task = ctx.session.get(ProjectTask, milestone_id)
        assert task is not None
        task.status, task.done_on = "done", date(2026, 11, 20)
    with core.reading(alice) as ctx:
        (aging,) = receivables.by_customer(ctx)
        assert aging.buckets["1_30"] == {"CNY": Decimal("400000.00")}  # due the day go-live was done
        assert payment_plans.installments(ctx, contract)[1].due_on == date(2026, 11, 20)


def test_a_payment_cannot_arrive_in_the_future(core: CoreGateway, people: dict[str, int]) -> None:
    signed_contract(core, people["alice"], "Acme", plan="100")
    acme = customer(core, people["alice"], "Acme")
    with pytest.raises(InvalidInput) as bad, core.unit(people["alice"]) as ctx:
        payments.record(ctx, acme, Decimal("1000"), received_on=date(2026, 11, 26))
    assert bad.value.key == "payment.in_future"
    assert _count(core, Payment) == 0
