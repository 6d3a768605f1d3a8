"""Periods: this week, next month, 下个月, 这周, Q1, in December, 12月, the next 7 days, 最近一周 …

The date lexer (`dates.py`) reads days: "next week" / 下周 alone is the Monday of next week, "this month" and
下个月 are no date at all. A question about a period ("what's closing next month", 这周的任务) needs the whole
range, so this module reads the same words as a **range of local days**, first and last day inclusive, in the
user's timezone and on the same calendar rule (weeks start on Monday; "next week" is the next calendar week):

- week: this week / 这周 / 本周 / 这礼拜 → Monday to Sunday of the current week; next week / 下周 / 下星期 → the next
  calendar week; last week / 上周 → the previous one. 这周五, 下周二, "next week friday" are days, not periods.
- month: this month / 本月 / 这个月 → the 1st to the last day; next month / 下个月 / 下月; last month / 上个月.
  A named month alone ("in December", "closing in jan", 12月, 十二月份) → that month, its next occurrence (the
  current month included); "Dec 15", 12月15日, 12月底 are days (the date lexer's).
- quarter: this/next/last quarter, 本季度 / 下季度 / 上季度; Q1 / 一季度 → the next such quarter (current included).
- year: this year / 今年, next year / 明年 (alone), last year / 去年.
- rolling: "the next 7 days", 未来两周 → today to today + N days; "the past 7 days", "last 30 days", 最近一周,
  近30天, 过去7天 → today − N days to today.

A period that is part of a longer date expression (月底, 这周五, 下个月3号, "end of next month") is not reported:
`find_periods(text, now, tz, days=...)` takes the spans of the dates found in the same text and drops every
period that a date covers or touches on its right. Values never depend on anything but the text, `now` and the
timezone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.intents.lexers.calendar import MONTHS_EN, add_months, end_of_month, week_start
from bot.intents.lexers.hant import fold_hant

Unit = Literal["week", "month", "quarter", "year", "days"]
_F = re.IGNORECASE
_L, _R = r"(?<![A-Za-z])", r"(?![A-Za-z])"


@dataclass(frozen=True)
class PeriodMatch:
    first: date
    last: date  # inclusive
    unit: Unit
    start: int
    end: int

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12}
_EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
               "ten": 10, "fourteen": 14, "thirty": 30, "a": 1}
# A Chinese week or month word followed by a weekday, a day of month or an edge is a day, not a period.
_NOT_AFTER_WEEK = r"(?![一二三四五六日天末1-7]|[\s]?(?:一|二|三|四|五|六|日|天))"
_NOT_AFTER_MONTH = r"(?![\d一二三四五六七八九十]|底|初|中|末|尾|号|號|日|头)"
_WEEK_ZH = r"(?:周|星期|个星期|礼拜|个礼拜|一周|一个星期)"


def _number(word: str) -> int | None:
    word = word.strip().casefold()
    if word.isdigit():
        return int(word)
    if word in _EN_NUMBERS:
        return _EN_NUMBERS[word]
    return _ZH_DIGITS.get(word)


def _week(today: date, weeks: int) -> tuple[date, date, Unit]:
    monday = week_start(today) + timedelta(weeks=weeks)
    return monday, monday + timedelta(days=6), "week"


def _month(today: date, months: int) -> tuple[date, date, Unit]:
    first = add_months(today.replace(day=1), months)
    return first, end_of_month(first), "month"


def _named_month(today: date, month: int) -> tuple[date, date, Unit] | None:
    if not 1 <= month <= 12:
        return None
    year = today.year if month >= today.month else today.year + 1
    first = date(year, month, 1)
    return first, end_of_month(first), "month"


def _quarter(today: date, quarters: int) -> tuple[date, date, Unit]:
    first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    first = add_months(first, 3 * quarters)
    return first, end_of_month(add_months(first, 2)), "quarter"


def _named_quarter(today: date, number: int, year: int | None = None) -> tuple[date, date, Unit] | None:
    if not 1 <= number <= 4:
        return None
    first_month = 3 * (number - 1) + 1
    if year is None:
        year = today.year if first_month + 2 >= today.month else today.year + 1
    first = date(year, first_month, 1)
    return first, end_of_month(add_months(first, 2)), "quarter"


def _year(today: date, years: int) -> tuple[date, date, Unit]:
    return date(today.year + years, 1, 1), date(today.year + years, 12, 31), "year"


def _ahead(today: date, days: int) -> tuple[date, date, Unit] | None:
    return (today, today + timedelta(days=days), "days") if 0 < days <= 366 else None


def _back(today: date, days: int) -> tuple[date, date, Unit] | None:
    return (today - timedelta(days=days), today, "days") if 0 < days <= 366 else None


Reading = Callable[[re.Match[str], date], "tuple[date, date, Unit] | None"]
_MONTH_WORDS = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
_COUNT_EN = r"(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|thirty|a)"
_COUNT_ZH = r"(?P<n>\d{1,3}|十[一二]?|[一二两三四五六七八九十])"

_RULES: tuple[tuple[re.Pattern[str], Reading], ...] = (
    # rolling windows first: "the next 7 days", "past 2 weeks", 未来两周, 最近30天
    (re.compile(rf"{_L}(?:the\s+)?(?:next|coming|upcoming)\s+{_COUNT_EN}\s+(?P<u>days?|weeks?|wks?){_R}", _F),
     lambda m, t: _ahead(t, (_number(m["n"]) or 0) * (7 if m["u"].lower().startswith("w") else 1))),
    (re.compile(rf"{_L}(?:the\s+)?(?:past|last|previous)\s+{_COUNT_EN}\s+(?P<u>days?|weeks?|wks?){_R}", _F),
     lambda m, t: _back(t, (_number(m["n"]) or 0) * (7 if m["u"].lower().startswith("w") else 1))),
    (re.compile(rf"(?:未来|接下来的?){_COUNT_ZH}\s?(?P<u>天|日|周|个星期|星期|个礼拜)"),
     lambda m, t: _ahead(t, (_number(m["n"]) or 0) * (1 if m["u"] in "天日" else 7))),
    (re.compile(rf"(?:最近|近|过去的?|前){_COUNT_ZH}\s?(?P<u>天|日|周|个星期|星期|个礼拜)"),
     lambda m, t: _back(t, (_number(m["n"]) or 0) * (1 if m["u"] in "天日" else 7))),
    # weeks
    (re.compile(rf"{_L}(?:this|the current|current)\s+(?:week|wk){_R}", _F), lambda m, t: _week(t, 0)),
    (re.compile(rf"{_L}(?:next|nxt|the coming|coming)\s+(?:week|wk){_R}(?!\s*(?:mon|tue|wed|thu|fri|sat|sun))", _F),
     lambda m, t: _week(t, 1)),
    (re.compile(rf"{_L}(?:last|previous|prev)\s+(?:week|wk){_R}(?!\s*(?:mon|tue|wed|thu|fri|sat|sun))", _F),
     lambda m, t: _week(t, -1)),
    (re.compile(rf"(?:这|本|这个|这一){_WEEK_ZH}{_NOT_AFTER_WEEK}|这礼拜{_NOT_AFTER_WEEK}"), lambda m, t: _week(t, 0)),
    (re.compile(rf"下(?:一|个)?{_WEEK_ZH}{_NOT_AFTER_WEEK}"), lambda m, t: _week(t, 1)),
    (re.compile(rf"上(?:一|个)?{_WEEK_ZH}{_NOT_AFTER_WEEK}"), lambda m, t: _week(t, -1)),
    # months
    (re.compile(rf"{_L}(?:this|the current|current)\s+(?:month|mo|mth){_R}|{_L}mtd{_R}", _F),
     lambda m, t: _month(t, 0)),
    (re.compile(rf"{_L}(?:next|nxt|the coming|coming)\s+(?:month|mo|mth){_R}", _F), lambda m, t: _month(t, 1)),
    (re.compile(rf"{_L}(?:last|previous|prev)\s+(?:month|mo|mth){_R}", _F), lambda m, t: _month(t, -1)),
    (re.compile(rf"(?:这个月|本月|这月|当月|本月份){_NOT_AFTER_MONTH}"), lambda m, t: _month(t, 0)),
    (re.compile(rf"(?:下个月|下月|下一个月){_NOT_AFTER_MONTH}"), lambda m, t: _month(t, 1)),
    (re.compile(rf"(?:上个月|上月|上一个月){_NOT_AFTER_MONTH}"), lambda m, t: _month(t, -1)),
    # quarters
    (re.compile(rf"{_L}(?:this|the current|current)\s+(?:quarter|qtr){_R}|{_L}qtd{_R}", _F),
     lambda m, t: _quarter(t, 0)),
    (re.compile(rf"{_L}next\s+(?:quarter|qtr){_R}", _F), lambda m, t: _quarter(t, 1)),
    (re.compile(rf"{_L}(?:last|previous)\s+(?:quarter|qtr){_R}", _F), lambda m, t: _quarter(t, -1)),
    (re.compile(r"(?:本季度|这个季度|这季度|本季)"), lambda m, t: _quarter(t, 0)),
    (re.compile(r"(?:下季度|下个季度|下一季度)"), lambda m, t: _quarter(t, 1)),
    (re.compile(r"(?:上季度|上个季度|上一季度)"), lambda m, t: _quarter(t, -1)),
    (re.compile(rf"{_L}q(?P<q>[1-4])(?:\s*(?:20)?(?P<y>\d\d))?(?![\w])", _F),
     lambda m, t: _named_quarter(t, int(m["q"]), 2000 + int(m["y"]) if m["y"] else None)),
    (re.compile(r"(?:第)?(?P<q>[一二三四1-4])季度"), lambda m, t: _named_quarter(t, _number(m["q"]) or 0)),
    # years
    (re.compile(rf"{_L}(?:this|the current|current)\s+year{_R}|{_L}ytd{_R}", _F), lambda m, t: _year(t, 0)),
    (re.compile(rf"{_L}next\s+year{_R}", _F), lambda m, t: _year(t, 1)),
    (re.compile(rf"{_L}last\s+year{_R}", _F), lambda m, t: _year(t, -1)),
    (re.compile(r"(?:今年|本年度|本年)(?![\d一二三四五六七八九十]|底|初|中|末)"), lambda m, t: _year(t, 0)),
    (re.compile(r"明年(?![\d一二三四五六七八九十]|底|初|中|末)"), lambda m, t: _year(t, 1)),
    (re.compile(r"去年(?![\d一二三四五六七八九十]|底|初|中|末)"), lambda m, t: _year(t, -1)),
    # a named month alone: "in December", "closing in jan", 12月, 十二月份 (not 12月15日, 12月底)
    (re.compile(rf"(?:{_L}(?:in|during|for|by|until|till|thru|through|closing|close|closes|won|lost|signed|"
                rf"of)\s+)(?P<m>{_MONTH_WORDS})\.?{_R}(?!\s*\d)", _F),
     lambda m, t: _named_month(t, MONTHS_EN[m["m"].lower().rstrip(".")])),
    (re.compile(rf"(?<![\d一二三四五六七八九十年])(?:(?P<d>1[0-2]|0?[1-9])\s?月份?|(?P<z>十[一二]|十|[一二三四五六七八九])月份|"
                rf"(?P<zz>十[一二])月){_NOT_AFTER_MONTH}"),
     lambda m, t: _named_month(t, int(m["d"]) if m["d"] else (_number(m["z"] or m["zz"]) or 0))),
)


# Every rule needs one of these words: most messages are ruled out by one scan.
_ANY = re.compile(rf"week|wk|month|mo{_R}|mth|quarter|qtr|q[1-4]|year|[mqy]td|day|{_MONTH_WORDS}|"
                  r"周|週|星期|礼拜|禮拜|月|季|年|天|日", _F)


def find_periods(text: str, now: datetime, tz: str, *, days: Sequence[tuple[int, int]] = ()) -> list[PeriodMatch]:
    """Every period in the text, in order, without overlaps; `days` are the spans of dates read from the same
    text (a period inside or right before one of them is part of that day: 下个月3号, "end of next month")."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if _ANY.search(text) is None:
        return []
    today = now.astimezone(ZoneInfo(tz)).date()
    folded = fold_hant(text)
    found: list[PeriodMatch] = []
    for pattern, read in _RULES:
        for match in pattern.finditer(folded):
            start, end = match.span()
            if any(start < e and s < end for s, e in [(p.start, p.end) for p in found]):
                continue
            if any(_part_of_day(start, end, s, e) for s, e in days):
                continue
            value = read(match, today)
            if value is not None:
                found.append(PeriodMatch(value[0], value[1], value[2], start, end))
    return sorted(found, key=lambda p: p.start)


def find_period(text: str, now: datetime, tz: str, *, days: Sequence[tuple[int, int]] = ()) -> PeriodMatch | None:
    periods = find_periods(text, now, tz, days=days)
    return periods[0] if periods else None


def _part_of_day(start: int, end: int, day_start: int, day_end: int) -> bool:
    """A day expression that covers more than the period word ("end of next month", 下周五) owns it; the
    same span ("next week" read as its Monday) does not."""
    if (day_start, day_end) == (start, end):
        return False
    return day_start <= start < day_end or day_start < end <= day_end
