"""Date classes in both directions: what is read (and as what), what is not a date, zones and DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.intents.lexers.dates import find_date, find_dates
from bot.intents.lexers.normalize import normalize

TZ = "Asia/Shanghai"
WED = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo(TZ))  # Wednesday


def read(text: str, now: datetime = WED, tz: str = TZ, *, past: bool = False) -> str | None:
    found = find_date(normalize(text), now, tz, past=past)
    if found is None:
        return None
    value = found.value
    return value.strftime("%Y-%m-%dT%H:%M") if isinstance(value, datetime) else value.isoformat()


@pytest.mark.parametrize(("text", "expected"), [
    ("in half an hour", "2026-11-25T10:30"), ("in 2 wks", "2026-12-09"), ("a week hence", "2026-12-02"),
    ("in an hour and a half", "2026-11-25T11:30"), ("10 days from now", "2026-12-05"), ("in a fortnight", "2026-12-09"),
    ("3 hours ago", "2026-11-25T07:00"), ("within 3 business days", "2026-11-30"), ("in 1.5 hours", "2026-11-25T11:30"),
    ("半小时后", "2026-11-25T10:30"), ("一个半小时后", "2026-11-25T11:30"), ("半個鐘後", "2026-11-25T10:30"),
    ("半个月后", "2026-12-10"), ("一年后", "2027-11-25"), ("兩日前", "2026-11-23"),
])
def test_offsets(text: str, expected: str) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("a quarter past 4pm", "2026-11-25T16:15"), ("quarter to 5pm", "2026-11-25T16:45"),
    ("half past 3", "2026-11-25T15:30"),
    ("at midnight", "2026-11-26T00:00"), ("tonight at 8", "2026-11-25T20:00"), ("8 tonight", "2026-11-25T20:00"),
    ("15h00", "2026-11-25T15:00"), ("at 16h", "2026-11-25T16:00"), ("at 7 in the evening", "2026-11-25T19:00"),
    ("tomorrow morning at 5", "2026-11-26T05:00"), ("tomorrow evening at 7", "2026-11-26T19:00"),
    ("at three pm", "2026-11-25T15:00"), ("330pm", "2026-11-25T15:30"), ("差一刻五点", "2026-11-25T16:45"),
    ("午夜", "2026-11-26T00:00"), ("明天中午", "2026-11-26T12:00"), ("聽日下午三點", "2026-11-26T15:00"),
    ("下晝三點", "2026-11-25T15:00"), ("朝早九點", "2026-11-26T09:00"),
])
def test_clock_forms(text: str, expected: str) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("the first of march", "2027-03-01"), ("20th of next month", "2026-12-20"), ("march first", "2027-03-01"),
    ("the 15th of this month", "2026-11-15"), ("on the fifteenth", "2026-12-15"), ("Friday, Dec 4", "2026-12-04"),
    ("Tuesday the 1st", "2026-12-01"), ("下个月3号", "2026-12-03"), ("下個月十五號", "2026-12-15"),
    ("上个月10号", "2026-10-10"),
])
def test_days_of_month(text: str, expected: str) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2027年3月3号", "2027-03-03"), ("二〇二七年三月三日", "2027-03-03"), ("明年3月3号", "2027-03-03"),
    ("27年5月1号", "2027-05-01"), ("出年3月3號", "2027-03-03"), ("march 3 2027", "2027-03-03"),
    ("3 March 2027", "2027-03-03"), ("2026年12月1号", "2026-12-01"),
])
def test_explicit_years_are_kept(text: str, expected: str) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("明年3月底", "2027-03-31"), ("end of feb", "2027-02-28"), ("3月底", "2027-03-31"), ("月尾", "2026-11-30"),
    ("下個月尾", "2026-12-31"), ("beginning of next month", "2026-12-01"), ("mid-december", "2026-12-15"),
    ("下月初", "2026-12-01"), ("12月中旬", "2026-12-15"), ("end of march 2027", "2027-03-31"),
])
def test_month_ends_and_starts(text: str, expected: str) -> None:
    assert read(text) == expected


def test_february_end_in_a_leap_year() -> None:
    assert read("end of feb", now=datetime(2027, 12, 1, 9, tzinfo=ZoneInfo(TZ))) == "2028-02-29"
    assert read("2月底", now=datetime(2027, 12, 1, 9, tzinfo=ZoneInfo(TZ))) == "2028-02-29"


@pytest.mark.parametrize(("text", "expected"), [
    ("聽日", "2026-11-26"), ("尋日", "2026-11-24"), ("琴日", "2026-11-24"), ("後天", "2026-11-27"),
    ("大後日", "2026-11-28"), ("禮拜二", "2026-12-01"), ("下個禮拜三", "2026-12-02"), ("上個禮拜五", "2026-11-20"),
    ("呢個禮拜五", "2026-11-27"), ("週五", "2026-11-27"), ("下週一", "2026-11-30"), ("三日後", "2026-11-28"),
    ("年尾", "2026-12-31"), ("聖誕節", "2026-12-25"),
])
def test_traditional_and_cantonese(text: str, expected: str) -> None:
    assert read(text) == expected


def test_traditional_spans_are_the_typed_text() -> None:
    text = "聽日下午三點見王總"
    found = find_date(text, WED, TZ)
    assert found is not None and text[found.start:found.end] == "聽日下午三點"


@pytest.mark.parametrize("text", [
    "sat down with acme", "Sun Microsystems", "24/7 support", "call 13812345678", "phase 2 rollout", "50 seats",
    "may we send it", "we may first check with legal", "a second opinion", "the 2nd milestone", "the 3rd floor",
    "log 2h on acme", "worked 8h today on docs", "at three sites", "3 a day", "一月一次", "两点建议", "第三点",
    "兩點建議", "快一点", "一點點", "三号楼", "万科", "march forward", "twice a week", "2 days on site",
])
def test_not_dates(text: str) -> None:
    found = find_dates(normalize(text), WED, TZ)
    assert [m for m in found if normalize(text)[m.start:m.end] not in ("today",)] == [], found


def test_tense_is_kept_for_past_and_future() -> None:
    found = find_dates("due yesterday, follow up in 2 wks", WED, TZ)
    assert [m.tense for m in found] == ["past", "future"]
    offset = find_date("3 hours ago", WED, TZ)
    assert offset is not None and offset.tense == "past"


@pytest.mark.parametrize(("tz", "expected"), [
    ("Asia/Shanghai", "2026-11-25T10:30"), ("America/New_York", "2026-11-24T21:30"), ("UTC", "2026-11-25T02:30"),
    ("Asia/Kolkata", "2026-11-25T08:00"),
])
def test_offsets_are_in_the_users_zone(tz: str, expected: str) -> None:
    found = find_date("in half an hour", WED, tz)
    assert found is not None and isinstance(found.value, datetime)
    assert found.value.tzinfo == ZoneInfo(tz)
    assert found.value.strftime("%Y-%m-%dT%H:%M") == expected
    assert found.value.astimezone(UTC) - WED.astimezone(UTC) == timedelta(minutes=30)


def test_an_hour_offset_across_the_spring_dst_change_is_elapsed_time() -> None:
    # New York springs forward at 02:00 on 8 March 2026: 01:30 EST + 2 hours is 04:30 EDT.
    now = datetime(2026, 3, 8, 1, 30, tzinfo=ZoneInfo("America/New_York"))
    found = find_date("in 2 hours", now, "America/New_York")
    assert found is not None and isinstance(found.value, datetime)
    assert found.value.strftime("%H:%M") == "04:30"
    assert found.value.astimezone(UTC) - now.astimezone(UTC) == timedelta(hours=2)


def test_tonight_at_8_keeps_the_wall_clock_across_the_autumn_dst_change() -> None:
    # Berlin falls back on 25 October 2026 at 03:00; "tonight at 8" is 20:00 local that day.
    now = datetime(2026, 10, 25, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    found = find_date("tonight at 8", now, "Europe/Berlin")
    assert found is not None and isinstance(found.value, datetime)
    assert found.value.strftime("%Y-%m-%dT%H:%M%z") == "2026-10-25T20:00+0100"
