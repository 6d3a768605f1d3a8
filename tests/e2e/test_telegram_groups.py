"""Group chats: answered only when mentioned; anything not every member may see goes to the sender privately."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.handlers.meta import help_text
from core.i18n import t
from core.models import Interaction
from tests.e2e.telegram_support import Telegram, eventually, link_by_invite, world
from tests.fakes import DEFAULT_GROUP, DEFAULT_USER, SentMessage, TgUser

__all__ = ["world"]

pytestmark = pytest.mark.asyncio

BOB = TgUser(20002, "Bob", username="bob_sales", language_code="en")
CAROL = TgUser(30003, "Carol", username="carol", language_code="en")


def group_texts(world: Telegram) -> list[str]:
    return [m.text or m.caption or "" for m in world.fake.sent_to(DEFAULT_GROUP.id)]


async def mention(world: Telegram, text: str, user: TgUser = DEFAULT_USER, n: int = 1) -> list[SentMessage]:
    before = len(world.fake.sent_to(DEFAULT_GROUP.id))
    await world.deliver(world.fake.group_text_update(text, mention_bot=True, user=user))
    return await world.replies_after(DEFAULT_GROUP.id, before, n)


async def setup_alice(world: Telegram) -> None:
    world.add_user("Alice")
    world.add_deal("Alice", world.add_customer("Alice", "Acme Corp"), "ERP rollout")
    await link_by_invite(world, "Alice")


def leaked(world: Telegram, *words: str) -> bool:
    return any(word in text for text in group_texts(world) for word in words)


@pytest.mark.parametrize("world", ["polling", "webhook"], indirect=True)
async def test_only_mentions_are_answered_and_public_answers_stay_in_the_group(world: Telegram) -> None:
    await setup_alice(world)
    await world.deliver(world.fake.group_text_update("my pipeline"))  # not addressed to the bot
    (reply,) = await mention(world, "🙂 help")  # an emoji before @bot shifts the UTF-16 offsets
    assert reply.text == help_text("en")
    await world.wait_outbox_empty()
    assert world.inbound_count() == 2  # /start and the mention; group chatter is not even stored


async def test_customer_data_goes_privately_and_the_group_only_hears_that(world: Telegram) -> None:
    await setup_alice(world)
    (note,) = await mention(world, "my pipeline")
    assert note.text == t("en", "group.replied_privately")
    private = await world.fake.wait_for_messages(DEFAULT_USER.id, 2)
    assert "ERP rollout" in (private[-1].text or "")
    assert not leaked(world, "Acme", "ERP")
    assert world.fake.calls_to("sendChatAction")[0].params["chat_id"] == DEFAULT_USER.id


async def test_a_visit_logged_from_the_group_is_confirmed_privately(world: Telegram) -> None:
    await setup_alice(world)
    await mention(world, "visited Acme today, met Li Wei, they want a quote by Friday")
    private = await world.fake.wait_for_messages(DEFAULT_USER.id, 2)
    card = private[-1]
    assert "Acme Corp" in (card.text or "") and card.buttons()
    assert not leaked(world, "Acme", "Li Wei")

    (done,) = await world.press(card, text="✅ Confirm")  # in the private chat, where the card is
    assert "Acme Corp" in (done.text or "")
    await world.wait_outbox_empty()
    assert card.buttons() == []
    with world.app.core.system() as system:
        session = system.session
        assert len(session.scalars(select(Interaction)).all()) == 1

    # A typed answer in the private chat works for a card asked for in the group, too.
    await mention(world, "visited Acme today, they want a quote by Friday")
    card = (await world.fake.wait_for_messages(DEFAULT_USER.id, 4))[-1]
    (done,) = await world.say("yes")
    assert "Acme Corp" in (done.text or "")
    await world.wait_outbox_empty()
    assert card.buttons() == []


async def test_a_member_who_never_started_the_bot_is_asked_to_open_a_private_chat(world: Telegram) -> None:
    world.add_user("Bob")
    world.add_deal("Bob", world.add_customer("Bob", "Bobcat Mining"), "Bobcat drills")
    world.link("Bob", BOB)  # linked by an admin, but Bob never opened a chat with the bot
    world.fake.block_chat(BOB.id)  # so Telegram refuses to let the bot write to him first
    (note,) = await mention(world, "my pipeline", user=BOB)
    assert note.text == t("en", "telegram.open_private_chat", link="https://t.me/salesbot_test_bot")
    await world.wait_outbox_empty()
    assert not leaked(world, "Bobcat")
    assert world.fake.sent_to(BOB.id) == []


async def test_a_private_send_refused_later_still_tells_the_group(world: Telegram) -> None:
    world.add_user("Bob")
    world.add_deal("Bob", world.add_customer("Bob", "Bobcat Mining"), "Bobcat drills")
    world.link("Bob", BOB)
    world.fake.block_chat(BOB.id)
    world.fake.fail_next("sendChatAction", 1, status=502)  # the reachability check cannot tell…
    await world.deliver(world.fake.group_text_update("my pipeline", mention_bot=True, user=BOB))
    # …so the card is queued for Bob privately; Telegram refuses it; the group gets the note instead.
    expected = t("en", "telegram.open_private_chat", link="https://t.me/salesbot_test_bot")
    await world.fake.wait_until(lambda: expected in group_texts(world), what="the note in the group")
    await world.wait_outbox_empty()
    assert group_texts(world).count(expected) == 1
    assert not leaked(world, "Bobcat")
    await eventually(lambda: "failed" in [r.status for r in world.outbox_rows()], what="the refused card")


async def test_strangers_in_the_group_get_the_access_note_only(world: Telegram) -> None:
    await setup_alice(world)
    (reply,) = await mention(world, "my pipeline", user=CAROL)
    assert reply.text == t("en", "access.unknown_user")
    before = len(world.fake.sent_to(DEFAULT_GROUP.id))
    await world.deliver(world.fake.command_update("start", "", user=CAROL, chat=DEFAULT_GROUP))  # /start@bot
    (reply,) = await world.replies_after(DEFAULT_GROUP.id, before)
    assert reply.text == t("en", "telegram.start.in_group", link="https://t.me/salesbot_test_bot")
    await world.wait_outbox_empty()
    assert not leaked(world, "Acme", "ERP", "Alice")
    assert world.fake.sent_to(CAROL.id) == []
