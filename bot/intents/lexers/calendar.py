"""Calendar arithmetic behind the date rule documented in docs/intents.md.

Weeks start on Monday. A bare weekday ("Friday", 周五, "this Friday", 这周五) is that day of the current
week, or of next week when it has already passed (today counts as not passed). "next Friday", 下周五 and
"Friday next week" are that day of the next calendar week. Looking back (`past=True`, for when something
happened) the same expressions resolve to the most recent such day, today included.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

WEEKDAYS_EN = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "weds": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
WEEKDAYS_ZH = {"一": 0, "1": 0, "二": 1, "2": 1, "三": 2, "3": 2, "四": 3, "4": 3, "五": 4, "5": 4, "六": 5,
               "6": 5, "日": 6, "天": 6, "7": 6, "末": 5}
MONTHS_EN = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}


def week_start(today: date) -> date:
    return today - timedelta(days=today.weekday())


def weekday_in_week(today: date, weekday: int, weeks_ahead: int = 0, *, past: bool = False) -> date:
    """`weeks_ahead`=0: this week's, rolled forward (or back, when `past`) if it would point the wrong way."""
    day = week_start(today) + timedelta(days=7 * weeks_ahead + weekday)
    if weeks_ahead == 0:
        if past and day > today:
            day -= timedelta(days=7)
        elif not past and day < today:
            day += timedelta(days=7)
    return day


def end_of_month(day: date, months_ahead: int = 0) -> date:
    year, month = day.year, day.month + months_ahead
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def end_of_quarter(day: date) -> date:
    last_month = ((day.month - 1) // 3) * 3 + 3
    return date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


def month_day(today: date, month: int, day: int, year: int | None = None, *, past: bool = False) -> date | None:
    """'Dec 15' → its next occurrence (today included); looking back, its most recent one."""
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    if year is not None:
        if year < 100:
            year += 2000
        return _safe_date(year, month, day)
    candidate = _safe_date(today.year, month, day)
    if candidate is None:
        # 29 February or "31 November": try the neighbouring year before giving up.
        other = _safe_date(today.year + (-1 if past else 1), month, day)
        return other
    if past and candidate > today:
        return _safe_date(today.year - 1, month, day)
    if not past and candidate < today:
        return _safe_date(today.year + 1, month, day)
    return candidate


def day_of_month(today: date, day: int, *, past: bool = False) -> date | None:
    """'15号' alone: this month's 15th, or next month's when it has passed (last month's, looking back)."""
    if not 1 <= day <= 31:
        return None
    for offset in ((0, -1, -2) if past else (0, 1, 2)):
        month_end = end_of_month(today, offset)
        if day > month_end.day:
            continue
        candidate = month_end.replace(day=day)
        if (past and candidate <= today) or (not past and candidate >= today):
            return candidate
    return None


def add_months(day: date, months: int) -> date:
    month_end = end_of_month(day, months)
    return month_end.replace(day=min(day.day, month_end.day))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
