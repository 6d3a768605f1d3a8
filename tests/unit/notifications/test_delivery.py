"""Where and when pushes go: quiet hours, urgency, batching, the preferred channel, no channel, leaving a team."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from core.clock import FixedClock
from core.context import CoreGateway
from core.models import User
from core.services import preferences, tasks, users
from tests.factories import acting
from tests.notify_helpers import notes, outbox_rows, person, texts, tick

SH = ZoneInfo("Asia/Shanghai")
CALM = ["suggestion", "daily_report", "deal_stale"]


def _tasks(core: CoreGateway, who: User, *dues: datetime | date, by: User | None = None) -> None:
    for n, due in enumerate(dues):
        with acting(core, by or who) as ctx:
            tasks.create(ctx, f"Task {n + 1}", due=due, assignee_id=who.id)


def test_quiet_hours_hold_pushes_until_morning_then_one_batched_message(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", mute=CALM)
    boss = person(core, "Boss", role="manager", telegram="900", mute=CALM)
    _tasks(core, alice, datetime(2026, 11, 25, 22, 0, tzinfo=SH), datetime(2026, 11, 25, 23, 30, tzinfo=SH),
           by=boss)  # set by her manager: not urgent for her
    tick(core, datetime(2026, 11, 25, 22, 0, tzinfo=SH))
    tick(core, datetime(2026, 11, 25, 23, 30, tzinfo=SH))
    assert outbox_rows(core) == []
    assert [n.reason for n in notes(core)] == ["quiet_hours", "quiet_hours"]
    assert tick(core, datetime(2026, 11, 26, 7, 59, tzinfo=SH)).queued == 0
    assert tick(core, datetime(2026, 11, 26, 8, 0, tzinfo=SH)).queued == 1
    [text] = texts(core)
    assert text.startswith("🔔 2 things need your attention:") and "1. ⏰ Reminder: Task 1" in text


def test_a_time_you_set_yourself_rings_even_in_quiet_hours(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", mute=CALM)
    _tasks(core, alice, datetime(2026, 11, 25, 22, 0, tzinfo=SH))
    assert tick(core, datetime(2026, 11, 25, 22, 0, tzinfo=SH)).queued == 1


def test_quiet_hours_are_a_preference(core: CoreGateway) -> None:
    boss = person(core, "Boss", role="manager", telegram="900", mute=CALM)
    alice = person(core, "Alice", telegram="100", mute=CALM, quiet=(time(23, 0), time(7, 0)))
    _tasks(core, alice, datetime(2026, 11, 25, 22, 0, tzinfo=SH), by=boss)
    assert tick(core, datetime(2026, 11, 25, 22, 0, tzinfo=SH)).queued == 1


def test_batching_off_sends_each_push_alone(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", mute=CALM, batching=False)
    _tasks(core, alice, datetime(2026, 11, 25, 15, 0, tzinfo=SH), datetime(2026, 11, 25, 15, 0, tzinfo=SH))
    assert tick(core, datetime(2026, 11, 25, 15, 0, tzinfo=SH)).queued == 2
    assert [row.kind for row in outbox_rows(core)] == ["reminder", "reminder"]


def test_big_batches_are_split(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", mute=CALM)
    _tasks(core, alice, *[datetime(2026, 11, 25, 15, 0, tzinfo=SH)] * 10)
    assert tick(core, datetime(2026, 11, 25, 15, 0, tzinfo=SH)).queued == 2
    sizes = [len(row.payload["push"]["items"]) for row in outbox_rows(core)]
    assert sizes == [8, 2]


def test_the_preferred_channel_wins_else_the_latest_link(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", slack="U100", mute=CALM)
    _tasks(core, alice, datetime(2026, 11, 25, 15, 0, tzinfo=SH))
    tick(core, datetime(2026, 11, 25, 15, 0, tzinfo=SH))
    with core.system() as system:
        preferences.apply(system, alice.id, preferences.PrefChanges(channel="telegram"))
    _tasks(core, alice, datetime(2026, 11, 25, 16, 0, tzinfo=SH))
    tick(core, datetime(2026, 11, 25, 16, 0, tzinfo=SH))
    assert [(row.channel, row.chat_id) for row in outbox_rows(core)] == [("slack", "U100"), ("telegram", "100")]


def test_no_linked_chat_is_recorded_not_sent(core: CoreGateway) -> None:
    alice = person(core, "Alice", mute=CALM)
    _tasks(core, alice, datetime(2026, 11, 25, 15, 0, tzinfo=SH))
    report = tick(core, datetime(2026, 11, 25, 15, 0, tzinfo=SH))
    assert [(o.status, o.reason) for o in report.outcomes] == [("no_channel", "no linked chat")]
    assert outbox_rows(core) == [] and notes(core)[0].status == "no_channel"


def test_a_user_who_left_the_team_stops_getting_its_digest(core: CoreGateway, clock: FixedClock) -> None:
    wang = person(core, "Wang", role="manager", telegram="900", mute=CALM)
    tick(core, datetime(2026, 11, 25, 8, 30, tzinfo=SH))
    assert [row.kind for row in outbox_rows(core)] == ["digest"]
    with core.system() as system:
        session = system.session
        row = session.get(User, wang.id)
        assert row is not None
        row.team_id = users.get_or_create_team(system, "West").id
    # A digest for East already decided but not delivered is dropped, not sent to her new desk.
    with core.system() as system:
        session = system.session
        from core.models import Notification

        note = session.query(Notification).one()
        note.status, note.deliver_after = "pending", clock.now()
    report = tick(core, datetime(2026, 11, 25, 8, 31, tzinfo=SH))
    assert [(o.status, o.reason) for o in report.outcomes] == [("dropped", "recipient left the team")]


def test_an_inactive_user_gets_nothing(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", mute=CALM)
    _tasks(core, alice, datetime(2026, 11, 25, 15, 0, tzinfo=SH))
    with core.system() as system:
        session = system.session
        row = session.get(User, alice.id)
        assert row is not None
        row.active = False
    assert tick(core, datetime(2026, 11, 25, 15, 0, tzinfo=SH)).queued == 0
    assert outbox_rows(core) == []


def test_a_chinese_user_reads_chinese(core: CoreGateway) -> None:
    zhang = person(core, "张伟", telegram="300", lang="zh", mute=CALM)
    _tasks(core, zhang, datetime(2026, 11, 25, 15, 0, tzinfo=SH))
    tick(core, datetime(2026, 11, 25, 15, 0, tzinfo=SH))
    assert texts(core) == ["⏰ 提醒:Task 1 — 11月25日(周三) 15:00 到期"]
    assert [c["label"] for c in outbox_rows(core)[0].payload["choices"]][:2] == ["✅ 完成", "💤 1小时后"]


def test_a_user_without_a_timezone_lives_in_the_teams(core: CoreGateway, clock: FixedClock) -> None:
    rita = person(core, "Rita", team="London desk", tz=None, telegram="400", mute=CALM)
    with core.system() as system:
        session = system.session
        user = session.get(User, rita.id)
        assert user is not None and user.team is not None
        user.team.timezone = "Europe/London"
    _tasks(core, rita, date(2026, 11, 27))
    london = ZoneInfo("Europe/London")
    assert tick(core, datetime(2026, 11, 27, 9, 0, tzinfo=SH)).queued == 0
    assert tick(core, datetime(2026, 11, 27, 9, 0, tzinfo=london)).queued == 1
