"""Periods as the reads take them (`slots_reads.as_period` over the date lexer's matches): ranges of local days for
a week, a month, a quarter, a year, a named month or a rolling window — and the day expressions that contain such
words and stay days."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.intents.lexers.dates import find_dates
from bot.intents.rules.slots_reads import PeriodMatch, as_period

from .conftest import NOW, TZ


def find_periods(text: str, now: datetime, tz: str) -> list[PeriodMatch]:
    today = now.astimezone(ZoneInfo(tz)).date()
    return [p for p in (as_period(d, today) for d in find_dates(text, now, tz)) if p is not None]


def period_of(text: str, now: datetime = NOW, tz: str = TZ) -> tuple[str, str, str] | None:
    found = find_periods(text, now, tz)
    return None if not found else (found[0].first.isoformat(), found[0].last.isoformat(),
                                   text[found[0].start:found[0].end])


@pytest.mark.parametrize(("text", "first", "last"), [
    # Wed 25 Nov 2026: weeks start on Monday
    ("tasks this week", "2026-11-23", "2026-11-29"),
    ("what's due this wk", "2026-11-23", "2026-11-29"),
    ("tasks next week", "2026-11-30", "2026-12-06"),
    ("nxt week", "2026-11-30", "2026-12-06"),
    ("last week's visits", "2026-11-16", "2026-11-22"),
    ("这周的任务", "2026-11-23", "2026-11-29"),
    ("本周待办", "2026-11-23", "2026-11-29"),
    ("这礼拜要做啥", "2026-11-23", "2026-11-29"),
    ("下周有啥任务", "2026-11-30", "2026-12-06"),
    ("下个星期的安排", "2026-11-30", "2026-12-06"),
    ("上周拜访了哪些客户", "2026-11-16", "2026-11-22"),
    ("這週的任務", "2026-11-23", "2026-11-29"),  # traditional characters
    # months
    ("what's closing next month", "2026-12-01", "2026-12-31"),
    ("deals closing this month?", "2026-11-01", "2026-11-30"),
    ("won last month", "2026-10-01", "2026-10-31"),
    ("下个月要签的单子", "2026-12-01", "2026-12-31"),
    ("这个月赢单的", "2026-11-01", "2026-11-30"),
    ("本月签了哪些单子", "2026-11-01", "2026-11-30"),
    ("上个月丢了哪些单", "2026-10-01", "2026-10-31"),
    ("下個月", "2026-12-01", "2026-12-31"),
    # a named month alone: its next occurrence, the current month included
    ("which opps close in december", "2026-12-01", "2026-12-31"),
    ("closing in jan", "2027-01-01", "2027-01-31"),
    ("deals won in november", "2026-11-01", "2026-11-30"),
    ("12月要签的单子", "2026-12-01", "2026-12-31"),
    ("三月份的单子", "2027-03-01", "2027-03-31"),
    # quarters and years
    ("this quarter", "2026-10-01", "2026-12-31"),
    ("next quarter", "2027-01-01", "2027-03-31"),
    ("Q1 deals", "2027-01-01", "2027-03-31"),
    ("q4", "2026-10-01", "2026-12-31"),
    ("本季度", "2026-10-01", "2026-12-31"),
    ("一季度要签的", "2027-01-01", "2027-03-31"),
    ("今年赢了哪些单", "2026-01-01", "2026-12-31"),
    ("明年", "2027-01-01", "2027-12-31"),
    ("明年3月", "2027-03-01", "2027-03-31"),
    # rolling windows
    ("the next 7 days", "2026-11-25", "2026-12-02"),
    ("past 2 weeks", "2026-11-11", "2026-11-25"),
    ("未来两周", "2026-11-25", "2026-12-09"),
    ("最近一周", "2026-11-18", "2026-11-25"),
    ("近30天", "2026-10-26", "2026-11-25"),
])
def test_a_period_is_a_range_of_days(text: str, first: str, last: str) -> None:
    found = period_of(text)
    assert found is not None and found[:2] == (first, last), (text, found)


@pytest.mark.parametrize("text", [
    "这周五", "下周二的任务", "next week friday", "friday next week", "next week tue", "下个月3号", "下个月底",
    "end of next month", "这个月底", "本月15号", "月底", "12月15日", "dec 15", "一月一次", "3个月",
    "we may close", "march on", "tomorrow", "明天", "today",
])
def test_days_and_ordinary_words_are_no_period(text: str) -> None:
    assert period_of(text) is None, (text, period_of(text))


def test_next_week_is_a_period_and_its_monday_a_day() -> None:
    """The date lexer reads "next week" as its Monday (a due date takes it), the period as the whole week."""
    (day,) = find_dates("tasks next week", NOW, TZ)
    assert day.value == date(2026, 11, 30)
    assert period_of("tasks next week") == ("2026-11-30", "2026-12-06", "next week")


def test_periods_follow_the_users_timezone() -> None:
    """Sunday 29 Nov, 20:00 in New York is already Monday 30 Nov in Shanghai: "this week" differs."""
    now = datetime(2026, 11, 29, 20, 0, tzinfo=ZoneInfo("America/New_York"))
    assert period_of("this week", now, "America/New_York")[:2] == ("2026-11-23", "2026-11-29")
    assert period_of("this week", now, "Asia/Shanghai")[:2] == ("2026-11-30", "2026-12-06")


def test_a_year_turns_over() -> None:
    now = datetime(2026, 12, 28, 9, 0, tzinfo=ZoneInfo(TZ))
    assert period_of("next month", now)[:2] == ("2027-01-01", "2027-01-31")
    assert period_of("next week", now)[:2] == ("2027-01-04", "2027-01-10")
    assert period_of("下个季度", now)[:2] == ("2027-01-01", "2027-03-31")


def test_several_periods_in_order() -> None:
    found = find_periods("this week vs last week", NOW, TZ)
    assert [(p.first.isoformat(), p.unit) for p in found] == [("2026-11-23", "week"), ("2026-11-16", "week")]


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError):
        find_periods("this week", datetime(2026, 11, 25, 10, 0), TZ)  # noqa: DTZ001 - the point of the test
