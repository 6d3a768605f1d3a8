"""Outgoing messages through the persisted outbox: outages, restarts, rate limits, refusals, photos and edits."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.dispatch import Dispatcher
from bot.handlers.meta import help_text
from bot.messages import IncomingMessage
from core.i18n import t
from core.models import OutboxMessage
from core.outbound import Choice, DocumentRef, ImageRef, Reply
from tests.e2e.telegram_support import Telegram, eventually, link_by_invite, world
from tests.fakes import DEFAULT_USER

__all__ = ["world"]

pytestmark = pytest.mark.asyncio

PNG = base64.b64decode(  # a 1×1 image
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def help_texts(world: Telegram) -> list[str]:
    return [m.text for m in world.fake.sent_to(DEFAULT_USER.id) if m.text == help_text("en")]


@pytest.mark.parametrize("world", ["webhook"], indirect=True)
async def test_an_outage_keeps_the_reply_until_telegram_is_back_even_across_a_restart(world: Telegram) -> None:
    world.add_user("Alice")
    world.link("Alice", DEFAULT_USER)

    world.fake.set_down(True)
    await world.deliver(world.fake.text_update("help"))  # the webhook still reaches us; sending fails
    await eventually(lambda: any(r.attempts >= 1 for r in world.outbox_rows()), what="a failed attempt")
    (row,) = world.outbox_rows()
    assert row.status == "pending" and row.last_error and "unavailable" in row.last_error
    assert help_texts(world) == []

    # Restart mid-way, with Telegram still down: the server comes up anyway and keeps trying to connect.
    await world.restart()
    world.advance(600)
    await eventually(lambda: world.outbox_rows()[0].attempts >= 2, what="a retry while down")
    assert world.unsent() == 1 and help_texts(world) == []

    world.fake.set_down(False)
    await world.channel.wait_ready(timeout=10)  # reconnected in the background
    world.advance(600)
    await world.wait_outbox_empty()
    assert len(help_texts(world)) == 1

    await world.restart()  # nothing is sent twice after a restart either
    world.advance(3600)
    await world.deliver(world.fake.text_update("help"))
    await world.fake.wait_for_messages(DEFAULT_USER.id, 2)
    await world.wait_outbox_empty()
    assert len(help_texts(world)) == 2


async def test_polling_outage_and_a_restart_between_attempts(world: Telegram) -> None:
    world.add_user("Alice")
    world.link("Alice", DEFAULT_USER)
    world.fake.fail_next("sendMessage", 1, status=502)
    world.fake.push_text("help")
    await eventually(lambda: any(r.attempts == 1 for r in world.outbox_rows()), what="a failed attempt")
    await world.restart()
    world.advance(600)
    await world.wait_outbox_empty()
    assert len(help_texts(world)) == 1
    statuses = [c.status for c in world.fake.calls_to("sendMessage")]
    assert statuses == [502, 200]


async def test_rate_limits_wait_as_long_as_telegram_says(world: Telegram) -> None:
    world.add_user("Alice")
    world.link("Alice", DEFAULT_USER)
    sent_at = world.app.core.clock.now()
    world.fake.fail_next("sendMessage", 1, status=429, retry_after=7)
    world.fake.push_text("help")
    await eventually(lambda: any(r.attempts == 1 for r in world.outbox_rows()), what="the 429")
    (row,) = world.outbox_rows()
    assert row.next_attempt_at == sent_at + timedelta(seconds=7)
    world.advance(6)
    assert world.unsent() == 1
    world.advance(1)
    await world.wait_outbox_empty()
    assert len(help_texts(world)) == 1


async def test_a_chat_that_refuses_is_not_retried(world: Telegram) -> None:
    world.add_user("Alice")
    world.link("Alice", DEFAULT_USER)
    world.fake.block_chat(DEFAULT_USER.id)
    world.fake.push_text("help")
    await eventually(lambda: [r.status for r in world.outbox_rows()] == ["failed"], what="a permanent failure")
    world.advance(3600)
    assert [c.status for c in world.fake.calls_to("sendMessage")] == [403]


async def test_images_are_sent_as_photos_through_the_outbox(world: Telegram) -> None:
    server = world.server
    assert server is not None
    dispatcher: Dispatcher = server.dispatcher
    origin = IncomingMessage("telegram", str(DEFAULT_USER.id), str(DEFAULT_USER.id), "t:1")
    buttons = [Choice(label="OK", action="confirm:x", fallback="yes")]
    await dispatcher.deliver(origin, [
        Reply(text="Pipeline by stage", image=ImageRef(data=PNG, filename="pipeline.png"), choices=buttons),
        Reply(text="x" * 2000, image=ImageRef(data=PNG, caption="Forecast")),
    ])
    sent = await world.fake.wait_for_messages(DEFAULT_USER.id, 3)
    photo, chart, long_text = sent
    assert photo.method == "sendPhoto" and photo.upload is not None and photo.upload.data == PNG
    assert photo.upload.filename == "pipeline.png" and photo.caption == "Pipeline by stage"
    assert [b["callback_data"] for b in photo.buttons()] == ["confirm:x"]
    # A text too long for a caption follows the photo as its own message.
    assert chart.method == "sendPhoto" and chart.caption == "Forecast"
    assert long_text.method == "sendMessage" and long_text.text == "x" * 2000


async def test_edit_replaces_text_and_removes_buttons(world: Telegram) -> None:
    channel = world.channel
    chat = str(DEFAULT_USER.id)
    card = Reply(text="Card", choices=[Choice(label="✅", action="confirm:p", fallback="yes")])
    message_id = await channel.send(chat, card)
    (sent,) = world.fake.sent_to(DEFAULT_USER.id)
    assert sent.buttons()
    await channel.edit(chat, message_id, Reply(text="Card"))
    assert sent.text == "Card" and sent.buttons() == []
    await channel.edit(chat, message_id, Reply(text="Card"))  # "message is not modified" counts as done
    with world.app.core.system() as system:
        session = system.session
        assert session.scalars(select(OutboxMessage)).all() == []


async def test_a_long_reply_is_split_and_keeps_its_buttons_on_the_last_part(world: Telegram) -> None:
    text = "\n".join(f"deal {n}: " + "y" * 60 for n in range(100))
    await world.channel.send(str(DEFAULT_USER.id), Reply(text=text, choices=[
        Choice(label="More", action="choose:p:1", fallback="1")]))
    parts = world.fake.sent_to(DEFAULT_USER.id)
    assert len(parts) == 2 and "\n".join(p.text or "" for p in parts) == text
    assert parts[0].buttons() == [] and parts[1].buttons()


async def test_welcome_after_linking_is_delivered_once(world: Telegram) -> None:
    world.add_user("Alice")
    (welcome,) = await link_by_invite(world, "Alice")
    await world.wait_outbox_empty()
    assert len(world.fake.sent) == 1 and welcome.text == t("en", "link.welcome", name="Alice")


async def test_documents_are_sent_as_documents_and_kept_photos_as_photos(world: Telegram) -> None:
    server = world.server
    assert server is not None
    dispatcher: Dispatcher = server.dispatcher
    origin = IncomingMessage("telegram", str(DEFAULT_USER.id), str(DEFAULT_USER.id), "t:doc")
    pdf = b"%PDF-1.4\n%%EOF\n"
    await dispatcher.deliver(origin, [
        Reply(text="📎 C-2026-001 · Acme Corp", document=DocumentRef(data=pdf, filename="signed.pdf",
                                                                    media_type="application/pdf")),
        Reply(text="y" * 2000, document=DocumentRef(data=PNG, filename="site.png", media_type="image/png",
                                                    caption="Site photo")),
    ])
    contract, photo, long_text = await world.fake.wait_for_messages(DEFAULT_USER.id, 3)
    assert contract.method == "sendDocument" and contract.upload is not None and contract.upload.data == pdf
    assert contract.upload.filename == "signed.pdf" and contract.caption == "📎 C-2026-001 · Acme Corp"
    assert photo.method == "sendPhoto" and photo.caption == "Site photo"
    assert long_text.method == "sendMessage" and long_text.text == "y" * 2000
