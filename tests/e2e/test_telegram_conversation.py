"""A whole conversation through the real PTB Application and the fake Bot API, in polling and in webhook mode:
link by invite (/start CODE), log a visit, confirm by button (card edited, no stale buttons), ask about it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.models import AuditLog, Interaction
from tests.e2e.telegram_support import Telegram, link_by_invite, world
from tests.fakes import DEFAULT_USER

__all__ = ["world"]

pytestmark = pytest.mark.asyncio


@pytest.mark.parametrize("world", ["polling", "webhook"], indirect=True)
async def test_link_log_a_visit_confirm_by_button_and_ask(world: Telegram) -> None:
    world.add_user("Alice", lang="en")
    world.add_customer("Alice", "Acme Corp")
    alice = world.user_id("Alice")

    (welcome,) = await link_by_invite(world, "Alice")
    assert "Welcome, Alice" in (welcome.text or "")

    (card,) = await world.say("visited Acme today, met Li Wei, they want a quote by Friday")
    assert "Acme Corp" in (card.text or "") and "Li Wei" in (card.text or "")
    labels = [b["text"] for b in card.buttons()]
    assert labels == ["✅ Confirm", "✏️ Edit", "✖️ Cancel"]
    assert card.button(text="✅ Confirm")["callback_data"].startswith("confirm:")

    (done,) = await world.press(card, text="✅ Confirm")
    assert "Acme Corp" in (done.text or "")
    await world.wait_outbox_empty()
    # The card was edited after the decision: same text, no buttons left to press again.
    assert world.fake.calls_to("editMessageText")
    assert card.buttons() == [] and card.history and card.text == card.history[0]["text"]
    assert world.fake.callback_answers and world.fake.callback_answers[0]["callback_query_id"]

    with world.app.core.system() as system:

        session = system.session
        visit = session.scalars(select(Interaction)).one()
        assert visit.channel == "visit"
        actors = set(session.scalars(select(AuditLog.actor_id).where(AuditLog.entity_type == "interactions")))
    # The assistant acted as the person who pressed Confirm — never as the bot that sent the card.
    assert actors == {alice}

    (about,) = await world.say("tell me about Acme")
    assert "Acme Corp" in (about.text or "") and "Li Wei" in (about.text or "")
    await world.wait_outbox_empty()
    assert all(m.chat_id == DEFAULT_USER.id for m in world.fake.sent)


async def test_edit_cancel_and_choose_buttons_leave_no_stale_buttons(world: Telegram) -> None:
    world.add_user("Alice", lang="en")
    world.add_customer("Alice", "Acme Corp")
    world.add_customer("Alice", "Acme Logistics")
    await link_by_invite(world, "Alice")

    (card,) = await world.say("visited Acme Corp today, they want a quote by Friday")
    prompt, question = await world.press(card, text="✏️ Edit", n=2)
    assert prompt.text and not prompt.buttons()
    await world.wait_outbox_empty()
    assert card.buttons() == []  # the old card cannot be confirmed any more
    assert [b["text"] for b in question.buttons()] == ["✖️ Cancel"]
    (edited,) = await world.say("amount 600k")
    assert "600,000" in (edited.text or "") and edited.buttons()
    (cancelled,) = await world.press(edited, text="✖️ Cancel")
    await world.wait_outbox_empty()
    assert edited.buttons() == [] and cancelled.text

    (choice,) = await world.say("visited Acem today, they want a quote")
    labels = [b["text"] for b in choice.buttons()]
    assert "Acme Corp" in labels, labels
    (picked,) = await world.press(choice, text="Acme Corp")
    await world.wait_outbox_empty()
    assert choice.buttons() == []  # the question was closed once answered
    assert "Acme Corp" in (picked.text or "") and picked.buttons()
