"""Once per crossing (core.scoring.crossing), walked over churn's daily samples: a score crosses when it reaches
the threshold from below, and again only after it has fallen under the re-arm line; samples are local midnights."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.scoring.churn_crossings import WATCH, midnights
from core.scoring.crossing import Hysteresis, Step

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def _walk(values: list[float], line: Hysteresis = WATCH) -> list[int]:
    steps, before = [], 0.0
    for day, value in enumerate(values):
        steps.append(Step(T0 + timedelta(days=day), before, value))
        before = value
    return [(at - T0).days for at in line.crossings(steps)]


def test_churn_crosses_at_50_and_again_only_after_falling_under_20() -> None:
    assert (WATCH.threshold, WATCH.rearm_below) == (50, 20)
    # Up to 55 (day 1), down to 45 and up again (not recovered), down to 15 (recovered), up to 60 (day 6).
    assert _walk([30, 55, 45, 55, 15, 40, 60, 60]) == [1, 6]
    assert _walk([55, 55]) == [0]  # high from the first sample: a crossing at the walk's start
    assert _walk([49, 19, 49]) == []


def test_midnights_are_local_and_follow_dst() -> None:
    # Berlin leaves summer time on Sun 25 Oct 2026: that day has 25 hours.
    found = midnights(datetime(2026, 10, 26, 12, tzinfo=UTC), "Europe/Berlin", days=3)
    assert [at.astimezone(UTC).isoformat() for at, _ in found] == [
        "2026-10-23T22:00:00+00:00", "2026-10-24T22:00:00+00:00", "2026-10-25T23:00:00+00:00"]
    assert [day.isoformat() for _, day in found] == ["2026-10-23", "2026-10-24", "2026-10-25"]  # the days that ended


def test_a_crossing_after_a_push_counts_only_once_the_walk_saw_a_recovery_since() -> None:
    from core.scoring.churn import ChurnRisk
    from core.scoring.churn_crossings import Crossing, told_already

    crossing = Crossing(ChurnRisk(1, "Acme", 7, 55, []), at=T0 + timedelta(days=10),
                        recovered_at=T0 + timedelta(days=6))
    assert not told_already(crossing, None)
    assert not told_already(crossing, T0 + timedelta(days=2))  # told before it recovered
    assert told_already(crossing, T0 + timedelta(days=6))
    assert told_already(crossing, T0 + timedelta(days=8))  # told since, and no recovery seen after
