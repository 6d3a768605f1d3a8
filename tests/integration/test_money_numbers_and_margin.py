"""Invoice numbers under concurrency (no duplicates, no gaps — a rolled back draw gives its number back) and
project profitability (hours × the rate logged with them, else the user's rate, plus expenses → margin)."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from core.context import CoreGateway
from core.models import Deal, Expense, Project, TimeEntry, User
from core.services import number_sequences, profitability
from tests.factories import add_user
from tests.integration.money_support import customer, signed_contract


def test_numbers_are_unique_and_gapless_under_concurrency(core: CoreGateway) -> None:
    taken: list[int] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def draw(rollback: bool) -> None:
        try:
            for _ in range(5):
                try:
                    with core.system() as system:
                        value = number_sequences.next_value(system, "invoice:2026")
                        if rollback:
                            raise RuntimeError("rolled back")
                except RuntimeError:
                    continue
                with lock:
                    taken.append(value)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=draw, args=(n == 0,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(taken) == list(range(1, 21))  # 4 committing writers × 5; the rolled back draws left no gap


def _project(core: CoreGateway, owner: int, customer_name: str) -> tuple[int, int]:
    customer_id = customer(core, owner, customer_name)
    with core.unit(owner) as ctx:
        deal = Deal(customer_id=customer_id, owner_id=owner, title="ERP", stage="won", probability=100,
                    amount=Decimal("100000"), currency="CNY", created_at=ctx.now(), updated_at=ctx.now())
        ctx.session.add(deal)
        ctx.session.flush()
        project = Project(deal_id=deal.id, customer_id=customer_id, name=f"{customer_name} ERP", owner_id=owner,
                          currency="CNY", status="active", created_at=ctx.now(), updated_at=ctx.now())
        ctx.session.add(project)
        ctx.session.flush()
        return deal.id, project.id


def test_margin_from_contract_hours_and_expenses(core: CoreGateway) -> None:
    alice = add_user(core, "Alice", "rep", "East")
    bob = add_user(core, "Bob", "rep", "East")
    fay = add_user(core, "Fay", "finance", "East")
    with core.system() as system:
        for user in system.session.scalars(select(User).where(User.id.in_([alice.id, bob.id]))):
            user.cost_rate = Decimal("300") if user.id == alice.id else None
    deal_id, project_id = _project(core, alice.id, "Acme")
    signed_contract(core, alice.id, "Acme", "100000", deal_id=deal_id)
    signed_contract(core, alice.id, "Acme", "999999", deal_id=deal_id, status="cancelled")  # not revenue
    with core.unit(alice.id) as ctx:
        ctx.session.add_all([
            # logged at 200/h (the rate then), and at no snapshot → Alice's rate today (300/h)
            TimeEntry(project_id=project_id, user_id=alice.id, work_date=date(2026, 11, 2), hours=Decimal("10"),
                      cost_rate=Decimal("200"), created_at=ctx.now()),
            TimeEntry(project_id=project_id, user_id=alice.id, work_date=date(2026, 11, 3), hours=Decimal("4"),
                      cost_rate=None, created_at=ctx.now()),
            Expense(project_id=project_id, user_id=alice.id, spent_on=date(2026, 11, 3), amount=Decimal("1500.50"),
                    description="flights", created_at=ctx.now())])
    with core.system() as system:  # Bob (no rate at all) helped out: his hours are reported as unpriced
        system.session.add(TimeEntry(project_id=project_id, user_id=bob.id, work_date=date(2026, 11, 4),
                                     hours=Decimal("2.5"), created_at=system.now()))
    with core.reading(fay.id) as ctx:
        (found,) = profitability.by_project(ctx, project_id=project_id)
    assert found.revenue == Decimal("100000.00")
    assert found.labour == Decimal("3200.00")  # 10 × 200 + 4 × 300
    assert found.expenses == Decimal("1500.50")
    assert found.margin == Decimal("95299.50") and found.margin_percent == Decimal("95.3")
    assert found.hours == Decimal("16.5") and found.unpriced_hours == Decimal("2.5")
    with core.reading(add_user(core, "Walt", "rep", "West").id) as ctx:
        assert profitability.by_project(ctx) == []  # another team's project is not there at all


def test_a_project_without_contracts_has_no_margin_percent(core: CoreGateway) -> None:
    alice = add_user(core, "Alice", "rep", "East")
    _, project_id = _project(core, alice.id, "Zenith")
    with core.reading(alice.id) as ctx:
        (found,) = profitability.by_project(ctx, project_id=project_id)
    assert found.revenue == 0 and found.margin_percent is None


def test_two_payments_at_once_never_pay_the_same_money_twice(core: CoreGateway) -> None:
    from core.errors import Conflict, InvalidInput
    from core.models import Invoice, Payment
    from core.services import payments

    alice = add_user(core, "Alice", "rep", "East")
    signed_contract(core, alice.id, "Acme", "100000", plan="100% on 2026-10-01")
    acme = customer(core, alice.id, "Acme")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def pay() -> None:
        barrier.wait()
        try:
            with core.unit(alice.id) as ctx:
                payments.record(ctx, acme, Decimal("100000"))
            outcomes.append("paid")
        except (Conflict, InvalidInput) as refused:
            outcomes.append(refused.key)

    threads = [threading.Thread(target=pay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["paid", "payment.nothing_open"]
    with core.system() as system:
        assert len(list(system.session.scalars(select(Payment)))) == 1
        (invoice,) = system.session.scalars(select(Invoice))
        assert (invoice.status, invoice.paid_amount) == ("paid", Decimal("100000.00"))
