"""Contract pushes end to end (both databases): the approver gets Approve / Reject on the next tick and the tap
decides (once); Reject asks why; a step left waiting is reminded; the requester hears the outcome; a contract
out for signature past its date is reminded to its owner — and nothing is pushed once it no longer holds."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.intents.base import ParseContext, Parsed
from bot.intents.schema import command_from
from core.context import CoreGateway
from core.esign import ManualProvider
from core.models import User
from core.services import contracts, customers
from notifications.guard import PushGuard
from notifications.outbox import OutboxWorker
from tests.factories import acting
from tests.notify_helpers import FakePort, Say, chat, notes, person, tick

SH = ZoneInfo("Asia/Shanghai")
CALM = ["suggestion", "daily_report", "deal_stale", "digest_daily", "digest_weekly", "task_due"]


class Parser:
    """Every turn here is a button, an answer to a question or a confirmation: nothing is parsed as an intent."""

    def parse(self, text: str, context: ParseContext) -> Parsed:
        return Parsed(command_from("unknown", {}), 0.0)


class World:
    def __init__(self, core: CoreGateway) -> None:
        self.core = core
        self.alice = person(core, "Alice", telegram="100", mute=CALM)
        self.mia = person(core, "Mia", role="manager", telegram="900", mute=CALM)
        self.fay = person(core, "Fay", role="finance", telegram="700", mute=CALM)
        with acting(core, self.alice) as ctx:
            acme = customers.create(ctx, "Acme Corp")
            contract = contracts.create(ctx, acme.id, amount=Decimal("500000"), title="ERP")
            self.contract = contract.id
            contracts.submit(ctx, contract.id)
        self.say: Say = chat(core, Parser())

    def push_for(self, user: User, kind: str) -> list[int]:
        return [note.id for note in notes(self.core, kind) if note.user_id == user.id]


@pytest.fixture
def world(core: CoreGateway) -> World:
    return World(core)


async def test_the_approver_is_asked_and_the_tap_decides_once(world: World) -> None:
    core = world.core
    tick(core)
    assert world.push_for(world.mia, "approval_request") and not world.push_for(world.fay, "approval_request")
    port = FakePort()
    worker = OutboxWorker(core, {port.name: port}, guard=PushGuard(core))
    assert (await worker.deliver_once()).sent == 1
    [(chat_id, reply)] = port.sent
    assert chat_id == "900"
    assert reply.text == "📝 Alice asks for your approval: C-2026-001 · Acme Corp · ERP · ¥500,000"
    assert [c.action for c in reply.choices] == [f"approval:approve:{world.contract}",
                                                 f"approval:reject:{world.contract}"]
    assert reply.choices[0].fallback == "approve contract C-2026-001"

    [approved] = world.say(action=reply.choices[0].action, sender="900")
    assert approved.text.startswith("✅ You approved C-2026-001") and "Next: Fay." in approved.text
    [again] = world.say(action=reply.choices[0].action, sender="900")
    assert again.text == "Already decided — nothing changed."
    [stranger] = world.say(action=reply.choices[0].action, sender="100")
    assert stranger.text == "This approval step is not yours to decide."

    tick(core)  # finance's turn now; she rejects from the push and is asked why
    assert world.push_for(world.fay, "approval_request")
    [why] = world.say(action=f"approval:reject:{world.contract}", sender="700")
    assert why.text.startswith("Why do you reject C-2026-001")
    [card] = world.say("too expensive", sender="700")
    assert "Reject · C-2026-001" in card.text and "reason: too expensive" in card.text
    [done] = world.say("yes", sender="700")
    assert done.text.startswith("❌ You rejected C-2026-001") and "Alice will hear why." in done.text
    with acting(core, world.alice) as ctx:
        assert contracts.get(ctx, world.contract).status == "rejected"

    tick(core)
    [told] = [n for n in notes(core, "contract_decided") if n.user_id == world.alice.id]
    assert told.params["status"] == "rejected" and told.params["comment"] == "too expensive"
    await worker.deliver_once()
    assert port.sent[-1][0] == "100" and "❌ Fay rejected C-2026-001" in port.sent[-1][1].text
    assert "Reason: too expensive" in port.sent[-1][1].text


async def test_a_waiting_step_is_reminded_and_a_decided_one_is_not_pushed(world: World) -> None:
    core = world.core
    tick(core)
    start = core.clock.now()
    tick(core, start + timedelta(hours=25))
    [reminder] = [n for n in notes(core, "approval_waiting") if n.user_id == world.mia.id]
    assert reminder.params["number"] == "C-2026-001"
    world.say(action=f"approval:approve:{world.contract}", sender="900")  # decided before delivery
    port = FakePort()
    await OutboxWorker(core, {port.name: port}, guard=PushGuard(core)).deliver_once()
    assert all("Still waiting" not in reply.text for _, reply in port.sent)


def test_a_contract_out_for_signature_past_its_date_is_reminded(world: World) -> None:
    core = world.core
    world.say(action=f"approval:approve:{world.contract}", sender="900")
    world.say(action=f"approval:approve:{world.contract}", sender="700")
    with acting(core, world.alice) as ctx:
        contracts.send_for_signature(ctx, world.contract, ManualProvider(), signature_due=date(2026, 11, 30))
    tick(core, datetime(2026, 12, 1, 9, 30, tzinfo=SH))
    [due] = notes(core, "contract_signature_due")
    assert due.user_id == world.alice.id and due.params["due"] == "2026-11-30"
    tick(core, datetime(2026, 12, 1, 11, 0, tzinfo=SH))
    assert len(notes(core, "contract_signature_due")) == 1  # once per date
