"""Timezone arithmetic: users live in their own zones, the database stores UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.errors import InvalidInput


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput("error.bad_timezone", value=name) from exc


def is_valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local_now(instant: datetime, tz: str) -> datetime:
    return instant.astimezone(zone(tz))


def local_today(instant: datetime, tz: str) -> date:
    return local_now(instant, tz).date()


def start_of_local_day(day: date, tz: str) -> datetime:
    """The UTC instant a local calendar day begins (DST-safe: midnight exists in every zone we support)."""
    return datetime.combine(day, time(0, 0), tzinfo=zone(tz)).astimezone(UTC)


def local_day_bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    return start_of_local_day(day, tz), start_of_local_day(day + timedelta(days=1), tz)


def month_bounds(day: date) -> tuple[date, date]:
    """First and last calendar day of the month containing `day`."""
    first = day.replace(day=1)
    next_first = (first + timedelta(days=32)).replace(day=1)
    return first, next_first - timedelta(days=1)
