"""Wall-clock arithmetic across zones and DST: a daily push is neither skipped nor doubled."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.schedule import at_local, daily_due, is_quiet, local_date, next_morning, quiet_until

# (zone, a day with a DST change in it) — spring forward and fall back, plus a zone without DST.
TRANSITIONS = [
    ("America/New_York", date(2026, 3, 8)),
    ("America/New_York", date(2026, 11, 1)),
    ("Europe/London", date(2026, 3, 29)),
    ("Europe/London", date(2026, 10, 25)),
    ("Asia/Shanghai", date(2026, 3, 8)),
]
# 18:00 (report nudge), 08:30 (digest), and the awkward ones: 01:30 happens twice on fall-back day in New York
# and London, 02:30 does not happen at all on spring-forward day in New York.
CLOCKS = [time(18, 0), time(8, 30), time(1, 30), time(2, 30), time(0, 0)]


def simulate(zone: str, clock: time, first: date, days: int, step: timedelta) -> dict[date, list[datetime]]:
    """Tick every `step` from local midnight of `first`; record when each local date's push fires (keyed once)."""
    fired: dict[date, list[datetime]] = {}
    now = at_local(first, time(0, 0), zone)
    end = at_local(first + timedelta(days=days), time(0, 0), zone)
    while now < end:
        hit = daily_due(now, zone, clock)
        if hit is not None and hit[0] not in fired:
            fired[hit[0]] = [now]
        elif hit is not None:
            fired[hit[0]].append(now)  # the same key again: the engine skips it, we only count it
        now += step
    return fired


@pytest.mark.parametrize(("zone", "day"), TRANSITIONS)
@pytest.mark.parametrize("clock", CLOCKS)
def test_each_local_day_fires_once_across_a_dst_change(zone: str, day: date, clock: time) -> None:
    first = day - timedelta(days=1)
    fired = simulate(zone, clock, first, 3, timedelta(minutes=1))
    # No day skipped: every local date of the three gets its push.
    assert sorted(fired) == [first + timedelta(days=n) for n in range(3)]
    for local_day, seen in fired.items():
        first_fire = seen[0]
        # Fired at the first minute the local clock reached the time (or just after a gap swallowed it).
        expected = at_local(local_day, clock, zone)
        assert first_fire == expected, (local_day, first_fire, expected)
        # Identity is the local date: it can only be one push, even on the day 01:30 happens twice.
        assert all(local_date(instant, zone) == local_day for instant in seen)


def test_a_time_that_does_not_exist_lands_just_after_the_gap() -> None:
    instant = at_local(date(2026, 3, 8), time(2, 30), "America/New_York")
    assert instant.astimezone(ZoneInfo("America/New_York")).time() == time(3, 30)


def test_an_ambiguous_time_means_the_first_of_the_two() -> None:
    instant = at_local(date(2026, 11, 1), time(1, 30), "America/New_York")
    assert instant == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT, not 01:30 EST


def test_the_same_wall_time_is_a_different_instant_after_the_change() -> None:
    before = at_local(date(2026, 10, 24), time(18, 0), "Europe/London")
    after = at_local(date(2026, 10, 26), time(18, 0), "Europe/London")
    assert before.hour == 17 and after.hour == 18  # BST then GMT, both 18:00 on the wall


def test_quiet_hours_wrap_past_midnight() -> None:
    zone = "Asia/Shanghai"
    start, end = time(21, 0), time(8, 0)
    assert is_quiet(at_local(date(2026, 11, 25), time(22, 0), zone), zone, start, end)
    assert is_quiet(at_local(date(2026, 11, 25), time(7, 59), zone), zone, start, end)
    assert not is_quiet(at_local(date(2026, 11, 25), time(8, 0), zone), zone, start, end)
    assert not is_quiet(at_local(date(2026, 11, 25), time(20, 59), zone), zone, start, end)
    assert is_quiet(at_local(date(2026, 11, 25), time(13, 0), zone), zone, time(12, 0), time(14, 0))


def test_quiet_hours_end_at_the_local_morning_even_across_a_dst_change() -> None:
    zone = "Europe/London"
    night = at_local(date(2026, 3, 28), time(23, 0), zone)  # the night the clocks go forward
    morning = quiet_until(night, zone, time(8, 0))
    assert morning == datetime(2026, 3, 29, 8, 0, tzinfo=ZoneInfo(zone))
    assert morning - night == timedelta(hours=8)  # one hour shorter than the wall clock suggests


def test_snooze_until_tomorrow_is_the_next_local_morning() -> None:
    zone = "America/New_York"
    evening = at_local(date(2026, 10, 31), time(20, 0), zone)
    until = next_morning(evening, zone, time(9, 0))
    assert until == datetime(2026, 11, 1, 9, 0, tzinfo=ZoneInfo(zone))
