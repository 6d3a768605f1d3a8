"""Dates and times relative to the user's clock and timezone: today, tmr 3pm, Friday next week, Dec 15,
in 3 days, end of month, 明天下午三点, 下周二, 月底, 12月15号, 三天后 …

The resolution rule (documented in docs/intents.md, shown back on the proposal card) lives in calendar.py.
Values are `date`, or timezone-aware `datetime` in the user's zone when a time of day was given.

dateparser is not used on this path: it costs milliseconds per call (the parser's whole budget is well
under one), reads "next Friday" differently from our documented rule, and misses colloquial Chinese
(下周二, 后天, 月底). Our own patterns cover the forms in the contract and are tested across zones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.intents.lexers.date_rules import RULES, SCRIPTS, Ctx, Part
from bot.intents.lexers.hant import fold_hant

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_JOIN = re.compile(r"^[\s,]*(?:at|@|on|by|的|,)?[\s,]*$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMatch:
    value: date | datetime
    start: int
    end: int
    # "past" (yesterday, 上周三), "today", "future" (tomorrow, next week, 月底) or "any" (a weekday, Dec 15):
    # log_interaction uses it to tell when something happened from when to follow up.
    tense: str = "any"

    @property
    def has_time(self) -> bool:
        return isinstance(self.value, datetime)


def find_dates(text: str, now: datetime, tz: str, *, past: bool = False) -> list[DateMatch]:
    """Every date or date-time expression in the text, in order, without overlaps."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    ctx = Ctx(local.date(), past, local)
    parts = _best_parts(text, ctx)
    parts = [p for p in parts if not (p.period and _next_to_day(p, parts, text))]
    days = [p for p in parts if p.day is not None and p.clock is None]
    times = [p for p in parts if p.clock is not None]
    used: set[int] = set()
    out: list[DateMatch] = []
    for day_part in days:
        partner = _adjacent_time(text, day_part, times, used)
        assert day_part.day is not None
        if partner is None:
            out.append(DateMatch(day_part.day, day_part.start, day_part.end, day_part.tense))
            continue
        used.add(id(partner))
        assert partner.clock is not None
        value = datetime.combine(day_part.day, _in_half(partner, day_part.half), tzinfo=zone)
        out.append(DateMatch(value, min(day_part.start, partner.start), max(day_part.end, partner.end),
                             day_part.tense))
    for part in times:
        if id(part) in used or part.weak or part.clock is None:
            continue
        if part.moment is not None:
            out.append(DateMatch(part.moment, part.start, part.end, part.tense))
            continue
        if part.day is not None:
            tense = "today" if part.day == ctx.today else ("past" if part.day < ctx.today else "future")
            out.append(DateMatch(datetime.combine(part.day, part.clock, tzinfo=zone), part.start, part.end, tense))
            continue
        # A time alone is today's, or tomorrow's once it has passed (looking back: today's).
        day = ctx.today
        if not past and part.clock < local.time().replace(second=0, microsecond=0):
            day += timedelta(days=1)
        out.append(DateMatch(datetime.combine(day, part.clock, tzinfo=zone), part.start, part.end,
                             "today" if day == ctx.today else "future"))
    out.sort(key=lambda m: m.start)
    return out


def find_date(text: str, now: datetime, tz: str, *, past: bool = False) -> DateMatch | None:
    """The first date expression in the text; `past=True` reads "Friday"/"Dec 15" as the most recent one."""
    matches = find_dates(text, now, tz, past=past)
    return matches[0] if matches else None


def at_local(day: date, clock: time, tz: str) -> datetime:
    return datetime.combine(day, clock, tzinfo=ZoneInfo(tz))


def _in_half(clock_part: Part, half: str) -> time:
    """"tonight at 8" is 20:00 and "tomorrow morning at 5" 05:00: the day part says which half a bare hour is in."""
    assert clock_part.clock is not None
    clock = clock_part.clock
    if not clock_part.bare or not half:
        return clock
    if half == "pm" and clock.hour < 12:
        return clock.replace(hour=clock.hour + 12)
    if half == "am" and 12 < clock.hour <= 18:
        return clock.replace(hour=clock.hour - 12)
    return clock


def _best_parts(text: str, ctx: Ctx) -> list[Part]:
    candidates: list[Part] = []
    has_zh = _CJK.search(text) is not None
    has_en = _LATIN.search(text) is not None
    # Traditional characters and Cantonese words read as their simplified forms; offsets are unchanged.
    zh_text = fold_hant(text) if has_zh else text
    for (pattern, resolve), script in zip(RULES, SCRIPTS, strict=True):
        if (script == "zh" and not has_zh) or (script == "en" and not has_en):
            continue
        for match in pattern.finditer(zh_text if script != "en" else text):
            if match.end() == match.start():
                continue
            part = resolve(match, ctx)
            if part is not None and (part.day is not None or part.clock is not None):
                candidates.append(part)
    # Longest expression wins an overlap ("Friday next week" over "Friday", "12月15号" over "15号").
    candidates.sort(key=lambda p: (-(p.end - p.start), p.start))
    chosen: list[Part] = []
    for part in candidates:
        if all(part.end <= other.start or part.start >= other.end for other in chosen):
            chosen.append(part)
    chosen.sort(key=lambda p: p.start)
    return chosen


def _next_to_day(period: Part, parts: list[Part], text: str) -> bool:
    """下午 in 明天下午 qualifies 明天; alone it means this afternoon."""
    for other in parts:
        if other is period or other.day is None:
            continue
        gap = text[other.end: period.start] if other.end <= period.start else text[period.end: other.start]
        if len(gap.strip()) == 0 and len(gap) <= 1:
            return True
    return False


def _adjacent_time(text: str, day_part: Part, times: list[Part], used: set[int]) -> Part | None:
    for part in times:
        if id(part) in used or part.day is not None:
            continue
        if part.start >= day_part.end:
            gap = text[day_part.end: part.start]
        elif part.end <= day_part.start:
            gap = text[part.end: day_part.start]
        else:
            continue
        if len(gap) <= 4 and _JOIN.match(gap):
            return part
    return None
