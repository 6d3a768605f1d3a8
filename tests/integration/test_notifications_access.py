"""Asking for a colleague's customer, end to end (both databases): the rep's answer and its button, the push to
the owner and the owner's manager on the next tick, the decision from the push, and the requester told.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.intents.base import ParseContext, Parsed
from bot.intents.schema import command_from
from core.clock import FixedClock
from core.context import CoreGateway
from core.errors import NotFound
from core.models import Notification, User
from core.services import customers, deals
from notifications.guard import PushGuard
from notifications.outbox import OutboxWorker
from tests.factories import acting
from tests.notify_helpers import FakePort, Say, chat, notes, person, tick

SH = ZoneInfo("Asia/Shanghai")
CALM = ["suggestion", "daily_report", "deal_stale", "digest_daily", "digest_weekly", "task_due", "project_created",
        "milestone_due", "project_at_risk"]
SCRIPT: dict[str, tuple[str, dict[str, Any]]] = {
    "visited acme": ("log_interaction", {"customer": "Acme Corp", "channel": "visit", "summary": "met the CIO"}),
}


class Parser:
    def parse(self, text: str, context: ParseContext) -> Parsed:
        intent, slots = SCRIPT.get(text.strip().casefold(), ("unknown", {}))
        return Parsed(command_from(intent, slots), 0.0 if intent == "unknown" else 0.9)


class World:
    """Bob owns Acme Corp (an open deal and a won one); Alice, in his team, asks for it; Wang manages them;
    Mallory is a rep of another team."""

    def __init__(self, core: CoreGateway) -> None:
        self.core = core
        self.alice = person(core, "Alice", telegram="100", mute=CALM)
        self.bob = person(core, "Bob", telegram="200", mute=CALM)
        self.wang = person(core, "Wang", role="manager", telegram="900", mute=CALM)
        self.mallory = person(core, "Mallory", team="West", telegram="666", mute=CALM)
        with acting(core, self.bob) as ctx:
            acme = customers.create(ctx, "Acme Corp")
            self.open_deal = deals.create(ctx, acme.id, "ERP rollout", amount=Decimal(100), stage="proposal").id
            self.won_deal = deals.create(ctx, acme.id, "Pilot", amount=Decimal(10), stage="won").id
        self.acme = acme.id
        self.say: Say = chat(core, Parser())

    def ask(self) -> int:
        """Alice names Acme, gets the private answer with its button, and taps it; the request's id."""
        [answer] = self.say("visited acme")
        assert answer.private and "looked after by a colleague" in answer.text and "ERP" not in answer.text
        [button] = answer.choices
        assert button.action == f"access:request:{self.acme}"
        [asked] = self.say(action=button.action, text=button.fallback)
        assert asked.text.startswith("I've asked the owner of Acme Corp")
        tick(self.core)
        pushes = notes(self.core, "access_request")
        assert {note.user_id for note in pushes} == {self.bob.id, self.wang.id}
        return int(pushes[0].params["request_id"])

    def push_for(self, user: User, kind: str = "access_request") -> Notification:
        [note] = [note for note in notes(self.core, kind) if note.user_id == user.id]
        return note


@pytest.fixture
def world(core: CoreGateway) -> World:
    return World(core)


async def test_owner_and_manager_get_the_push_and_sharing_lets_the_rep_work_the_customer(world: World) -> None:
    core = world.core
    request_id = world.ask()
    port = FakePort()
    worker = OutboxWorker(core, {port.name: port}, guard=PushGuard(core))
    assert (await worker.deliver_once()).sent == 2  # the send-time guard lets the owner's and manager's through
    sent = {chat_id: reply for chat_id, reply in port.sent}
    assert sent["200"].text == "🔑 Alice asks for access to Acme Corp. Share it with them, transfer it to them, " \
                               "or decline?"
    assert [(c.label, c.action) for c in sent["200"].choices] == [
        ("🤝 Share", f"access:share:{request_id}"), ("🔁 Transfer", f"access:transfer:{request_id}"),
        ("✖️ Decline", f"access:decline:{request_id}")]
    assert sent["200"].choices[0].fallback == f"/notify share {world.push_for(world.bob).id}"
    assert sent["900"].text == sent["200"].text

    [shared] = world.say(action=f"access:share:{request_id}", sender="200")
    assert shared.text == "Shared Acme Corp with Alice."
    tick(core)
    assert (await worker.deliver_once()).sent == 1
    assert port.sent[-1][0] == "100"
    assert port.sent[-1][1].text == "🔑 Acme Corp is now shared with you: you can see it and log your work on it."

    # Alice now sees the customer and logs her visit; the owner's deals stay his, and out of her sight.
    [card] = world.say("visited acme")
    assert "Acme Corp" in card.text and card.choices
    world.say("yes")
    with acting(core, world.alice) as ctx:
        card_seen = customers.card(ctx, world.acme)
        assert [i.summary for i in card_seen.interactions] == ["met the CIO"]
        assert card_seen.open_deals == [] and deals.open_deals_of(ctx, world.acme) == []
        with pytest.raises(NotFound):
            deals.get(ctx, world.open_deal)


async def test_a_decision_drops_the_other_deciders_waiting_push(world: World) -> None:
    core = world.core
    request_id = world.ask()
    world.say(action=f"access:share:{request_id}", sender="200")  # Bob decides before anything was sent
    port = FakePort()
    stats = await OutboxWorker(core, {port.name: port}, guard=PushGuard(core)).deliver_once()
    assert stats.dropped == 2 and port.sent == []
    assert {note.reason for note in notes(core, "access_request")} == {"no longer relevant"}


def test_transfer_moves_the_customer_and_the_givers_open_deals(world: World) -> None:
    core = world.core
    request_id = world.ask()
    [moved] = world.say(action=f"access:transfer:{request_id}", sender="900")  # the manager decides
    assert moved.text == "Handed Acme Corp over to Alice (with your open deals on it)."
    with acting(core, world.alice) as ctx:
        assert customers.get(ctx, world.acme).owner_id == world.alice.id
        assert [deal.id for deal in deals.open_deals_of(ctx, world.acme)] == [world.open_deal]
    with acting(core, world.bob) as ctx:
        assert deals.get(ctx, world.won_deal).owner_id == world.bob.id  # closed business stays the giver's
    tick(core)
    [told] = notes(core, "access_decided")
    assert (told.user_id, told.params["status"]) == (world.alice.id, "transferred")


async def test_decline_by_typed_fallback_tells_the_requester_and_nothing_more(world: World) -> None:
    core = world.core
    request_id = world.ask()
    nid = world.push_for(world.bob).id
    [declined] = world.say(f"/notify decline {nid}", sender="200")
    assert declined.text == "Declined Alice's request for Acme Corp."
    tick(core)
    port = FakePort()
    await OutboxWorker(core, {port.name: port}, guard=PushGuard(core)).deliver_once()
    [reply] = [reply for chat_id, reply in port.sent if chat_id == "100"]
    assert reply.text == "🔑 Your request for access to Acme Corp was declined." and reply.choices == []
    with acting(core, world.alice) as ctx, pytest.raises(NotFound):
        customers.get(ctx, world.acme)
    assert world.push_for(world.alice, "access_decided").params["request_id"] == request_id


def test_a_second_decision_is_refused(world: World) -> None:
    request_id = world.ask()
    world.say(action=f"access:share:{request_id}", sender="200")
    [again] = world.say(action=f"access:decline:{request_id}", sender="900")
    assert again.text == "That request for Acme Corp has already been decided."
    [typed] = world.say(f"/notify transfer {world.push_for(world.wang).id}", sender="900")
    assert typed.text == again.text


def test_a_stranger_cannot_decide(world: World) -> None:
    request_id = world.ask()
    [tapped] = world.say(action=f"access:share:{request_id}", sender="666")
    assert tapped.text.startswith("I can't find that")
    [typed] = world.say(f"/notify share {world.push_for(world.bob).id}", sender="666")
    assert typed.text == "I can't find that reminder."
    [own] = world.say(action=f"access:transfer:{request_id}", sender="100")  # nor the requester herself
    assert own.text.startswith("I can't find that")
    with acting(world.core, world.alice) as ctx, pytest.raises(NotFound):
        customers.get(ctx, world.acme)


def test_each_push_is_made_once(world: World) -> None:
    request_id = world.ask()
    tick(world.core)
    world.say(action=f"access:share:{request_id}", sender="200")
    tick(world.core)
    tick(world.core)
    assert len(notes(world.core, "access_request")) == 2 and len(notes(world.core, "access_decided")) == 1


def test_a_request_made_at_night_waits_for_the_owners_morning(world: World, clock: FixedClock) -> None:
    clock.set(datetime(2026, 11, 25, 22, 0, tzinfo=SH))
    world.ask()
    assert {(note.status, note.reason) for note in notes(world.core, "access_request")} == {("pending", "quiet_hours")}
    assert tick(world.core, datetime(2026, 11, 26, 7, 59, tzinfo=SH)).queued == 0
    report = tick(world.core, datetime(2026, 11, 26, 8, 0, tzinfo=SH))
    assert sorted((o.user, o.kind) for o in report.outcomes) == [("Bob", "access"), ("Wang", "access")]
