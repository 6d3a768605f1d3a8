"""No update Telegram handed over is lost, and no chat is stopped for long: Telegram down at start with updates
arriving, a crash while processing, a huge retry_after, a long reply interrupted half-way, and a group member
pressing someone else's button."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.channels.telegram import TelegramChannel
from bot.handlers.meta import help_text
from bot.messages import IncomingMessage
from core.i18n import t
from core.models import InboundMessage
from core.outbound import Choice, Reply
from tests.e2e.telegram_support import Telegram, eventually, link_by_invite, world
from tests.fakes import DEFAULT_GROUP, DEFAULT_USER, TgUser

__all__ = ["world"]

pytestmark = pytest.mark.asyncio

BOB = TgUser(20002, "Bob", username="bob_sales", language_code="en")
UPDATES = 5


def inbound_statuses(world: Telegram) -> list[str]:
    with world.app.core.system() as system:
        return [row.status for row in system.session.query(InboundMessage).order_by(InboundMessage.id)]


@pytest.mark.parametrize("world", ["webhook"], indirect=True)
async def test_updates_while_telegram_is_down_after_a_start_are_all_answered(world: Telegram) -> None:
    world.add_user("Alice")
    world.link("Alice", DEFAULT_USER)
    world.fake.set_down(True)
    await world.restart()  # starts while Telegram is down: getMe fails, the channel keeps connecting
    assert not world.channel._ready.is_set()
    for _ in range(UPDATES):
        await world.deliver(world.fake.text_update("help"))  # 200: stored
    await eventually(lambda: len(inbound_statuses(world)) == UPDATES, what="updates stored")
    assert world.fake.sent == []
    world.fake.set_down(False)
    await world.channel.wait_ready(timeout=10)
    world.advance(600)  # replies that failed meanwhile become due
    sent = await world.fake.wait_for_messages(DEFAULT_USER.id, UPDATES, timeout=10)
    await world.wait_outbox_empty()
    lost = UPDATES - len(sent)
    assert lost == 0 and len(world.fake.sent_to(DEFAULT_USER.id)) == UPDATES
    assert set(inbound_statuses(world)) == {"processed"}


@pytest.mark.parametrize("world", ["polling", "webhook"], indirect=True)
async def test_a_crash_while_processing_is_retried_from_the_store(world: Telegram,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    world.add_user("Alice")
    world.link("Alice", DEFAULT_USER)
    crashes = [1]
    real = TelegramChannel._process

    async def flaky(self: TelegramChannel, stored: object) -> object:
        if crashes:
            crashes.pop()
            raise RuntimeError("worker died")
        return await real(self, stored)  # type: ignore[arg-type]

    monkeypatch.setattr(TelegramChannel, "_process", flaky)
    world.channel.backlog.handler = world.channel._process
    (reply,) = await world.say("help")
    assert reply.text == help_text("en")
    await world.wait_outbox_empty()
    assert inbound_statuses(world) == ["processed"]


async def test_a_huge_retry_after_is_capped_and_other_chats_keep_flowing(world: Telegram) -> None:
    world.add_user("Alice")
    world.add_user("Bob")
    world.link("Alice", DEFAULT_USER)
    world.link("Bob", BOB)
    now = world.app.core.clock.now()
    world.fake.fail_next("sendMessage", 1, status=429, retry_after=100_000)
    await world.deliver(world.fake.text_update("help"))
    await eventually(lambda: any(r.attempts == 1 for r in world.outbox_rows()), what="the 429")
    (row,) = world.outbox_rows()
    cap = world.app.settings.channels.retry_after_cap
    assert row.next_attempt_at == now + timedelta(seconds=cap)  # not 100000 s: capped
    (bobs,) = await world.say("help", user=BOB)  # another chat is not held up
    assert bobs.text == help_text("en")
    world.advance(cap)
    await world.wait_outbox_empty()
    assert len(world.fake.sent_to(DEFAULT_USER.id)) == 1


async def test_a_long_reply_interrupted_half_way_sends_only_the_rest(world: Telegram) -> None:
    world.add_user("Alice")
    world.link("Alice", DEFAULT_USER)
    text = "\n".join(f"deal {n}: " + "y" * 60 for n in range(150))  # three messages
    server = world.server
    assert server is not None
    origin = IncomingMessage("telegram", str(DEFAULT_USER.id), str(DEFAULT_USER.id), "t:long")
    world.fake.fail_next("sendMessage", 1, status=502, after=1)  # the first part goes out, the second fails
    await server.dispatcher.deliver(origin, [Reply(text=text, choices=[
        Choice(label="More", action="choose:p:1", fallback="1")])])
    await eventually(lambda: any(r.attempts >= 1 for r in world.outbox_rows()), what="the interrupted send")
    (row,) = world.outbox_rows()
    assert row.resume == "parts:1" and len(world.fake.sent_to(DEFAULT_USER.id)) == 1
    world.advance(600)
    await world.wait_outbox_empty()
    parts = world.fake.sent_to(DEFAULT_USER.id)
    assert "\n".join(p.text or "" for p in parts) == text  # every part once, in order: nothing repeated
    assert [bool(p.buttons()) for p in parts] == [False, False, True]


async def test_in_a_group_only_the_asker_may_press_the_questions_buttons(world: Telegram) -> None:
    world.add_user("Alice")
    world.add_user("Bob")
    await link_by_invite(world, "Alice")
    world.link("Bob", BOB)
    server = world.server
    assert server is not None
    asked = IncomingMessage("telegram", str(DEFAULT_GROUP.id), str(DEFAULT_USER.id), "g:1", is_group=True)
    question = Reply(text="Which customer?", private=False,
                     choices=[Choice(label="Cancel", action="cancel:p-1", fallback="cancel")])
    await server.dispatcher.deliver(asked, [question])
    (card,) = await world.fake.wait_for_messages(DEFAULT_GROUP.id, 1)
    await world.wait_outbox_empty()

    await world.deliver(world.fake.callback_update(card, data="cancel:p-1", user=BOB))
    await eventually(lambda: len(world.fake.callback_answers) == 1, what="Bob's press answered")
    (answer,) = world.fake.callback_answers
    assert answer["text"] == t("en", "telegram.not_yours") and answer.get("show_alert") is True
    await world.wait_outbox_empty()
    assert card.buttons()  # the card keeps its buttons: still Alice's to answer
    assert len(world.fake.sent_to(DEFAULT_GROUP.id)) == 1 and world.fake.sent_to(BOB.id) == []
    assert "rejected" in inbound_statuses(world)

    await world.deliver(world.fake.callback_update(card, data="cancel:p-1"))  # Alice may
    await eventually(lambda: len(world.fake.callback_answers) == 2, what="Alice's press answered")
    assert world.fake.callback_answers[1].get("text") in (None, "")
