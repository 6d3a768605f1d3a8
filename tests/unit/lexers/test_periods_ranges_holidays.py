"""Periods, ranges, holidays, zones and the newer clock forms, in both directions.

Clock: Wednesday 25 November 2026, 10:00 Asia/Shanghai. A period reads as its first day with `grain` and `last`
(docs/intents.md, "Dates"); a range reads as its start with `last` its end.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.intents.lexers.dates import DateMatch, find_date, find_dates
from bot.intents.lexers.holidays import easter, orthodox_easter
from bot.intents.lexers.normalize import normalize

TZ = "Asia/Shanghai"
WED = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo(TZ))


def first(text: str, now: datetime = WED, tz: str = TZ, *, past: bool = False) -> DateMatch | None:
    return find_date(normalize(text), now, tz, past=past)


def show(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M") if isinstance(value, datetime) else value.isoformat()


def read(text: str, now: datetime = WED, tz: str = TZ, *, past: bool = False) -> tuple[str | None, str, str | None]:
    found = first(text, now, tz, past=past)
    assert found is not None, text
    return show(found.value), found.grain, show(found.last)


@pytest.mark.parametrize(("text", "value", "grain", "last"), [
    # A month named alone: its next occurrence (this month included); value = first day, last = last day; for the
    # period we are in (this month, this week, Q4 in November) the value is today, `first` its first day.
    ("close in March", "2027-03-01", "month", "2027-03-31"), ("by june", "2027-06-01", "month", "2027-06-30"),
    ("November", "2026-11-25", "month", "2026-11-30"), ("next March", "2027-03-01", "month", "2027-03-31"),
    ("March 2026", "2026-03-01", "month", "2026-03-31"), ("2027-10", "2027-10-01", "month", "2027-10-31"),
    ("next month", "2026-12-01", "month", "2026-12-31"), ("last month", "2026-10-01", "month", "2026-10-31"),
    ("this month", "2026-11-25", "month", "2026-11-30"), ("下个月", "2026-12-01", "month", "2026-12-31"),
    ("上個月", "2026-10-01", "month", "2026-10-31"), ("这个月", "2026-11-25", "month", "2026-11-30"),
    ("3月份", "2027-03-01", "month", "2027-03-31"), ("明年九月", "2027-09-01", "month", "2027-09-30"),
    ("三月", "2027-03-01", "month", "2027-03-31"),
    ("early March", "2027-03-01", "day", "2027-03-10"), ("late March", "2027-03-21", "day", "2027-03-31"),
    # Quarters: Q3 is the next Q3; the current quarter counts.
    ("Q3", "2027-07-01", "quarter", "2027-09-30"), ("q4", "2026-11-25", "quarter", "2026-12-31"),
    ("Q1 2027", "2027-01-01", "quarter", "2027-03-31"), ("the 3rd qtr of 2027", "2027-07-01", "quarter", "2027-09-30"),
    ("next quarter", "2027-01-01", "quarter", "2027-03-31"), ("this qtr", "2026-11-25", "quarter", "2026-12-31"),
    ("下季度", "2027-01-01", "quarter", "2027-03-31"), ("上个季度", "2026-07-01", "quarter", "2026-09-30"),
    ("明年一季度", "2027-01-01", "quarter", "2027-03-31"), ("2027年第三季度", "2027-07-01", "quarter", "2027-09-30"),
    ("三季度末", "2027-09-30", "day", None),
    # Years and weeks.
    ("next year", "2027-01-01", "year", "2027-12-31"), ("in 2028", "2028-01-01", "year", "2028-12-31"),
    ("明年", "2027-01-01", "year", "2027-12-31"), ("去年", "2025-01-01", "year", "2025-12-31"),
    ("出年", "2027-01-01", "year", "2027-12-31"), ("beginning of next year", "2027-01-01", "day", "2027-01-31"),
    ("this week", "2026-11-25", "week", "2026-11-29"), ("last week", "2026-11-16", "week", "2026-11-22"),
    ("next week", "2026-11-30", "week", "2026-12-06"), ("这周", "2026-11-25", "week", "2026-11-29"),
    ("上個禮拜", "2026-11-16", "week", "2026-11-22"), ("下周", "2026-11-30", "week", "2026-12-06"),
    # Rolling spans: the whole units before or after the current one.
    ("the last 2 weeks", "2026-11-09", "week", "2026-11-22"), ("next 3 days", "2026-11-26", "day", "2026-11-28"),
    ("past two months", "2026-09-01", "month", "2026-10-31"), ("过去三天", "2026-11-22", "day", "2026-11-24"),
    ("未来两周", "2026-11-30", "week", "2026-12-13"), ("前兩個月", "2026-09-01", "month", "2026-10-31"),
    ("the last 2 hours", "2026-11-25T08:00", "minute", "2026-11-25T10:00"),
    ("this summer", "2027-06-21", "season", "2027-09-22"),
    ("the week of December 9th", "2026-12-07", "week", "2026-12-13"),
    ("first week of January", "2027-01-04", "week", "2027-01-10"),
    ("last week of December", "2026-12-21", "week", "2026-12-27"),
])
def test_periods(text: str, value: str, grain: str, last: str | None) -> None:
    assert read(text) == (value, grain, last)


def test_a_period_looking_back_is_the_most_recent_one() -> None:
    assert read("met them in March", past=True) == ("2026-03-01", "month", "2026-03-31")
    assert read("Q3", past=True) == ("2026-07-01", "quarter", "2026-09-30")


def test_period_tense() -> None:
    found = find_dates("won last month, close next quarter, pipeline this month", WED, TZ)
    assert [m.tense for m in found] == ["past", "future", "today"]
    assert all(m.is_period for m in found)


@pytest.mark.parametrize(("text", "first"), [
    ("this week", "2026-11-23"), ("this month", "2026-11-01"), ("this quarter", "2026-10-01"), ("今年", "2026-01-01"),
    ("next month", "2026-12-01"), ("Q3", "2027-07-01"),
])
def test_a_period_keeps_its_first_day(text: str, first: str) -> None:
    found = find_date(text, WED, TZ)
    assert found is not None and show(found.first) == first
    assert found.value >= WED.date()  # never a day already gone


@pytest.mark.parametrize(("text", "expected"), [
    ("Christmas", "2026-12-25"), ("last Christmas", "2025-12-25"), ("christmas 2027", "2027-12-25"),
    ("New Year's Day", "2027-01-01"), ("valentine's", "2027-02-14"), ("Labour Day", "2027-05-01"),
    ("Labor Day", "2027-09-06"), ("Thanksgiving", "2026-11-26"), ("MLK day", "2027-01-18"),
    ("Memorial Day", "2027-05-31"), ("Mother's Day", "2027-05-09"), ("St Patrick's day", "2027-03-17"),
    ("Easter", "2027-03-28"), ("Good Friday", "2027-03-26"), ("Easter Monday", "2027-03-29"),
    ("orthodox easter 2027", "2027-05-02"), ("Pentecost", "2027-05-16"),
    ("Chinese New Year", "2027-02-06"), ("mid-autumn festival", "2027-09-15"),
    ("元旦", "2027-01-01"), ("国庆", "2027-10-01"), ("劳动节", "2027-05-01"), ("圣诞节", "2026-12-25"),
    ("春节", "2027-02-06"), ("除夕", "2027-02-05"), ("元宵节", "2027-02-20"), ("端午", "2027-06-09"),
    ("中秋", "2027-09-15"), ("清明", "2027-04-05"), ("2027年春节", "2027-02-06"), ("去年中秋", "2025-10-06"),
    ("農曆新年", "2027-02-06"), ("復活節", "2027-03-28"), ("耶穌受難日", "2027-03-26"), ("聖誕", "2026-12-25"),
])
def test_holidays(text: str, expected: str) -> None:
    found = first(text)
    assert found is not None and show(found.value) == expected


def test_computus_matches_published_dates() -> None:
    assert [easter(y) for y in (2024, 2025, 2026)] == [date(2024, 3, 31), date(2025, 4, 20), date(2026, 4, 5)]
    assert [orthodox_easter(y) for y in (2024, 2025, 2026)] == [date(2024, 5, 5), date(2025, 4, 20),
                                                                date(2026, 4, 12)]


def test_the_lunar_calendar_is_imported_only_for_lunar_holidays() -> None:
    code = ("import sys; from datetime import datetime; from zoneinfo import ZoneInfo; "
            "from bot.intents.lexers.dates import find_dates as f; "
            "now = datetime(2026, 11, 25, 10, tzinfo=ZoneInfo('Asia/Shanghai')); "
            "f('call acme at christmas, 下个月见, Q3 budget', now, 'Asia/Shanghai'); "
            "assert 'borax' not in sys.modules; f('春节前签', now, 'Asia/Shanghai'); "
            "assert 'borax' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(("text", "value", "last"), [
    ("3-4pm", "2026-11-25T15:00", "2026-11-25T16:00"),
    ("from 9:30 to 11:00 on Friday", "2026-11-27T09:30", "2026-11-27T11:00"),
    ("Friday from 2 to 3pm", "2026-11-27T14:00", "2026-11-27T15:00"),
    ("between 11 and 1pm", "2026-11-25T11:00", "2026-11-25T13:00"),
    ("between Monday and Wednesday", "2026-11-30", "2026-12-02"),
    ("from Dec 3 to Dec 5", "2026-12-03", "2026-12-05"),
    ("July 13 to 15", "2027-07-13", "2027-07-15"), ("from the 13th to the 15th of July", "2027-07-13", "2027-07-15"),
    ("1-8 september", "2027-09-01", "2027-09-08"), ("7月13日到15日", "2027-07-13", "2027-07-15"),
    ("周一到周三", "2026-11-30", "2026-12-02"), ("下午3点到5点", "2026-11-25T15:00", "2026-11-25T17:00"),
    ("明天下午3点到5点", "2026-11-26T15:00", "2026-11-26T17:00"),
])
def test_ranges_read_their_start_and_keep_their_end(text: str, value: str, last: str) -> None:
    found = first(text)
    assert found is not None and (show(found.value), show(found.last)) == (value, last)
    assert found.is_period


@pytest.mark.parametrize(("text", "tz", "expected"), [
    ("4pm CET", TZ, "2026-11-25T23:00"), ("Friday 9am GMT", TZ, "2026-11-27T17:00"),
    ("3pm PST", TZ, "2026-11-26T07:00"), ("at 10:00 UTC+8", TZ, "2026-11-25T10:00"),
    ("9 am (BST)", TZ, "2026-11-25T16:00"), ("10am CST", TZ, "2026-11-25T10:00"),
    ("10am CST", "America/Chicago", "2026-11-25T10:00"), ("10am CST", "Europe/London", "2026-11-25T16:00"),
    ("北京时间下午3点", "Europe/London", "2026-11-25T07:00"), ("3pm ET tomorrow", TZ, "2026-11-27T04:00"),
    ("15:00 GMT - 18:00 GMT", TZ, "2026-11-25T23:00"),
])
def test_zones_named_in_the_text_convert_to_the_users_zone(text: str, tz: str, expected: str) -> None:
    found = first(text, tz=tz)
    assert found is not None and isinstance(found.value, datetime)
    assert found.value.tzinfo == ZoneInfo(tz) and show(found.value) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("at 1030", "2026-11-25T10:30"), ("around 1030", "2026-11-25T10:30"), ("ten thirty am", "2026-11-25T10:30"),
    ("seven thirty p.m.", "2026-11-25T19:30"), ("at three twenty", "2026-11-25T15:20"), ("3:15p", "2026-11-25T15:15"),
    ("at 3p", "2026-11-25T15:00"), ("half three", "2026-11-25T15:30"), ("9 tomorrow", "2026-11-26T09:00"),
    ("Saturday morning at 9", "2026-11-28T09:00"), ("tomorrow at 150ish", "2026-11-26T13:50"),
    ("下晝三點三", "2026-11-25T15:15"), ("三點踏三", "2026-11-25T15:15"), ("晏晝三點三個字", "2026-11-25T15:15"),
    ("by EOD", "2026-11-25"), ("EOD tomorrow", "2026-11-26"), ("in 2 and a half hours", "2026-11-25T12:30"),
    ("first Monday of next month", "2026-12-07"), ("last Friday of October", "2027-10-29"),
    ("十月第一个星期一", "2027-10-04"), ("last day of February", "2027-02-28"), ("3 Fridays from now", "2026-12-11"),
    ("Monday, Nov 23", "2026-11-23"), ("周一, 十一月二十三号", "2026-11-23"), ("10/31/74", "1974-10-31"),
    ("31-Oct-27", "2027-10-31"), ("this past weekend", "2026-11-21"), ("下個月廿號", "2026-12-20"),
    ("兩秒前", "2026-11-25T09:59"), ("sat", "2026-11-28"),
])
def test_more_day_and_clock_forms(text: str, expected: str) -> None:
    found = first(text)
    assert found is not None and show(found.value) == expected


def test_mandarin_digit_after_dian_is_no_cantonese_minute() -> None:
    text = "两点三个人来开会"
    found = first(text)
    assert found is not None and show(found.value) == "2026-11-25T14:00" and text[found.start:found.end] == "两点"


@pytest.mark.parametrize("text", [
    "we may need 3 more seats", "let's march forward", "Jan from procurement called", "an email from Jan",
    "June said they'd sign", "she'll review w/ her boss", "pages 3 to 5 in the deck", "3-4 people", "50-60 users",
    "about 600 thousand", "at 1500 units", "priced at 1500", "we're at 1200 now", "4a", "A4 A5", "the BOM is final",
    "log 2h-3h on acme", "easter egg in the UI", "she lent us a unit", "the fall in prices", "a new year plan",
    "四季酒店的项目", "两个季度", "一月一次", "提前两天通知", "前三名的销售", "打了五分", "干了10年销售",
    "at 650-650-6500", "the first version", "the last one", "1-2 weeks",
])
def test_not_dates(text: str) -> None:
    assert find_dates(normalize(text), WED, TZ) == []
