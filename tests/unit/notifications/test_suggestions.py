"""Next-best-action: each rule says why in plain words; feedback keeps dismissed ones away; at most N a day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.clock import FixedClock
from core.context import CoreGateway
from core.models import Suggestion, Task
from core.services import customers, deals, interactions, notifications
from core.suggestions import engine
from notifications.rules.suggestions import action_text, reason
from tests.factories import acting
from tests.notify_helpers import notes, outbox_rows, person, texts, tick

SH = ZoneInfo("Asia/Shanghai")
ONLY = ["task_due", "deal_stale", "daily_report", "deal_close_passed"]


def _book(core: CoreGateway, clock: FixedClock) -> None:
    """Acme: proposal sent on 16 Nov, nothing since. Globex: closes in 3 days, still in proposal."""
    from core.services import users

    with core.system() as system:

        alice = users.require_by_name(system, "Alice")
    clock.set(datetime(2026, 11, 16, 10, 0, tzinfo=SH))
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        customers.add_contact(ctx, acme.id, "Li Wei", title="CTO")
        deals.create(ctx, acme.id, "ERP", amount=Decimal(500000), stage="proposal")
        globex = customers.create(ctx, "Globex")
        deals.create(ctx, globex.id, "WMS", amount=Decimal(1200000), stage="proposal", close_date=date(2026, 11, 28))
        initech = customers.create(ctx, "Initech")
        deals.create(ctx, initech.id, "CRM", stage="qualified")
    clock.set(datetime(2026, 11, 24, 15, 0, tzinfo=SH))
    with acting(core, alice) as ctx:
        initech_id = customers.find_exact(ctx, "Initech")[0].id
        interactions.log(ctx, initech_id, channel="call", summary="asked for pricing and a trial")


def test_the_rules_say_why_in_plain_words(core: CoreGateway, clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100", mute=ONLY)
    _book(core, clock)
    clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=SH))
    with acting(core, alice) as ctx:
        found = engine.candidates(ctx, date(2026, 11, 25))
    said = [f"{reason('en', {**c.params, 'rule': c.rule})} → {action_text('en', {**c.params, 'rule': c.rule})}"
            for c in found]
    assert said == [  # best first
        "Globex: close date in 3 days, still in proposal → confirm the decision maker",
        "Acme Corp: proposal sent 9 days ago, no reply → call Li Wei",
        "Globex: proposal sent 9 days ago, no reply → call Globex",
        "Initech is showing high intent (1 touches this week) → contact Initech today",
    ]
    with acting(core, alice) as ctx:
        picked = engine.pick(ctx, date(2026, 11, 25), 5)
    assert [c.rule for c in picked] == ["close_soon", "proposal_no_reply", "high_intent"]  # one per deal


def test_suggestions_arrive_in_the_morning_capped_and_batched(core: CoreGateway, clock: FixedClock) -> None:
    person(core, "Alice", telegram="100", mute=ONLY, max_suggestions=2)
    _book(core, clock)
    assert tick(core, datetime(2026, 11, 25, 8, 59, tzinfo=SH)).queued == 0
    assert tick(core, datetime(2026, 11, 25, 9, 0, tzinfo=SH)).queued == 1
    [text] = texts(core)
    assert text.startswith("🔔 2 things need your attention:")
    assert "1. 💡 Globex: close date in 3 days" in text and "2. 💡 Acme Corp: proposal sent 9 days ago" in text
    labels = [c["label"] for c in outbox_rows(core)[0].payload["choices"]]
    assert labels == ["👉 1", "💤 1", "✖️ 1", "👉 2", "💤 2", "✖️ 2"]
    assert tick(core, datetime(2026, 11, 25, 9, 10, tzinfo=SH)).queued == 0  # not again today


def test_do_it_creates_the_task_and_dismissed_ones_never_return(core: CoreGateway, clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100", mute=ONLY, max_suggestions=3, batching=False)
    _book(core, clock)
    tick(core, datetime(2026, 11, 25, 9, 0, tzinfo=SH))
    close_soon, no_reply, intent = sorted(notes(core, "suggestion"), key=lambda n: n.id)
    with acting(core, alice) as ctx:
        outcome = notifications.done(ctx, close_soon.id)
        assert outcome.key == "suggest.accepted"
        notifications.dismiss(ctx, no_reply.id)
    with core.system() as system:
        session = system.session
        task = session.get(Task, outcome.params["task_id"])
        assert task is not None and task.title == "Confirm the decision maker at Globex" and task.deal_id
        statuses = sorted(s.status for s in session.query(Suggestion))
    assert statuses == ["accepted", "dismissed", "shown"]
    # Four days on: the dismissed one stays away; the ignored one may come back; the accepted one is done.
    clock.set(datetime(2026, 11, 29, 9, 0, tzinfo=SH))
    with acting(core, alice) as ctx:
        picked = [c.key for c in engine.pick(ctx, date(2026, 11, 29), 5)]
    assert not any(key.startswith(f"proposal_no_reply:deal:{no_reply.entity_id}:") for key in picked)
    assert any(key.startswith("proposal_no_reply:deal:") for key in picked)  # Globex's: another situation
    assert intent.params["rule"] == "high_intent"


def test_snoozed_suggestions_come_back_tomorrow_morning(core: CoreGateway, clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100", mute=ONLY, max_suggestions=1)
    _book(core, clock)
    tick(core, datetime(2026, 11, 25, 9, 0, tzinfo=SH))
    [note] = notes(core, "suggestion")
    with acting(core, alice) as ctx:
        notifications.snooze(ctx, note.id, datetime(2026, 11, 26, 9, 0, tzinfo=SH))
    assert tick(core, datetime(2026, 11, 26, 8, 59, tzinfo=SH)).queued == 0
    report = tick(core, datetime(2026, 11, 26, 9, 0, tzinfo=SH))
    assert report.queued == 1
    # The snoozed one came back and filled the day's cap of one: nothing new was added to it.
    assert len(outbox_rows(core)) == 2
    assert outbox_rows(core)[1].dedupe_key == f"push:{note.key}#1"


def test_no_suggestions_when_muted_or_zero(core: CoreGateway, clock: FixedClock) -> None:
    person(core, "Alice", telegram="100", mute=ONLY, max_suggestions=0)
    _book(core, clock)
    assert tick(core, datetime(2026, 11, 25, 9, 0, tzinfo=SH)).queued == 0


def test_no_next_step_in_negotiation(core: CoreGateway, clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100", mute=ONLY)
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        deals.create(ctx, acme.id, "ERP", stage="negotiation", custom_fields={"decision_maker": "Li Wei"})
        found = engine.candidates(ctx, date(2026, 11, 25))
    assert [(c.rule, c.params["contact"]) for c in found] == [("no_next_step", "Li Wei")]
    clock.advance(timedelta(minutes=1))
