"""A reminder created in a Telegram chat arrives through Telegram at the right local time, once — through the real
`salesbot serve` Server (channel, outbox worker, scheduler with its lease) and the fake Bot API.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio

from core.clock import FixedClock
from core.services import preferences
from notifications.engine import TickReport
from tests.e2e.telegram_support import Factory, Telegram, eventually, telegram_settings
from tests.fakes import DEFAULT_USER, FakeTelegram

pytestmark = pytest.mark.asyncio

NY = ZoneInfo("America/New_York")


@pytest_asyncio.fixture
async def world(make_app: Factory, fake_telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
                ) -> AsyncIterator[Telegram]:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    settings: dict[str, Any] = {**telegram_settings(fake_telegram, "polling"), "scheduler_enabled": True}
    started = Telegram(fake_telegram, make_app(**settings), "polling")
    await started.start()
    try:
        yield started
    finally:
        await started.stop()


async def tick_at(world: Telegram, instant: datetime) -> TickReport | None:
    """Move the clock and let the scheduler tick (APScheduler wakes it every minute of real time in production)."""
    clock = world.app.core.clock
    assert isinstance(clock, FixedClock)
    clock.set(instant)
    assert world.server is not None and world.server.notifications is not None
    scheduler = world.server.notifications.scheduler
    assert scheduler is not None
    # A (re)started server's own loop takes the lease first; stepping alongside its first election races it (one
    # of two concurrent acquires on a lease without a token loses), so wait for that election to be over.
    await eventually(lambda: scheduler.is_leader, timeout=60, what="the scheduler's first election")
    assert await scheduler.step()  # renews the lease (a few seconds apart in real life)
    report = await scheduler.tick_now()
    await world.wait_outbox_empty()
    return report


def reminders(world: Telegram) -> list[str]:
    return [m.text for m in world.fake.sent_to(DEFAULT_USER.id) if m.text and "Reminder:" in m.text]


async def test_a_reminder_made_in_chat_arrives_at_the_users_local_time_once(world: Telegram) -> None:
    world.add_user("Alice")
    world.link("Alice", DEFAULT_USER)
    with world.app.core.system() as system:  # Alice works from New York: "tomorrow at 9am" is hers
        user_id = world.user_id("Alice")
        preferences.apply(system, user_id,
                          preferences.PrefChanges(timezone="America/New_York", mute=["suggestion", "daily_report"]))

    # Tue 24 Nov, 21:00 in New York (Wed 10:00 in Shanghai, the test clock's start).
    [card] = await world.say("remind me to call Li Wei tomorrow at 9am")
    assert "call Li Wei" in card.text
    [created] = await world.press(card, text="✅ Confirm")
    assert "call Li Wei" in created.text

    assert (await tick_at(world, datetime(2026, 11, 25, 8, 59, tzinfo=NY))) is not None
    assert reminders(world) == []

    await tick_at(world, datetime(2026, 11, 25, 9, 0, tzinfo=NY))
    await eventually(lambda: reminders(world), what="the reminder")
    [push] = [m for m in world.fake.sent_to(DEFAULT_USER.id) if m.text and "Reminder:" in m.text]
    assert push.text == "⏰ Reminder: call Li Wei — due Wed 25 Nov 09:00"
    assert [b["text"] for b in push.buttons()] == ["✅ Done", "💤 1 h", "🌅 Tomorrow", "⏱ Custom…", "📂 Open"]

    # Later ticks, and a restart of the whole server, send nothing again.
    await tick_at(world, datetime(2026, 11, 25, 9, 1, tzinfo=NY))
    await world.restart()
    await tick_at(world, datetime(2026, 11, 25, 9, 2, tzinfo=NY))
    assert len(reminders(world)) == 1

    # Snooze an hour from the button: it comes back once, at 10:00 New York time.
    [snoozed] = await world.press(push, text="💤 1 h")
    assert snoozed.text == "💤 OK — I'll remind you again Wed 25 Nov 10:02."
    await tick_at(world, datetime(2026, 11, 25, 10, 1, tzinfo=NY))
    assert len(reminders(world)) == 1
    await tick_at(world, datetime(2026, 11, 25, 10, 2, tzinfo=NY))
    await eventually(lambda: len(reminders(world)) == 2, what="the snoozed reminder")
    again = [m for m in world.fake.sent_to(DEFAULT_USER.id) if m.text and "Reminder:" in m.text][-1]

    [done] = await world.press(again, text="✅ Done")
    assert done.text == "✅ Done: call Li Wei. (Say “undo” to reopen it.)"
    await tick_at(world, datetime(2026, 11, 26, 9, 0, tzinfo=NY))
    assert len(reminders(world)) == 2
