"""The buttons on pushes and /settings, through the real conversation (both databases)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.intents.base import ParseContext, Parsed
from bot.intents.schema import command_from
from core.clock import FixedClock
from core.context import CoreGateway
from core.models import DailyReport, Notification, Task, User
from core.services import customers, deals, interactions, tasks
from tests.factories import acting
from tests.notify_helpers import Say, chat, notes, outbox_rows, person, tick

SH = ZoneInfo("Asia/Shanghai")
CALM = ["suggestion", "daily_report", "deal_stale", "digest_daily", "digest_weekly"]


class Parser:
    def parse(self, text: str, context: ParseContext) -> Parsed:
        if text.strip().casefold() in ("undo", "撤销"):
            return Parsed(command_from("undo", {}), 0.9)
        return Parsed(command_from("unknown", {}), 0.0)


@pytest.fixture
def say(core: CoreGateway) -> Say:
    return chat(core, Parser())


def _reminder(core: CoreGateway, **prefs: Any) -> tuple[int, int]:
    alice = person(core, "Alice", telegram="100", mute=CALM, **prefs)
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        task = tasks.create(ctx, "Call Li Wei", due=datetime(2026, 11, 25, 15, 0, tzinfo=SH), customer_id=acme.id)
    tick(core, datetime(2026, 11, 25, 15, 0, tzinfo=SH))
    [note] = notes(core)
    return note.id, task.id


def _task_status(core: CoreGateway, task_id: int) -> str:
    with core.system() as system:
        session = system.session
        task = session.get(Task, task_id)
        assert task is not None
        return task.status


def test_done_completes_the_task_once_and_undo_reopens_it(core: CoreGateway, say: Say) -> None:
    nid, task_id = _reminder(core)
    [reply] = say(action=f"notify:done:{nid}", text="done")
    assert reply.text == "✅ Done: Call Li Wei. (Say “undo” to reopen it.)"
    assert _task_status(core, task_id) == "done"
    assert say(action=f"notify:done:{nid}")[0].text == "That one is already taken care of."
    [card] = say("undo")
    assert "Undo" in card.text or "undo" in card.text.lower()
    say("yes")
    assert _task_status(core, task_id) == "open"


def test_snooze_an_hour_brings_it_back_once(core: CoreGateway, say: Say, clock: FixedClock) -> None:
    nid, _ = _reminder(core)
    clock.set(datetime(2026, 11, 25, 15, 2, tzinfo=SH))
    [reply] = say(action=f"notify:snooze:{nid}:1h")
    assert reply.text == "💤 OK — I'll remind you again Wed 25 Nov 16:02."
    assert tick(core, datetime(2026, 11, 25, 16, 1, tzinfo=SH)).queued == 0
    assert tick(core, datetime(2026, 11, 25, 16, 2, tzinfo=SH)).queued == 1
    assert tick(core, datetime(2026, 11, 25, 16, 3, tzinfo=SH)).queued == 0
    assert [row.dedupe_key for row in outbox_rows(core)] == [f"push:{notes(core)[0].key}#0",
                                                             f"push:{notes(core)[0].key}#1"]


def test_snooze_until_tomorrow_is_the_users_morning(core: CoreGateway, say: Say) -> None:
    nid, _ = _reminder(core, morning_time=time(8, 45))
    assert say(action=f"notify:snooze:{nid}:tomorrow")[0].text == "💤 OK — I'll remind you again Thu 26 Nov 08:45."


def test_a_custom_snooze_is_asked_and_typed(core: CoreGateway, say: Say) -> None:
    nid, _ = _reminder(core)
    [ask] = say(action=f"notify:snooze:{nid}:ask")
    assert f"/snooze {nid} 3h" in ask.text
    assert say(f"/snooze {nid} 3h")[0].text == "💤 OK — I'll remind you again Wed 25 Nov 18:00."
    assert say(f"/snooze {nid} Fri 10:00")[0].text == "💤 OK — I'll remind you again Fri 27 Nov 10:00."
    assert say(f"/snooze {nid} 2小时")[0].text == "💤 OK — I'll remind you again Wed 25 Nov 17:00."
    assert "couldn't read “whenever”" in say(f"/snooze {nid} whenever")[0].text


def test_the_snooze_menu_and_the_typed_fallbacks(core: CoreGateway, say: Say) -> None:
    nid, task_id = _reminder(core)
    [menu] = say(action=f"notify:menu:{nid}")
    assert [c.action for c in menu.choices] == [f"notify:snooze:{nid}:1h", f"notify:snooze:{nid}:tomorrow",
                                                f"notify:snooze:{nid}:ask"]
    [opened] = say(f"/notify open {nid}")
    assert "Acme Corp" in opened.text
    say(f"/notify done {nid}")
    assert _task_status(core, task_id) == "done"


def test_nobody_can_act_on_someone_elses_push(core: CoreGateway, say: Say) -> None:
    nid, task_id = _reminder(core)
    person(core, "Mallory", telegram="666")
    assert say(action=f"notify:done:{nid}", sender="666")[0].text == "I can't find that reminder."
    assert say(f"/snooze {nid} 1h", sender="666")[0].text == "I can't find that reminder."
    assert _task_status(core, task_id) == "open"


def test_suggestion_do_it_and_dismiss(core: CoreGateway, say: Say, clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100", mute=["daily_report", "deal_stale", "task_due"], batching=False)
    clock.set(datetime(2026, 11, 16, 10, 0, tzinfo=SH))
    with acting(core, alice) as ctx:
        for name in ("Acme Corp", "Globex"):
            customer = customers.create(ctx, name)
            deals.create(ctx, customer.id, "ERP", amount=Decimal(1), stage="proposal")
    tick(core, datetime(2026, 11, 25, 9, 0, tzinfo=SH))
    first, second = notes(core, "suggestion")
    [done] = say(action=f"notify:done:{first.id}")
    assert done.text == "👉 Task created: Call Acme Corp about the Acme Corp proposal · today"
    [gone] = say(action=f"notify:dismiss:{second.id}")
    assert gone.text == "✖️ Got it — I won't suggest that again."
    with core.system() as system:
        session = system.session
        titles = list(session.scalars(select(Task.title)))
    assert titles == ["Call Acme Corp about the Acme Corp proposal"]


def test_report_nudge_submit_edit_skip(core: CoreGateway, say: Say, clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100", mute=["suggestion", "task_due"])
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        interactions.log(ctx, acme.id, channel="visit", summary="reviewed scope")
    tick(core, datetime(2026, 11, 25, 18, 0, tzinfo=SH))
    [note] = notes(core, "daily_report")
    [edit] = say(action=f"notify:edit:{note.id}")
    assert edit.text.startswith("✏️ Write the report") and "visit Acme Corp: reviewed scope" in edit.text
    [submitted] = say(action=f"notify:done:{note.id}")
    assert submitted.text == "📤 Daily report for Wed 25 Nov submitted."
    with core.system() as system:
        session = system.session
        report = session.scalars(select(DailyReport)).one()
        assert report.report_date == date(2026, 11, 25) and "reviewed scope" in report.content
    assert say(action=f"notify:dismiss:{note.id}")[0].text == "That one is already taken care of."


def test_settings_show_and_change(core: CoreGateway, say: Say) -> None:
    person(core, "Alice", telegram="100", tz=None)
    [shown] = say("/settings")
    assert shown.text.startswith("⚙️ Your notification settings")
    assert "Timezone: Asia/Shanghai (team default)" in shown.text and "Quiet hours: 21:00–08:00" in shown.text
    [saved] = say("/settings tz Europe/London")
    assert saved.text.startswith("✅ Saved.") and "Timezone: Europe/London\n" in saved.text
    assert "isn't a timezone I know" in say("/settings tz Mars/Olympus")[0].text
    assert "Quiet hours: 22:00–07:30" in say("/settings quiet 22:00-07:30")[0].text
    assert "Quiet hours: off" in say("/settings quiet off")[0].text
    assert "isn't a time of day" in say("/settings digest 25:00")[0].text
    assert "Muted: deal_stale" in say("/settings mute deal_stale")[0].text
    assert "isn't a kind of push" in say("/settings mute everything")[0].text
    assert "Batching: off" in say("/settings batch off")[0].text
    assert "deal_stale — deals without activity · off" in say("/settings kinds")[0].text
    [chinese] = say("/settings 语言 中文")
    assert chinese.text.startswith("✅ 已保存") and "语言:中文" in chinese.text
    with core.system() as system:
        session = system.session
        user = session.scalars(select(User)).one()
        assert (user.timezone, user.language) == ("Europe/London", "zh")


def test_quiet_hours_changed_in_chat_release_held_pushes(core: CoreGateway, say: Say) -> None:
    alice = person(core, "Alice", telegram="100", mute=CALM)
    boss = person(core, "Boss", role="manager", telegram="900", mute=CALM)
    with acting(core, boss) as ctx:
        tasks.create(ctx, "Late call", due=datetime(2026, 11, 25, 22, 0, tzinfo=SH), assignee_id=alice.id)
    tick(core, datetime(2026, 11, 25, 22, 0, tzinfo=SH))
    assert outbox_rows(core) == []
    say("/settings quiet off")
    assert tick(core, datetime(2026, 11, 25, 22, 1, tzinfo=SH)).queued == 1
    with core.system() as system:
        session = system.session
        assert session.scalars(select(Notification.status)).one() == "queued"
