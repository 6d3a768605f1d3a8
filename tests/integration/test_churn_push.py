"""The churn-risk push and digest section on a real database: an active customer whose churn score reaches 50 is
told to its owner once, in the owner's language, with the reasons — not again until it has recovered (under 20)
and crossed again; never to anyone else; and the manager's morning digest lists it.

Scores here (core/scoring/churn.py): a customer with no interaction in 90 days scores 30; an invoice 1–30 days
late adds 15, 31–60 days late 25; each negative note 15 (at most 30). The history is sampled at each Shanghai
midnight, with the books as they stood at the end of the day before (so an invoice due 24 Oct is 31 days late at
Wednesday's midnight, and 32 in Wednesday's list). Today is Wed 2026-11-25 10:00 Shanghai (tests/conftest.py NOW)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.clock import FixedClock
from core.context import CoreGateway
from core.models import Interaction, Invoice, OutboxMessage
from core.scoring import churn, churn_crossings
from core.services import customers, deals, payments
from notifications import digest
from tests.notify_helpers import notes, person, tick

pytestmark = pytest.mark.integration

_NUMBERS = count(1)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def people(core: CoreGateway) -> dict[str, int]:
    return {"alice": person(core, "Alice", "rep", telegram="1", lang="en").id,
            "bob": person(core, "Bob", "rep", telegram="2", lang="zh").id,
            "mia": person(core, "Mia", "manager", telegram="3", lang="en").id,
            "fay": person(core, "Fay", "finance", team=None, lang="en").id}


def _customer(core: CoreGateway, owner: int, name: str) -> int:
    with core.unit(owner) as ctx:
        customer = customers.create(ctx, name, industry="Software")
        deals.create(ctx, customer.id, f"{name} ERP", amount=Decimal(200000), stage="won")
        return customer.id


def _invoice(core: CoreGateway, owner: int, customer: int, due: date) -> int:
    with core.system() as system:
        invoice = Invoice(number=f"INV-{next(_NUMBERS)}", customer_id=customer, issue_date=due - timedelta(days=30),
                          due_date=due, net_amount=Decimal(10000), tax_amount=Decimal(0), total=Decimal(10000),
                          currency="CNY", created_by_id=owner, created_at=system.now())
        system.session.add(invoice)
        system.session.flush()
        return invoice.id


def _pay(core: CoreGateway, people: dict[str, int], customer: int) -> None:
    """Finance records a payment of ¥10,000 received today (it settles the oldest invoice)."""
    with core.unit(people["fay"]) as ctx:
        payments.record(ctx, customer, Decimal(10000))


def _interaction(core: CoreGateway, owner: int, customer: int, summary: str = "") -> None:
    with core.system() as system:
        at = system.now()
        system.session.add(Interaction(customer_id=customer, author_id=owner, channel="call", occurred_at=at,
                                       summary=summary, source="text", created_at=at))


def _pushes(core: CoreGateway) -> list[tuple[int | None, str]]:
    """(recipient, text) of every message carrying a churn push (alone, or batched with the day's others)."""
    ids = {n.outbox_id for n in notes(core, "churn_risk_customer")}
    with core.system() as system:
        rows = system.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(row.user_id, str(row.payload["text"])) for row in rows if row.id in ids]


def _at(day: int, hour: int = 10) -> datetime:
    """An hour of a day of November 2026 in Shanghai."""
    return datetime(2026, 11, day, hour, tzinfo=SHANGHAI)


def test_the_owner_is_told_once_per_crossing_in_their_language(core: CoreGateway, clock: FixedClock,
                                                                people: dict[str, int]) -> None:
    acme = _customer(core, people["alice"], "Acme")
    globex = _customer(core, people["bob"], "Globex")
    # Silent (30) and an invoice due 24 Oct: 30 days late at Tuesday's midnight (15: 45 in all), 31 days late at
    # Wednesday's (25: 55) — the crossing is Wednesday 00:00.
    _invoice(core, people["alice"], acme, date(2026, 10, 24))
    _invoice(core, people["bob"], globex, date(2026, 10, 24))
    with core.unit(people["alice"]) as ctx:
        assert [(r.customer_id, r.score) for r in churn.risks(ctx)] == [(acme, 55)]

    tick(core, _at(25))
    tick(core, _at(25, 11))
    tick(core, _at(26))  # still high the next day: the same crossing, no second push
    pushed = _pushes(core)
    assert [who for who, _ in pushed] == [people["alice"], people["bob"]]
    (_, to_alice), (_, to_bob) = pushed
    assert "⚠️ Churn risk: Acme (risk 55/100) — " in to_alice
    assert "no interaction in 90 days" in to_alice and "overdue payments: ¥10,000, over 31 days late" in to_alice
    assert "Acme" in to_alice
    assert "Globex" not in to_alice
    assert "⚠️ 流失风险:Globex(风险分55/100)——" in to_bob and "逾期未付" in to_bob
    assert "Acme" not in to_bob
    assert people["mia"] not in {n.user_id for n in notes(core, "churn_risk_customer")}

    # Recovery: Acme pays and Alice calls on Thursday (score 0 at Friday's midnight) ...
    clock.set(_at(26, 11))
    _pay(core, people, acme)
    _interaction(core, people["alice"], acme, "went through the rollout plan")
    tick(core, _at(27))
    assert len(_pushes(core)) == 2
    # ... then two unhappy notes on Friday (30) and an invoice 31 days late at Saturday's midnight (25): a new
    # crossing, a new push.
    clock.set(_at(27, 11))
    for note in ("unhappy with support", "mentioned a competitor, 不满意"):
        _interaction(core, people["alice"], acme, note)
    _invoice(core, people["alice"], acme, date(2026, 10, 27))
    tick(core, _at(28))
    tick(core, _at(28, 15))
    pushed = _pushes(core)
    assert [who for who, _ in pushed] == [people["alice"], people["bob"], people["alice"]]
    assert "⚠️ Churn risk: Acme (risk 55/100)" in pushed[2][1] and "negative note" in pushed[2][1]


def test_hovering_under_the_line_without_recovering_is_not_a_new_crossing(core: CoreGateway, clock: FixedClock,
                                                                           people: dict[str, int]) -> None:
    acme = _customer(core, people["alice"], "Acme")
    _invoice(core, people["alice"], acme, date(2026, 10, 24))  # 55 from Wednesday 00:00
    tick(core, _at(25))
    assert len(_pushes(core)) == 1
    # Paid on Wednesday: back to 30 (silent) from Thursday's midnight — still listed, not recovered.
    clock.set(_at(25, 11))
    _pay(core, people, acme)
    tick(core, _at(26))
    # An invoice due 26 Oct, 31 days late at Friday's midnight: 55 again, but the score never fell under 20 (the
    # payment did not erase Wednesday's 55: the books are read as they stood each day), so nobody is told.
    _invoice(core, people["alice"], acme, date(2026, 10, 26))
    tick(core, _at(27))
    tick(core, _at(28))
    with core.unit(people["alice"]) as ctx:
        assert churn.risks(ctx)[0].score == 55
    assert len(_pushes(core)) == 1


def test_a_push_no_longer_true_at_send_time_is_not_sent(core: CoreGateway, clock: FixedClock,
                                                        people: dict[str, int]) -> None:
    owl = person(core, "Owl", "rep", telegram="9", lang="en").id
    acme = _customer(core, owl, "Acme")
    _invoice(core, owl, acme, date(2026, 10, 24))
    # Found at 06:00 (quiet hours until 08:00), paid at 07:00, before it could be sent.
    tick(core, _at(25, 6))
    assert [n.status for n in notes(core, "churn_risk_customer")] == ["pending"]
    clock.set(_at(25, 7))
    _pay(core, people, acme)
    tick(core, _at(25, 9))
    assert [n.status for n in notes(core, "churn_risk_customer")] == ["obsolete"]
    assert _pushes(core) == []


def test_the_crossing_is_a_midnight_in_the_default_zone(core: CoreGateway, people: dict[str, int]) -> None:
    acme = _customer(core, people["alice"], "Acme")
    _invoice(core, people["alice"], acme, date(2026, 10, 24))
    with core.system() as system:
        now = system.now()
        found = churn_crossings.crossed_between(system, now - timedelta(days=2), now)
    assert [(c.risk.customer_id, c.at.isoformat()) for c in found] == [(acme, "2026-11-24T16:00:00+00:00")]


def test_the_manager_digest_lists_customers_at_high_risk(core: CoreGateway, people: dict[str, int]) -> None:
    acme = _customer(core, people["alice"], "Acme")
    globex = _customer(core, people["bob"], "Globex")
    _customer(core, people["alice"], "Steady")
    _interaction(core, people["alice"], _customer(core, people["alice"], "Busy"))
    _invoice(core, people["alice"], acme, date(2026, 10, 25))
    _invoice(core, people["bob"], globex, date(2026, 9, 20))  # over 60 days late: 35 + 30 = 65
    with core.unit(people["mia"]) as ctx:
        text = digest.compose(ctx, date(2026, 11, 25), weekly=False, stale_days={}, chart=False).text
    assert "Customers at high churn risk: 2" in text
    lines = text.splitlines()
    at = lines.index("Customers at high churn risk: 2")
    assert lines[at + 1].strip().startswith("Globex (risk 65/100): overdue payments")
    assert lines[at + 2].strip().startswith("Acme (risk 55/100):")
    assert "Steady" not in text.split("Customers at high churn risk")[1].split("\n\n")[0]
    with core.unit(people["bob"]) as ctx:  # a rep reading the digest service sees only their own
        assert [r.customer_id for r in churn.risks(ctx, limit=None, min_score=churn.HIGH_FROM)] == [globex]
