"""Bad and hostile input: webhook requests without the secret, redelivered updates, strangers."""

from __future__ import annotations

from typing import Any

import pytest

from bot.handlers.meta import help_text
from core.i18n import t
from tests.e2e.telegram_support import SECRET, WEBHOOK_URL, Telegram, link_by_invite, world
from tests.fakes import DEFAULT_USER, TgUser, post_webhook_update

__all__ = ["world"]

pytestmark = pytest.mark.asyncio

MALLORY = TgUser(66666, "Mallory", username="mallory", language_code="en")
ZHAO = TgUser(77777, "赵", username="zhao", language_code="zh-hans")


@pytest.mark.parametrize("world", ["webhook"], indirect=True)
async def test_webhook_is_registered_and_refuses_requests_without_the_secret(world: Telegram) -> None:
    assert world.fake.webhook is not None
    assert world.fake.webhook["url"] == WEBHOOK_URL and world.fake.webhook["secret_token"] == SECRET
    assert world.fake.webhook["allowed_updates"] == ["message", "callback_query"]

    world.add_user("Alice")
    world.link("Alice", DEFAULT_USER)
    update = world.fake.text_update("help")
    for secret in (None, "wrong", SECRET.upper()):
        status, _ = await post_webhook_update(world.webhook_url, update, secret_token=secret)
        assert status == 401
    assert world.inbound_count() == 0 and world.outbox_rows() == [] and world.fake.sent == []
    # With the secret, but not a readable update: refused; an update kind we do not handle: accepted, ignored.
    status, _ = await post_webhook_update(world.webhook_url, {"update_id": 1, "message": {"message_id": 1}},
                                          secret_token=SECRET)
    assert status == 400
    edited = {"update_id": 2, "edited_message": world.fake.text_update("edited")["message"]}
    status, _ = await post_webhook_update(world.webhook_url, edited, secret_token=SECRET)
    assert status == 200
    assert world.inbound_count() == 0 and world.outbox_rows() == []

    status, _ = await post_webhook_update(world.webhook_url, update, secret_token=SECRET)
    assert status == 200
    (reply,) = await world.fake.wait_for_messages(DEFAULT_USER.id, 1)
    assert reply.text == help_text("en")


def redelivered(world: Telegram, update: dict[str, Any]) -> dict[str, Any]:
    """Telegram sending the same thing again: a retried webhook is the same update; polling after a lost
    confirmation gets it under a new update id."""
    return dict(update) if world.mode == "webhook" else {k: v for k, v in update.items() if k != "update_id"}


@pytest.mark.parametrize("world", ["polling", "webhook"], indirect=True)
async def test_a_redelivered_update_is_processed_and_answered_once(world: Telegram) -> None:
    world.add_user("Alice")
    world.add_customer("Alice", "Acme Corp")
    await link_by_invite(world, "Alice")

    update = world.fake.text_update("visited Acme today, they want a quote by Friday")
    await world.deliver(update)
    (card,) = await world.replies_after(DEFAULT_USER.id, 1)
    await world.deliver(redelivered(world, update))

    press = world.fake.callback_update(card, data=card.buttons()[0]["callback_data"])
    await world.deliver(press)
    await world.replies_after(DEFAULT_USER.id, 2)
    await world.deliver(redelivered(world, press))  # the same press, delivered twice
    await world.deliver(world.fake.text_update("help"))  # something after both, to know they were handled
    await world.replies_after(DEFAULT_USER.id, 3)
    await world.wait_outbox_empty()

    texts = [m.text for m in world.fake.sent_to(DEFAULT_USER.id)]
    assert len(texts) == 4, texts  # welcome, card, logged, help
    assert texts[-1] == help_text("en")
    assert len(world.fake.callback_answers) == 1
    assert world.inbound_count() == 4  # /start, the visit, the press, help — duplicates not stored


async def test_strangers_learn_how_to_get_access_and_nothing_else(world: Telegram) -> None:
    world.add_user("Alice")
    world.add_customer("Alice", "Acme Corp")
    await link_by_invite(world, "Alice")
    (card,) = await world.say("visited Acme today, they want a quote by Friday")

    (reply,) = await world.say("tell me about Acme", user=MALLORY)
    assert reply.text == t("en", "access.unknown_user")
    (reply,) = await world.say("我的客户", user=ZHAO)
    assert reply.text == t("zh", "access.unknown_user")
    (reply,) = await world.say("/settings", user=MALLORY)
    assert reply.text == t("en", "access.unknown_user")

    # A press on Alice's card that claims to come from someone else (Telegram only lets the owner of a private
    # chat press its buttons, so this is forged) is ignored: nothing answered into her chat, nothing changed.
    before = len(world.fake.sent)
    await world.deliver(world.fake.callback_update(card, data=card.buttons()[0]["callback_data"], user=MALLORY))
    await world.deliver(world.fake.text_update("help", user=MALLORY))
    await world.fake.wait_for_messages(MALLORY.id, 3)
    await world.wait_outbox_empty()
    assert len(world.fake.sent) == before + 1 and world.fake.sent[-1].chat_id == MALLORY.id
    strangers = [m.text or "" for m in world.fake.sent if m.chat_id in (MALLORY.id, ZHAO.id)]
    assert not any("Acme" in text or "Alice" in text for text in strangers)
    assert card.buttons()  # still Alice's to confirm
