"""Wall-clock arithmetic in each user's own zone: daily times, quiet hours, snoozes — DST-safe.

Two rules keep DST from skipping or doubling anything:
- a daily push is keyed by the *local date* it belongs to, so it can happen at most once per date, and it is due
  from its local time until the end of that date, so a tick after a jump forward still finds it;
- local times are turned into instants with zoneinfo (fold=0): a time that does not exist on a spring-forward
  day (02:30) lands just after the jump, an ambiguous one on a fall-back day (01:30) means the first of the two.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from core.timeutil import zone


def at_local(day: date, clock: time, tz: str) -> datetime:
    """The UTC instant of `clock` on local `day` in `tz` (see the module note for DST gaps and overlaps)."""
    local = datetime.combine(day, clock, tzinfo=zone(tz))
    # Round-trip through UTC: for a non-existent wall time this yields the instant just after the gap.
    return local.astimezone(UTC)


def local_date(instant: datetime, tz: str) -> date:
    return instant.astimezone(zone(tz)).date()


def local_clock(instant: datetime, tz: str) -> time:
    return instant.astimezone(zone(tz)).time().replace(tzinfo=None)


def daily_due(now: datetime, tz: str, clock: time) -> tuple[date, datetime] | None:
    """Today's (local) occurrence of a daily time if it has come; None before it.

    Returns the local date (the occurrence's identity) and the instant it became due.
    """
    today = local_date(now, tz)
    fire = at_local(today, clock, tz)
    return (today, fire) if now >= fire else None


def is_quiet(now: datetime, tz: str, start: time, end: time) -> bool:
    """Whether `now` falls in the local quiet window [start, end); a window may wrap past midnight."""
    clock = local_clock(now, tz)
    if start < end:
        return start <= clock < end
    return clock >= start or clock < end


def quiet_until(now: datetime, tz: str, end: time) -> datetime:
    """The next instant the quiet window ends (today's end if still ahead, else tomorrow's)."""
    today = local_date(now, tz)
    candidate = at_local(today, end, tz)
    if candidate <= now:
        candidate = at_local(today + timedelta(days=1), end, tz)
    return candidate


def next_morning(now: datetime, tz: str, clock: time) -> datetime:
    """Tomorrow at the user's morning time (what "snooze until tomorrow" means)."""
    return at_local(local_date(now, tz) + timedelta(days=1), clock, tz)

