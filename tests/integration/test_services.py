"""Core services on a real database: validation, stage history, follow-ups, the 360° card, timezones."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from core.clock import FixedClock
from core.context import CoreGateway
from core.errors import Conflict, InvalidInput
from core.services import customers, daily_reports, deals, interactions, tasks
from tests.factories import acting, add_user


def test_invalid_values_are_refused_and_nothing_is_written(core: CoreGateway) -> None:
    alice = add_user(core, "Alice")
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme")
    bad = [
        lambda ctx: deals.create(ctx, acme.id, "x", amount=Decimal(-5)),
        lambda ctx: deals.create(ctx, acme.id, "x", stage="closed"),
        lambda ctx: deals.create(ctx, acme.id, "x", probability=140),
        lambda ctx: deals.create(ctx, acme.id, "x", currency="dollars"),
        lambda ctx: customers.add_contact(ctx, acme.id, "Li", email="not-an-email"),
        lambda ctx: customers.create(ctx, "   "),
        lambda ctx: interactions.log(ctx, acme.id, channel="fax"),
    ]
    for attempt in bad:
        with pytest.raises(InvalidInput), acting(core, alice) as ctx:
            attempt(ctx)
    with acting(core, alice) as ctx:
        assert deals.query(ctx, open_only=False) == []
        assert customers.contacts(ctx, acme.id) == []


def test_stage_changes_are_recorded_with_default_probabilities(core: CoreGateway, clock: FixedClock) -> None:
    alice = add_user(core, "Alice")
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme")
        deal = deals.create(ctx, acme.id, "ERP", amount=Decimal("500000"), stage="qualified")
    clock.advance(timedelta(days=2))
    with acting(core, alice) as ctx:
        updated = deals.update(ctx, deal.id, deals.DealChanges(stage="negotiation"))
        assert updated.probability == 75
        won = deals.update(ctx, deal.id, deals.DealChanges(stage="won", probability=50))
        assert won.probability == 100
        history = deals.history(ctx, deal.id)
    assert [(h.from_stage, h.to_stage) for h in history] == [
        (None, "qualified"), ("qualified", "negotiation"), ("negotiation", "won")
    ]
    assert history[1].changed_at == clock.now()


def test_follow_up_date_creates_a_task_due_that_local_day(core: CoreGateway) -> None:
    alice = add_user(core, "Alice", tz="America/New_York")
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme")
        logged = interactions.log(ctx, acme.id, channel="visit", summary="wants a quote", next_step="send quote",
                                  follow_up=date(2026, 11, 27))
    task = logged.follow_up_task
    assert task is not None and task.title == "send quote" and task.due_all_day
    assert task.due_at == datetime(2026, 11, 27, 0, 0, tzinfo=ZoneInfo("America/New_York"))
    with acting(core, alice) as ctx:
        # Listing "today" in New York on the due day finds it; the day before it is not yet due.
        assert [t.id for t in tasks.list_open(ctx, day=date(2026, 11, 27))] == [task.id]
        assert tasks.list_open(ctx, day=date(2026, 11, 26)) == []


def test_customer_card_gathers_contacts_interactions_deals_and_tasks(core: CoreGateway, clock: FixedClock) -> None:
    alice = add_user(core, "Alice")
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme", industry="Manufacturing")
        li = customers.add_contact(ctx, acme.id, "Li Wei", title="CTO")
        interactions.log(ctx, acme.id, channel="visit", summary="first", contact_ids=[li.id],
                         occurred_at=clock.now() - timedelta(days=2))
        interactions.log(ctx, acme.id, channel="call", summary="second")
        deals.create(ctx, acme.id, "ERP", stage="proposal")
        deals.create(ctx, acme.id, "Old", stage="lost")
        tasks.create(ctx, "Send quote", customer_id=acme.id)
        card = customers.card(ctx, acme.id)
    assert [c.name for c in card.contacts] == ["Li Wei"]
    assert [i.summary for i in card.interactions] == ["second", "first"]
    assert [d.title for d in card.open_deals] == ["ERP"]
    assert [t.title for t in card.open_tasks] == ["Send quote"]
    assert card.owner_name == "Alice"


def test_duplicate_names_and_contacts_are_refused(core: CoreGateway) -> None:
    alice = add_user(core, "Alice")
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        customers.add_contact(ctx, acme.id, "Li Wei")
    with pytest.raises(Conflict), acting(core, alice) as ctx:
        customers.create(ctx, "acme, inc.")
    with pytest.raises(Conflict), acting(core, alice) as ctx:
        customers.add_contact(ctx, acme.id, "li wei")


def test_interactions_in_the_future_are_refused(core: CoreGateway, clock: FixedClock) -> None:
    alice = add_user(core, "Alice")
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme")
    with pytest.raises(InvalidInput), acting(core, alice) as ctx:
        interactions.log(ctx, acme.id, channel="visit", occurred_at=clock.now() + timedelta(days=1))


def test_daily_report_resubmission_replaces_the_days_report(core: CoreGateway) -> None:
    alice = add_user(core, "Alice")
    with acting(core, alice) as ctx:
        first = daily_reports.submit(ctx, "morning version")
        second = daily_reports.submit(ctx, "final version")
    assert first.id == second.id and second.content == "final version"
    assert second.report_date == date(2026, 11, 25)


def test_amounts_in_different_currencies_are_never_added(core: CoreGateway) -> None:
    alice = add_user(core, "Alice")
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme")
        deals.create(ctx, acme.id, "A", amount=Decimal(100), stage="proposal")
        deals.create(ctx, acme.id, "B", amount=Decimal(50), currency="USD", stage="proposal")
        proposal = next(t for t in deals.pipeline(ctx) if t.stage == "proposal")
    assert proposal.count == 2
    assert proposal.amounts == {"CNY": Decimal(100), "USD": Decimal(50)}
