"""What a date rule reads out of a match: a `Part` (a day, a period, a time of day or an instant), and the
context a rule resolves against (`Ctx`: the user's local today and clock, and whether to look back)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

Tense = str  # "past" | "today" | "future" | "any"

# How much of the calendar a value stands for: a day, or a whole week/month/quarter/year ("in March" is March,
# read as its first day with `last` its last day), or a time of day.
GRAINS = ("minute", "day", "week", "month", "quarter", "season", "year")


@dataclass(frozen=True)
class Part:
    start: int
    end: int
    day: date | None = None
    clock: time | None = None
    tense: Tense = "any"
    weak: bool = False  # "at 3": a time only when it sits next to a day
    period: bool = False  # 上午/下午 alone: today, unless it qualifies a day next to it (明天下午)
    bare: bool = False  # a clock said without am/pm or a 24-hour form ("at 8"): a day part may say which half
    half: str = ""  # a day part that says which half of the day: "pm" (tonight, this evening), "am" (morning)
    moment: datetime | None = None  # an exact instant ("in half an hour", 半小时后)
    grain: str = "day"  # "week", "month", "quarter", "year" for a period ("next month", Q3, 明年)
    last: date | None = None  # a period's or a day range's last day ("March" → 31 March, "13–15 July" → 15 July)
    end_clock: time | None = None  # a clock range's end ("3-4pm" → 16:00)
    last_moment: datetime | None = None  # a span of hours/minutes: its end ("the next 3 hours")
    first: date | None = None  # a period's first day, even when `day` is today (the period we are in)
    rolling: bool = False  # "the past 2 weeks", 未来三天: so many whole units before or after the current one


@dataclass(frozen=True)
class Ctx:
    today: date
    past: bool
    now: datetime = field(default_factory=lambda: datetime.now(UTC))  # the local clock, timezone-aware
    hant: bool = False  # the text has traditional/Cantonese forms (三點三 is 3:15 in Cantonese)


Resolver = Callable[[re.Match[str], Ctx], Part | None]


def grp(m: re.Match[str], *names: str) -> str:
    """The first of these named groups that took part in the match ("" when none did or none exists)."""
    groups = m.groupdict()
    return next((groups[name] for name in names if groups.get(name)), "") or ""


def period_part(start: int, end: int, first: date, last: date, today: date, grain: str = "day") -> Part:
    """A period or a span of days. Its day is its first day; for the period we are in ("this week", 这个月, 今年,
    Q4 in November) it is today — the part still ahead — so no slot gets a date already gone; `first` and `last`
    keep the whole period."""
    if first <= today <= last:
        return Part(start, end, today, tense="today", grain=grain, last=last, first=first)
    return Part(start, end, first, tense=tense_of(first, last, today), grain=grain, last=last, first=first)


def tense_of(first: date, last: date, today: date) -> Tense:
    """A period that holds today is "any" (neither behind nor ahead); otherwise it is past or future."""
    if last < today:
        return "past"
    if first > today:
        return "future"
    return "any"


# Keyword gates: a rule whose every match contains one of these lower-case substrings is skipped, without running
# its regex, on a message that has none of them (most messages name no month, weekday or holiday).
MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A frozenset gate holds whole words instead (checked against the message's set of words, once).
Gate = tuple[str, ...] | frozenset[str]
GATES: dict[re.Pattern[str], Gate] = {}


def gated(pattern: re.Pattern[str], *keys: Gate) -> re.Pattern[str]:
    """Register the substrings (or, as a frozenset, the words) one of which every match of `pattern` contains,
    in lower case: the rule is skipped on a message without any."""
    GATES[pattern] = keys[0] if len(keys) == 1 else tuple(k for group in keys for k in group)  # shared tuples
    return pattern


def gate_zh(rules: list[tuple[re.Pattern[str], Resolver]], keys: dict[Resolver, tuple[str, ...]]) -> None:
    """Gate the Chinese rules (those with Chinese text and no English word start) of these resolvers."""
    for pattern, resolve in rules:
        if resolve in keys and re.search(r"[\u4e00-\u9fff]", pattern.pattern) and \
                not pattern.pattern.startswith("(?<![A-Za-z0-9])"):
            GATES.setdefault(pattern, keys[resolve])
