"""Deal alerts with an injected clock: quiet deals per stage, passed close dates, overdue milestones — once each."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.clock import FixedClock
from core.context import CoreGateway
from core.models import Deal
from core.services import customers, deals, interactions, users
from tests.factories import acting
from tests.notify_helpers import notes, person, texts, tick

SH = ZoneInfo("Asia/Shanghai")
MUTE_OTHERS = ["suggestion", "daily_report", "project_created", "milestone_due", "project_at_risk"]


_COUNT = iter(range(1000))


def _deal(core: CoreGateway, owner_name: str = "Alice", stage: str = "proposal", **kwargs: object) -> int:
    with core.system() as system:
        owner = users.require_by_name(system, owner_name)
    with acting(core, owner) as ctx:
        customer = customers.create(ctx, f"Acme {stage} {next(_COUNT)}")
        deal = deals.create(ctx, customer.id, "ERP", amount=Decimal(500000), stage=stage, **kwargs)  # type: ignore[arg-type]
        return deal.id


def test_a_deal_quiet_for_its_stage_limit_is_raised_once(core: CoreGateway, clock: FixedClock) -> None:
    person(core, "Alice", telegram="100", mute=MUTE_OTHERS)
    _deal(core, stage="proposal")  # created Wed 25 Nov: quiet from then on, proposal limit is 7 days
    assert tick(core, datetime(2026, 12, 2, 8, 59, tzinfo=SH)).queued == 0
    assert tick(core, datetime(2026, 12, 2, 9, 0, tzinfo=SH)).queued == 1
    [text] = texts(core)
    assert text.startswith("⚠️ Acme proposal")
    assert text.endswith("— ERP: no activity for 7 days (proposal). Time for a call?")
    assert tick(core, datetime(2026, 12, 3, 9, 0, tzinfo=SH)).queued == 0  # same quiet spell: never again


def test_each_stage_has_its_own_limit(core: CoreGateway) -> None:
    person(core, "Alice", telegram="100", mute=MUTE_OTHERS, batching=False)
    _deal(core, stage="negotiation")
    _deal(core, stage="lead")
    tick(core, datetime(2026, 11, 30, 9, 0, tzinfo=SH))
    assert [n.params["stage"] for n in notes(core, "deal_stale")] == ["negotiation"]  # 5 days
    tick(core, datetime(2026, 12, 9, 9, 0, tzinfo=SH))
    assert [n.params["stage"] for n in notes(core, "deal_stale")] == ["negotiation", "lead"]  # 14 days


def test_activity_resets_the_quiet_spell(core: CoreGateway, clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100", mute=MUTE_OTHERS)
    deal_id = _deal(core, stage="negotiation")
    clock.set(datetime(2026, 11, 29, 11, 0, tzinfo=SH))
    with acting(core, alice) as ctx:
        deal = deals.get(ctx, deal_id)
        interactions.log(ctx, deal.customer_id, channel="call", summary="checked in")
    assert tick(core, datetime(2026, 11, 30, 9, 0, tzinfo=SH)).queued == 0
    assert tick(core, datetime(2026, 12, 4, 9, 0, tzinfo=SH)).queued == 1
    assert notes(core, "deal_stale")[0].key.endswith(":2026-11-29")


def test_a_quiet_deal_touched_before_delivery_is_not_sent(core: CoreGateway, clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100", mute=MUTE_OTHERS, quiet=(datetime.min.time(), datetime.max.time()
                                                                           .replace(microsecond=0, second=0)))
    deal_id = _deal(core, stage="negotiation")
    tick(core, datetime(2026, 11, 30, 9, 0, tzinfo=SH))  # due, but held by (all-day) quiet hours
    assert notes(core, "deal_stale")[0].status == "pending"
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=SH))
    with acting(core, alice) as ctx:
        interactions.log(ctx, deals.get(ctx, deal_id).customer_id, channel="call", summary="called")
    from core.services import preferences

    with core.system() as system:

        preferences.apply(system, alice.id, preferences.PrefChanges(quiet_enabled=False))
    assert tick(core, datetime(2026, 11, 30, 10, 5, tzinfo=SH)).queued == 0
    assert notes(core, "deal_stale")[0].status == "obsolete"


def test_a_passed_close_date_is_raised_the_morning_after(core: CoreGateway) -> None:
    person(core, "Alice", telegram="100", mute=[*MUTE_OTHERS, "deal_stale"])
    _deal(core, stage="proposal", close_date=date(2026, 11, 27))
    assert tick(core, datetime(2026, 11, 27, 23, 0, tzinfo=SH)).queued == 0
    assert tick(core, datetime(2026, 11, 28, 9, 0, tzinfo=SH)).queued == 1
    assert "expected close date" in texts(core)[0] and "Fri 27 Nov" in texts(core)[0]
    assert tick(core, datetime(2026, 11, 29, 9, 0, tzinfo=SH)).queued == 0


def test_a_won_deal_raises_nothing(core: CoreGateway) -> None:
    person(core, "Alice", telegram="100", mute=MUTE_OTHERS)
    _deal(core, stage="won", close_date=date(2026, 11, 20))
    assert tick(core, datetime(2026, 12, 30, 9, 0, tzinfo=SH)).queued == 0


def test_an_overdue_milestone_is_raised_once(core: CoreGateway) -> None:
    person(core, "Alice", telegram="100", mute=[*MUTE_OTHERS, "deal_stale"])
    deal_id = _deal(core, stage="negotiation")
    with core.system() as system:
        session = system.session
        deal = session.get(Deal, deal_id)
        assert deal is not None
        deal.milestones = [{"name": "POC sign-off", "due": "2026-11-26", "done": False},
                           {"name": "Kick-off", "due": "2026-11-26", "done": True}]
    tick(core, datetime(2026, 11, 27, 9, 0, tzinfo=SH))
    [text] = texts(core)
    assert text.endswith("— ERP: milestone “POC sign-off” was due Thu 26 Nov and is not done.")
    tick(core, datetime(2026, 11, 27, 9, 0, tzinfo=SH) + timedelta(days=1))
    assert len(notes(core, "deal_milestone_overdue")) == 1
