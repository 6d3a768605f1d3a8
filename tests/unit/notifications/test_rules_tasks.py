"""Task reminders with an injected clock: at the due time, once; heads-up; all-day in the morning; follow-ups."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.clock import FixedClock
from core.context import CoreGateway
from core.services import customers, interactions, tasks
from tests.factories import acting
from tests.notify_helpers import notes, outbox_rows, person, texts, tick

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")


def test_a_timed_task_is_reminded_at_its_time_once(core: CoreGateway, clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100", quiet_enabled=False)
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        tasks.create(ctx, "Call Li Wei", due=datetime(2026, 11, 25, 15, 0, tzinfo=SH), customer_id=acme.id)
    assert tick(core, datetime(2026, 11, 25, 14, 59, tzinfo=SH)).queued == 0
    report = tick(core, datetime(2026, 11, 25, 15, 0, tzinfo=SH))
    assert report.queued == 1
    assert tick(core, datetime(2026, 11, 25, 15, 1, tzinfo=SH)).queued == 0
    assert tick(core, datetime(2026, 11, 25, 15, 0, tzinfo=SH)).queued == 0  # the same instant again
    [row] = outbox_rows(core)
    assert (row.channel, row.chat_id, row.kind) == ("telegram", "100", "reminder")
    assert row.dedupe_key and row.dedupe_key.startswith("push:task_due:")
    assert "Call Li Wei" in row.payload["text"] and "Acme Corp" in row.payload["text"]
    actions = [choice["action"] for choice in row.payload["choices"]]
    nid = notes(core)[0].id
    assert actions == [f"notify:done:{nid}", f"notify:snooze:{nid}:1h", f"notify:snooze:{nid}:tomorrow",
                       f"notify:snooze:{nid}:ask", f"notify:open:{nid}"]
    assert all(len(a.encode()) <= 64 for a in actions)  # Telegram's callback_data limit


def test_a_task_rescheduled_is_reminded_at_its_new_time(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", quiet_enabled=False)
    with acting(core, alice) as ctx:
        task = tasks.create(ctx, "Send quote", due=datetime(2026, 11, 25, 15, 0, tzinfo=SH))
    with core.system() as system:
        session = system.session
        from core.models import Task

        row = session.get(Task, task.id)
        assert row is not None
        row.due_at = datetime(2026, 11, 25, 17, 0, tzinfo=SH)
    assert tick(core, datetime(2026, 11, 25, 15, 0, tzinfo=SH)).queued == 0
    assert tick(core, datetime(2026, 11, 25, 17, 0, tzinfo=SH)).queued == 1


def test_a_moment_already_past_when_the_task_was_written_is_not_reminded(core: CoreGateway,
                                                                         clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100", quiet_enabled=False)
    clock.set(datetime(2026, 11, 25, 16, 0, tzinfo=SH))
    with acting(core, alice) as ctx:
        tasks.create(ctx, "Log yesterday's call", due=datetime(2026, 11, 25, 15, 0, tzinfo=SH))
    assert tick(core, datetime(2026, 11, 25, 16, 1, tzinfo=SH)).queued == 0


def test_heads_up_only_when_asked_for_and_before_the_time(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", quiet_enabled=False, heads_up_minutes=30, batching=False)
    bob = person(core, "Bob", telegram="200", quiet_enabled=False)
    for user in (alice, bob):
        with acting(core, user) as ctx:
            tasks.create(ctx, "Demo", due=datetime(2026, 11, 25, 15, 0, tzinfo=SH))
    report = tick(core, datetime(2026, 11, 25, 14, 30, tzinfo=SH))
    assert [o.user for o in report.outcomes] == ["Alice"]
    assert "In 30 min" in texts(core)[0]
    tick(core, datetime(2026, 11, 25, 15, 0, tzinfo=SH))
    assert [n.kind for n in notes(core)] == ["task_heads_up", "task_due", "task_due"]


def test_an_all_day_task_is_reminded_in_the_assignees_morning(core: CoreGateway, clock: FixedClock) -> None:
    ny = person(core, "Nina", telegram="300", tz="America/New_York")
    clock.set(datetime(2026, 11, 25, 12, 0, tzinfo=NY))
    with acting(core, ny) as ctx:
        tasks.create(ctx, "Site survey", due=date(2026, 11, 27))
    assert tick(core, datetime(2026, 11, 27, 8, 59, tzinfo=NY)).queued == 0
    assert tick(core, datetime(2026, 11, 27, 9, 0, tzinfo=NY)).queued == 1
    assert texts(core) == ["📌 Today: Site survey"]
    assert tick(core, datetime(2026, 11, 27, 9, 30, tzinfo=NY)).queued == 0
    assert tick(core, datetime(2026, 11, 28, 9, 0, tzinfo=NY)).queued == 0


def test_a_day_missed_during_downtime_is_not_announced_as_today(core: CoreGateway, clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100")
    with acting(core, alice) as ctx:
        tasks.create(ctx, "Book survey", due=date(2026, 11, 26))
    assert tick(core, datetime(2026, 11, 27, 9, 0, tzinfo=SH)).queued == 0


def test_a_done_task_is_not_reminded(core: CoreGateway, clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100", quiet_enabled=False)
    with acting(core, alice) as ctx:
        task = tasks.create(ctx, "Call", due=datetime(2026, 11, 25, 15, 0, tzinfo=SH))
    with acting(core, alice) as ctx:
        tasks.complete(ctx, task.id)
    assert tick(core, datetime(2026, 11, 25, 15, 0, tzinfo=SH)).queued == 0


def test_a_follow_up_without_a_task_is_still_reminded(core: CoreGateway, clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100", mute=["suggestion"])
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        logged = interactions.log(ctx, acme.id, channel="visit", summary="wants a quote", next_step="send quote",
                                  follow_up=date(2026, 11, 27))
        assert logged.follow_up_task is not None
        task_id = logged.follow_up_task.id
    with core.system() as system:
        session = system.session
        from core.models import Task

        task = session.get(Task, task_id)
        assert task is not None
        session.delete(task)  # the follow-up's task is gone (deleted by hand)
    report = tick(core, datetime(2026, 11, 27, 9, 0, tzinfo=SH))
    assert [o.kind for o in report.outcomes] == ["reminder"]
    assert texts(core) == ["📞 Follow up with Acme Corp today: send quote"]


def test_a_follow_up_with_its_task_is_reminded_once_through_the_task(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", mute=["suggestion"])
    with acting(core, alice) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        interactions.log(ctx, acme.id, channel="visit", summary="wants a quote", follow_up=date(2026, 11, 27))
    tick(core, datetime(2026, 11, 27, 9, 0, tzinfo=SH))
    assert [n.kind for n in notes(core)] == ["task_due"]


def test_the_assignees_new_timezone_moves_the_morning(core: CoreGateway, clock: FixedClock) -> None:
    alice = person(core, "Alice", telegram="100")
    with acting(core, alice) as ctx:
        tasks.create(ctx, "Call", due=date(2026, 11, 27))
    from core.services import preferences

    with core.system() as system:

        preferences.apply(system, alice.id, preferences.PrefChanges(timezone="Europe/London"))
    london = ZoneInfo("Europe/London")
    # The task's day is still the 27th (the zone it was written in); the morning is London's.
    assert tick(core, datetime(2026, 11, 27, 9, 0, tzinfo=SH)).queued == 0
    assert tick(core, datetime(2026, 11, 27, 9, 0, tzinfo=london)).queued == 1
    assert tick(core, datetime(2026, 11, 27, 9, 0, tzinfo=london) + timedelta(hours=1)).queued == 0
