"""Voice notes through the real Telegram channel (python-telegram-bot against the fake Bot API), the real server
with its voice worker and outbox, and the real default speech backend on the committed fixtures.

The model's words differ from one CPU to another: these tests check structure (the customer found, an action item
present) and bound the word error rate of the stored transcript (tests/speech.py), never exact words."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import func, select

from core.i18n import t
from core.models import Customer, Interaction, MeetingMinutes, Task, VoiceJob
from core.services import customers, users
from tests.e2e.telegram_support import Factory, Telegram, telegram_settings
from tests.factories import acting
from tests.fakes import DEFAULT_USER, FakeTelegram, SentMessage
from tests.speech import TRANSCRIPTION_WAIT, WER_MEETING, WER_VISIT, reference, wer

pytestmark = pytest.mark.asyncio

AUDIO = Path(__file__).resolve().parents[1] / "data" / "audio"


@pytest_asyncio.fixture
async def voice_world(make_app: Factory, fake_telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
                      ) -> AsyncIterator[Telegram]:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    app = make_app(**telegram_settings(fake_telegram, "polling"))
    assert app.voice is not None
    world = Telegram(fake_telegram, app, "polling")
    await world.start()
    world.add_user("Alice", lang="en")
    world.link("Alice", DEFAULT_USER)
    world.add_customer("Alice", "Northwind Traders Ltd")
    try:
        yield world
    finally:
        await world.stop()


async def send_voice(world: Telegram, name: str, duration: int, n: int) -> list[SentMessage]:
    before = len(world.fake.sent_to(DEFAULT_USER.id))
    await world.deliver(world.fake.voice_update((AUDIO / name).read_bytes(), duration=duration))
    sent = await world.fake.wait_for_messages(DEFAULT_USER.id, before + n, timeout=TRANSCRIPTION_WAIT)
    return sent[before:]


async def test_a_voice_note_ends_as_a_proposed_visit_for_the_right_customer(voice_world: Telegram) -> None:
    world = voice_world
    ack, card = await send_voice(world, "en_visit.ogg", 7, 2)
    assert ack.text == t("en", "voice.received_length", length="0:07")
    assert (card.text or "").startswith("🎙 “") and "Log visit · Northwind Traders Ltd" in (card.text or "")
    assert [b["text"] for b in card.buttons()] == ["✅ Confirm", "✏️ Edit", "✖️ Cancel"]

    (done,) = await world.press(card, text="✅ Confirm")
    assert "Logged for Northwind Traders Ltd." in (done.text or "")
    await world.wait_outbox_empty()
    assert card.buttons() == []  # decided: no stale Confirm left on the card
    with world.app.core.system() as system:
        session = system.session
        visit = session.scalars(select(Interaction)).one()
        job = session.scalars(select(VoiceJob)).one()
        assert (visit.source, job.status, job.interaction_id) == ("voice", "done", visit.id)
        assert visit.source_text == job.transcript
        assert wer(reference("en_visit"), job.transcript or "") <= WER_VISIT, job.transcript


async def test_a_long_note_ends_as_minutes_with_action_items(voice_world: Telegram) -> None:
    world = voice_world
    with world.app.core.system() as system:
        alice = users.require_by_name(system, "Alice")
        northwind = system.session.scalars(select(Customer.id)).one()
    with acting(world.app.core, alice) as ctx:  # the rep's contact: a name the decoder is told to listen for
        customers.add_contact(ctx, northwind, "Li Wei")
    ack, card = await send_voice(world, "en_meeting.ogg", 50, 2)
    assert ack.text == t("en", "voice.received_long", length="0:50")
    text = card.text or ""
    assert text.startswith("📋 Meeting minutes · Northwind Traders Ltd"), text  # the customer found
    assert "action items → tasks:" in text, text  # at least one action item
    labels = [b["text"] for b in card.buttons()]
    assert labels[:3] == ["✅ Confirm", "✏️ Edit", "✖️ Cancel"] and "⇄ 1" in labels
    with world.app.core.system() as system:
        job = system.session.scalars(select(VoiceJob)).one()
        assert (job.mode, job.model) == ("minutes", "base")
        assert wer(reference("en_meeting"), job.transcript or "") <= WER_MEETING, job.transcript

    (kept,) = await world.press(card, text="⇄ 1")  # leave the first action item out
    assert "☐ 1." in (kept.text or "")
    (saved,) = await world.press(card, text="✅ Confirm")
    assert (saved.text or "").startswith("📋 Minutes saved for Northwind Traders Ltd.")
    with world.app.core.system() as system:
        session = system.session
        minutes = session.scalars(select(MeetingMinutes)).one()
        interaction = session.scalars(select(Interaction)).one()
        assert (minutes.status, minutes.interaction_id, interaction.channel) == ("confirmed", interaction.id,
                                                                                 "meeting")
        assert len(minutes.data["action_items"]) >= 1
        tasks = session.scalar(select(func.count(Task.id)).where(Task.interaction_id == interaction.id))
        expected = len(minutes.data["action_items"]) - 1 + (1 if minutes.data.get("next_step_date") else 0)
        assert tasks == expected


async def test_a_broken_voice_note_gets_one_clear_reply(voice_world: Telegram) -> None:
    world = voice_world
    ack, error = await send_voice(world, "truncated.ogg", 3, 2)
    assert ack.text == t("en", "voice.received_length", length="0:03")
    assert error.text == t("en", "voice.error.corrupt")
    with world.app.core.system() as system:
        session = system.session
        job = session.scalars(select(VoiceJob)).one()
        assert (job.status, job.error_reason) == ("failed", "corrupt")
        assert session.scalar(select(func.count(Interaction.id))) == 0
