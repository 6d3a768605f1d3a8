"""The whole tick across DST changes: ticking every half hour for four days, each daily push happens once per
local date and each reminder once — in New York and London (spring forward, fall back) and Shanghai (no DST)."""

from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta

import pytest

from core.clock import FixedClock
from core.context import CoreGateway
from core.schedule import at_local, local_date
from core.services import customers, interactions, tasks
from notifications.engine import NotificationEngine
from tests.factories import acting
from tests.notify_helpers import notes, person

CASES = [
    ("America/New_York", date(2026, 3, 8)),
    ("America/New_York", date(2026, 11, 1)),
    ("Europe/London", date(2026, 3, 29)),
    ("Europe/London", date(2026, 10, 25)),
    ("Asia/Shanghai", date(2026, 3, 8)),
]


@pytest.mark.parametrize(("zone", "day"), CASES)
def test_nothing_skipped_nothing_doubled(core: CoreGateway, clock: FixedClock, zone: str, day: date) -> None:
    start = at_local(day - timedelta(days=1), time(0, 0), zone)
    clock.set(start)
    rep = person(core, "Rita", tz=zone, telegram="1", quiet_enabled=False, mute=["suggestion", "deal_stale"])
    person(core, "Mona", role="manager", tz=zone, telegram="2", quiet_enabled=False, mute=["suggestion"],
           digest_time=time(1, 30))  # 01:30 happens twice on a fall-back night
    with acting(core, rep) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        tasks.create(ctx, "Timed call", due=at_local(day, time(9, 0), zone))
        tasks.create(ctx, "Gap call", due=at_local(day, time(2, 30), zone))  # 02:30 may not exist that day
        tasks.create(ctx, "All-day survey", due=day)
    clock.set(at_local(day, time(12, 0), zone))
    with acting(core, rep) as ctx:  # she works that Sunday, so the report nudge is due
        interactions.log(ctx, acme.id, channel="visit", summary="site visit")
    engine = NotificationEngine(core, charts=False)
    instant = start
    end = at_local(day + timedelta(days=3), time(0, 0), zone)
    while instant < end:
        clock.set(instant)
        engine.tick()
        instant += timedelta(minutes=30)
    made = notes(core)
    digests = Counter(local_date(n.due_at, zone) for n in made if n.kind.startswith("digest"))
    assert digests == {day - timedelta(days=1) + timedelta(days=k): 1 for k in range(4)}  # each local date, once
    reports = [local_date(n.due_at, zone) for n in made if n.kind == "daily_report"]
    assert reports.count(day) == 1
    task_notes = sorted(n.params["title"] for n in made if n.kind == "task_due")
    assert task_notes == ["All-day survey", "Gap call", "Timed call"]
    assert all(n.status == "queued" for n in made if n.kind == "task_due")
