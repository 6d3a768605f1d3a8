"""Relative dates and times against the user's clock and timezone, with the documented weekday rule."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.intents.lexers.dates import find_date, find_dates

from .conftest import NOW, TZ

WED = NOW  # Wednesday 25 November 2026, 10:00 Shanghai


def resolve(text: str, now: datetime = WED, tz: str = TZ, *, past: bool = False) -> str | None:
    found = find_date(text, now, tz, past=past)
    if found is None:
        return None
    value = found.value
    return value.strftime("%Y-%m-%dT%H:%M") if isinstance(value, datetime) else value.isoformat()


@pytest.mark.parametrize(("text", "expected"), [
    ("today", "2026-11-25"), ("tomorrow", "2026-11-26"), ("tmr", "2026-11-26"), ("yesterday", "2026-11-24"),
    ("yday", "2026-11-24"), ("day after tomorrow", "2026-11-27"), ("in 3 days", "2026-11-28"),
    ("in a week", "2026-12-02"), ("3 days ago", "2026-11-22"),
    # Bare weekday / "this": this week's, or next week's once passed; today counts as not passed.
    ("friday", "2026-11-27"), ("this friday", "2026-11-27"), ("wed", "2026-11-25"), ("monday", "2026-11-30"),
    ("Saturday", "2026-11-28"), ("by thu", "2026-11-26"),
    # "next X" and "X next week": that day of the next calendar week.
    ("next friday", "2026-12-04"), ("friday next week", "2026-12-04"), ("next tues", "2026-12-01"),
    ("wednesday next week", "2026-12-02"), ("next week", "2026-11-30"), ("last friday", "2026-11-20"),
    ("end of month", "2026-11-30"), ("eom", "2026-11-30"), ("end of next month", "2026-12-31"),
    ("end of year", "2026-12-31"), ("end of the quarter", "2026-12-31"), ("dec 15", "2026-12-15"),
    ("December 15th", "2026-12-15"), ("15 Dec", "2026-12-15"), ("jan 31", "2027-01-31"), ("12/18", "2026-12-18"),
    ("2027-03-01", "2027-03-01"), ("nov 20", "2027-11-20"), ("the 3rd", "2026-12-03"),
    # Chinese
    ("今天", "2026-11-25"), ("明天", "2026-11-26"), ("后天", "2026-11-27"), ("大后天", "2026-11-28"),
    ("昨天", "2026-11-24"), ("前天", "2026-11-23"), ("周五", "2026-11-27"), ("这周五", "2026-11-27"),
    ("星期一", "2026-11-30"), ("下周二", "2026-12-01"), ("下个星期五", "2026-12-04"), ("上周三", "2026-11-18"),
    ("周日", "2026-11-29"), ("下周", "2026-11-30"), ("月底", "2026-11-30"), ("下个月底", "2026-12-31"),
    ("年底", "2026-12-31"), ("三天后", "2026-11-28"), ("3天后", "2026-11-28"), ("两周后", "2026-12-09"),
    ("12月15日", "2026-12-15"), ("12月15号前", "2026-12-15"), ("十二月一号", "2026-12-01"), ("1月10号", "2027-01-10"),
    ("20号", "2026-12-20"), ("25号", "2026-11-25"),
])
def test_dates(text: str, expected: str) -> None:
    assert resolve(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("tmr 3pm", "2026-11-26T15:00"), ("tomorrow at 9am", "2026-11-26T09:00"), ("friday 10am", "2026-11-27T10:00"),
    ("4:30pm today", "2026-11-25T16:30"), ("14:00 today", "2026-11-25T14:00"), ("noon tmrw", "2026-11-26T12:00"),
    ("明天下午三点", "2026-11-26T15:00"), ("明天下午3点", "2026-11-26T15:00"), ("上午9点", "2026-11-26T09:00"),
    ("晚上8点", "2026-11-25T20:00"), ("今晚8点", "2026-11-25T20:00"), ("明早九点半", "2026-11-26T09:30"),
    ("后天上午10点", "2026-11-27T10:00"), ("下周一早上9点", "2026-11-30T09:00"), ("后天 下午两点", "2026-11-27T14:00"),
    ("3pm", "2026-11-25T15:00"), ("at 3 tomorrow", "2026-11-26T15:00"), ("中午12点", "2026-11-25T12:00"),
])
def test_times(text: str, expected: str) -> None:
    assert resolve(text) == expected


def test_time_already_passed_today_means_tomorrow() -> None:
    # 9am has passed at 10:00, so "remind me at 9am" is tomorrow's; looking back it is today's.
    assert resolve("9am") == "2026-11-26T09:00"
    assert resolve("9am", past=True) == "2026-11-25T09:00"


@pytest.mark.parametrize(("text", "expected"), [
    ("friday", "2026-11-20"), ("monday", "2026-11-23"), ("wed", "2026-11-25"), ("dec 15", "2025-12-15"),
    ("nov 20", "2026-11-20"), ("12月1日", "2025-12-01"), ("周一", "2026-11-23"), ("yesterday", "2026-11-24"),
])
def test_past_reading_is_the_most_recent_occurrence(text: str, expected: str) -> None:
    assert resolve(text, past=True) == expected


def test_values_are_aware_in_the_users_zone() -> None:
    found = find_date("tomorrow 3pm", WED, "America/New_York")
    assert found is not None and isinstance(found.value, datetime)
    assert found.value.tzinfo == ZoneInfo("America/New_York")
    # 10:00 Shanghai is 21:00 the day before in New York: "tomorrow" there is the 25th.
    assert found.value.strftime("%Y-%m-%dT%H:%M") == "2026-11-25T15:00"


@pytest.mark.parametrize(("tz", "today"), [
    ("Asia/Shanghai", "2026-11-25"), ("UTC", "2026-11-25"), ("America/Los_Angeles", "2026-11-24"),
    ("Pacific/Kiritimati", "2026-11-25"), ("Pacific/Pago_Pago", "2026-11-24"),
])
def test_today_depends_on_the_zone(tz: str, today: str) -> None:
    assert resolve("today", tz=tz) == today


@pytest.mark.parametrize(("now", "text", "expected"), [
    (datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo(TZ)), "tomorrow", "2027-01-01"),
    (datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo(TZ)), "end of month", "2026-12-31"),
    (datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo(TZ)), "next month end", "2027-01-31"),
    (datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo(TZ)), "下周一", "2027-01-04"),
    (datetime(2027, 1, 31, 9, 0, tzinfo=ZoneInfo(TZ)), "下个月底", "2027-02-28"),
    (datetime(2028, 2, 10, 9, 0, tzinfo=ZoneInfo(TZ)), "月底", "2028-02-29"),
    (datetime(2026, 12, 20, 9, 0, tzinfo=ZoneInfo(TZ)), "jan 5", "2027-01-05"),
    (datetime(2027, 1, 5, 9, 0, tzinfo=ZoneInfo(TZ)), "年底", "2027-12-31"),
    (datetime(2026, 11, 29, 9, 0, tzinfo=ZoneInfo(TZ)), "friday", "2026-12-04"),  # Sunday: this week's passed
    (datetime(2026, 11, 29, 9, 0, tzinfo=ZoneInfo(TZ)), "next friday", "2026-12-04"),
    (datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo(TZ)), "next friday", "2026-12-11"),  # Monday
])
def test_month_and_year_ends(now: datetime, text: str, expected: str) -> None:
    assert resolve(text, now=now) == expected


def test_dst_gap_and_overlap_keep_the_wall_clock() -> None:
    # 8 March 2026: New York springs forward at 02:00. "tomorrow 9am" stays 09:00 local time.
    now = datetime(2026, 3, 7, 12, 0, tzinfo=ZoneInfo("America/New_York"))
    found = find_date("tomorrow 9am", now, "America/New_York")
    assert found is not None and isinstance(found.value, datetime)
    assert (found.value.hour, found.value.utcoffset()) == (9, datetime(2026, 3, 8, 9, tzinfo=ZoneInfo(
        "America/New_York")).utcoffset())
    autumn = datetime(2026, 10, 31, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    found = find_date("tomorrow 10:30", autumn, "Europe/Berlin")
    assert found is not None and isinstance(found.value, datetime)
    assert found.value.strftime("%Y-%m-%dT%H:%M") == "2026-11-01T10:30"


def test_several_dates_with_tense() -> None:
    found = find_dates("visited yesterday, follow up next friday", WED, TZ)
    assert [(m.tense, m.value) for m in found] == [("past", date(2026, 11, 24)), ("future", date(2026, 12, 4))]


@pytest.mark.parametrize("text", ["sat down with acme", "24/7 support", "快一点", "phase 1", "50 seats", "may we",
                                  "call 13812345678", "Sun Microsystems"])
def test_not_dates(text: str) -> None:
    assert find_date(text, WED, TZ) is None


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        find_date("today", datetime(2026, 11, 25, 10, 0), TZ)  # noqa: DTZ001
