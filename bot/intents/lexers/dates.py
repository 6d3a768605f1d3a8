"""Dates and times relative to the user's clock and timezone: today, tmr 3pm, Friday next week, Dec 15,
in 3 days, end of month, 明天下午三点, 下周二, 月底, 12月15号, 三天后 …

The resolution rule (documented in docs/intents.md, shown back on the proposal card) lives in calendar.py.
Values are `date`, or timezone-aware `datetime` in the user's zone when a time of day was given.

No date library is used: measured on our expression set (bench/lexer_eval.py, docs/intents.md) dateparser,
Duckling and jionlp each read fewer expressions than these rules and cost 4–14× more per call. Traditional and
Cantonese forms (聽日, 禮拜二, 下晝三點) are folded to simplified ones first (hant.py), keeping offsets.
`find_unread_dates` reports date-like text that no date was read from (Feb 30, 2月30号, 13/45).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from bot.intents.lexers import zones
from bot.intents.lexers.calendar import MONTHS_EN, WEEKDAYS_EN
from bot.intents.lexers.date_rules import KEYS, RULES, SCRIPTS
from bot.intents.lexers.hant import fold_hant
from bot.intents.lexers.parts import Ctx, Part
from bot.intents.lexers.prefilter import GateSet

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[a-z0-9'\-]+")
_JOIN = re.compile(r"^[\s,]*(?:at|@|on|by|for|的|,)?[\s,]*$", re.IGNORECASE)
# "Saturday morning at 9", "tomorrow evening at 8": a part of the day between the day and the clock.
_JOIN_PART = re.compile(r"^[\s,]*(?:in the )?(?P<half>morning|afternoon|evening|night)[\s,]*(?:at|@|around)?\s*$",
                        re.IGNORECASE)
# "3pm ET tomorrow": a zone between the clock and the day.
_JOIN_ZONE = re.compile(rf"^\s?\(?(?:{zones.ABBR})\)?[\s,]*(?:on)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMatch:
    value: date | datetime
    start: int
    end: int
    # "past" (yesterday, 上周三), "today", "future" (tomorrow, next week, 月底) or "any" (a weekday, Dec 15):
    # log_interaction uses it to tell when something happened from when to follow up.
    tense: str = "any"
    # How much of the calendar the expression names: "day" (a date), "minute" (a date-time), or a whole "week",
    # "month", "quarter", "season", "year" ("next month", Q3, 明年): then `value` is the period's first day — today
    # for the period we are in ("this week", 今年) — and `last` its last day, so a deadline slot (close date, due
    # by) can take `last` and a reminder `value`; `first` is the period's first day in every case.
    grain: str = "day"
    # The last day of a period or of a day range ("13–15 July" → 15 July), or the end of a time range
    # ("3-5pm" → 17:00); None for a single day or instant.
    last: date | datetime | None = None
    # A period's first day ("this week" → its Monday), also when `value` is today because we are in it.
    first: date | None = None
    # A rolling span ("the past 2 weeks", 最近三天): whole units before or after the current one.
    rolling: bool = False

    @property
    def has_time(self) -> bool:
        return isinstance(self.value, datetime)

    @property
    def is_period(self) -> bool:
        """A span rather than one day or instant: a week, month, quarter, year, or a range ("from 3 to 5pm")."""
        return self.last is not None


def find_dates(text: str, now: datetime, tz: str, *, past: bool = False) -> list[DateMatch]:
    """Every date or date-time expression in the text, in order, without overlaps."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return list(_find_dates(text, now, tz, past))


# A parse asks several times about one text (features, unread dates, slot fillers looking back): read it once.
@lru_cache(maxsize=256)
def _find_dates(text: str, now: datetime, tz: str, past: bool) -> tuple[DateMatch, ...]:
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    has_zh = _CJK.search(text) is not None
    zh_text = fold_hant(text) if has_zh else text
    ctx = Ctx(local.date(), past, local, hant=zh_text != text)
    parts = _best_parts(text, zh_text, has_zh, ctx)
    parts = [p for p in parts if not (p.period and _next_to_day(p, parts, text))]
    days = [p for p in parts if p.day is not None and p.clock is None]
    times = [p for p in parts if p.clock is not None]
    used: set[int] = set()
    clocks_alone: set[int] = set()
    out: list[DateMatch] = []
    for day_part in days:
        partner = _adjacent_time(text, day_part, times, used) if day_part.grain == "day" else None
        assert day_part.day is not None
        if partner is None:
            out.append(DateMatch(day_part.day, day_part.start, day_part.end, day_part.tense, day_part.grain,
                                 day_part.last, day_part.first, day_part.rolling))
            continue
        used.add(id(partner))
        assert partner.clock is not None
        said = _JOIN_PART.match(text[day_part.end: partner.start]) if partner.start >= day_part.end else None
        half = day_part.half or ("am" if said and said.group("half").lower() == "morning" else ("pm" if said else ""))
        value = datetime.combine(day_part.day, _in_half(partner, half), tzinfo=zone)
        out.append(DateMatch(value, min(day_part.start, partner.start), max(day_part.end, partner.end),
                             day_part.tense, "minute", _end_of(partner, day_part.day, zone, half)))
    for part in times:
        if id(part) in used or part.weak or part.clock is None:
            continue
        if part.moment is not None:
            out.append(DateMatch(part.moment, part.start, part.end, part.tense, "minute", part.last_moment))
            continue
        if part.day is not None:
            tense = "today" if part.day == ctx.today else ("past" if part.day < ctx.today else "future")
            out.append(DateMatch(datetime.combine(part.day, part.clock, tzinfo=zone), part.start, part.end, tense,
                                 "minute", _end_of(part, part.day, zone)))
            continue
        # A time alone is today's, or tomorrow's once it has passed (looking back: today's).
        day = ctx.today
        if not past and part.clock < local.time().replace(second=0, microsecond=0):
            day += timedelta(days=1)
        alone = DateMatch(datetime.combine(day, part.clock, tzinfo=zone), part.start, part.end,
                          "today" if day == ctx.today else "future", "minute", _end_of(part, day, zone))
        clocks_alone.add(id(alone))
        out.append(alone)
    out.sort(key=lambda m: m.start)
    out = _in_named_zones(text, zh_text, out, tz, zone, now, clocks_alone)
    return tuple(_join_ranges(text, out))


def _end_of(part: Part, day: date, zone: ZoneInfo, half: str = "") -> datetime | None:
    """The end of a clock range on that day ("3-4pm" → 16:00), or None."""
    if part.end_clock is None:
        return None
    end = part.end_clock
    if part.bare and half == "pm" and end.hour < 12:
        end = end.replace(hour=end.hour + 12)
    return datetime.combine(day, end, tzinfo=zone)


def _in_named_zones(text: str, zh_text: str, found: list[DateMatch], tz: str, zone: ZoneInfo, now: datetime,
                    clocks_alone: set[int]) -> list[DateMatch]:
    """"4pm CET", "Thursday 8:00 GMT", 北京时间下午3点: the clock is in the named zone; the value is converted.
    A clock alone is the next such time in that zone ("9 am BST" at 10:00 in Shanghai is still today)."""
    out: list[DateMatch] = []
    for match in found:
        if not match.has_time:
            out.append(match)
            continue
        start, end = match.start, match.end
        said = zones.WITHIN.search(text, match.start, match.end) or zones.AFTER.match(text, match.end)
        before = zones.BEFORE.search(zh_text, max(0, match.start - 8), match.start)  # 東京時間 folded
        named = None
        if said is not None:
            named = zones.zone_named(said.group("z"), said.group("off"), tz)
            end = max(end, said.end())
        elif before is not None:
            named = zones.zone_named(before.group("z"), None, tz)
            start = before.start()
        if named is None:
            out.append(match)
            continue
        assert isinstance(match.value, datetime)
        value = match.value
        if id(match) in clocks_alone:
            there = now.astimezone(named)
            value = value.replace(year=there.year, month=there.month, day=there.day)
            if value.replace(tzinfo=None) < there.replace(tzinfo=None, second=0, microsecond=0):
                value += timedelta(days=1)
        converted = zones.convert(value, named, zone)
        last = zones.convert(match.last, named, zone) if isinstance(match.last, datetime) else match.last
        tense = match.tense if id(match) not in clocks_alone else (
            "today" if converted.date() == now.astimezone(zone).date() else "future")
        out.append(replace(match, value=converted, last=last, start=start, end=end, tense=tense))
    return out


_RANGE_GAP = re.compile(r"^\s?(?:-|–|—|~|～|to|till|til|until|untill|through|thru|and|到|至)\s?$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:\b(?:from|between)\s|从|在)$", re.IGNORECASE)


def _join_ranges(text: str, found: list[DateMatch]) -> list[DateMatch]:
    """"from Monday to Wednesday", "between Dec 3 and Dec 5", "3pm - 5pm", 周一到周三: one match, valued at its
    start, with `last` its end. "and" joins only after "between"; an end before the start moves a week on
    ("Friday to Monday")."""
    out: list[DateMatch] = []
    i = 0
    while i < len(found):
        first = found[i]
        if i + 1 < len(found) and first.last is None and found[i + 1].grain == first.grain:
            second = found[i + 1]
            gap = text[first.end: second.start]
            opener = _RANGE_OPEN.search(text, max(0, first.start - 9), first.start)
            if _RANGE_GAP.match(gap) and (opener is not None or gap.strip().lower() != "and"):
                end_value: date | datetime = second.value
                if type(end_value) is type(first.value) and end_value < first.value:
                    end_value = end_value + timedelta(days=7)
                if type(end_value) is type(first.value) and first.value <= end_value < (
                        first.value + timedelta(days=400)):
                    start = opener.start() if opener is not None else first.start
                    out.append(replace(first, start=start, end=second.end, last=second.last or end_value))
                    i += 2
                    continue
        out.append(first)
        i += 1
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


@cache
def _gate_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    """Any of a rule's key words, as one search (one pass in C instead of one `in` per key)."""
    return re.compile("|".join(re.escape(key) for key in sorted(keys, key=len, reverse=True)))


@cache
def _gates() -> GateSet:
    """What every match of each rule contains (prefilter.py): a rule is not run on a text that lacks it. Built on
    the first message (reading the rules' syntax trees takes a moment), not at import."""
    return GateSet(pattern for pattern, _ in RULES)


def _best_parts(text: str, zh_text: str, has_zh: bool, ctx: Ctx) -> list[Part]:
    """Traditional characters and Cantonese words read as their simplified forms (`zh_text`); offsets unchanged."""
    candidates: list[Part] = []
    has_en = _LATIN.search(text) is not None
    lower = text.lower()
    words: set[str] | None = None
    gates: dict[int, bool] = {}  # rules share key tuples (the month names, the weekdays): check each once
    needs = _gates()
    can_match = needs.open(text)
    zh_can_match = can_match if zh_text == text else needs.open(zh_text)
    for (pattern, resolve), script, keys, en_open, zh_open in zip(RULES, SCRIPTS, KEYS, can_match, zh_can_match,
                                                                  strict=True):
        if (script == "zh" and not has_zh) or (script == "en" and not has_en):
            continue
        if not (en_open if script == "en" else zh_open):
            continue
        if keys:
            present = gates.get(id(keys))
            if present is None:
                if isinstance(keys, frozenset):
                    words = set(_WORD.findall(lower)) if words is None else words
                    present = not keys.isdisjoint(words)
                else:
                    present = _gate_pattern(keys).search(lower) is not None
                gates[id(keys)] = present
            if not present:
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
        if len(gap) <= 5 and _JOIN.match(gap):
            return part
        if (part.start >= day_part.end and _JOIN_PART.match(gap)) or (part.end <= day_part.start and
                                                                        _JOIN_ZONE.match(gap)):
            return part
    return None


# ---- dates we could not read ---------------------------------------------------------------------------

@dataclass(frozen=True)
class UnreadDate:
    """A date-like expression that no date was read from ("Feb 30", "13/45", 2月30号, 上上上周八): the conversation
    should ask about it rather than drop it."""

    start: int
    end: int
    text: str


_MONTHS = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
_WEEKDAY_WORDS = "|".join(sorted(WEEKDAYS_EN, key=len, reverse=True))
_UNREAD_PATTERNS: list[re.Pattern[str]] = [
    # A month name with a day number: "Feb 30", "30 february", "on the 35th of may".
    re.compile(rf"(?<![A-Za-z0-9])(?:{_MONTHS})\.? ?\d{{1,2}}(?:st|nd|rd|th)?(?![\d:.,/])(?![A-Za-z])", re.I),
    re.compile(rf"(?<![A-Za-z0-9])(?:the )?\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{_MONTHS})(?![A-Za-z])", re.I),
    # An ordinal day after a date preposition: "on the 32nd", "by the 35th".
    re.compile(r"(?<![A-Za-z])(?:on|by|before|until|till|due) the \d{1,2}(?:st|nd|rd|th)(?![A-Za-z0-9])", re.I),
    re.compile(r"(?<![A-Za-z])the (?:3[2-9]|[4-9]\d)(?:st|nd|rd|th)(?![A-Za-z0-9])"
               r"(?!\s+(?!(?:of|at|by|or|and|to|in|on|for|then|pls|please)\b)[a-z])", re.I),
    # Slashed day and month, ISO dates: "13/45", "2/30", "2027-02-30".
    re.compile(r"(?<![\d/.\-:])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/%]|\.\d)"),
    re.compile(r"(?<![\d\-/.])20\d\d-\d{1,2}-\d{1,2}(?![\d\-])"),
    # Chinese: X月Y号/日, N号 with no such day, 周八/星期零, a clock past 24 (25点).
    re.compile(r"(?:\d{2,4}年)?\d{1,2}月\d{1,2}[日号號]|(?:[〇零一二两兩三四五六七八九]{2,4}年)?[一二两兩三四五六七八九十]{1,3}月"
               r"[一二两兩三四五六七八九十]{1,3}[日号號]"),
    re.compile(r"(?<![\d月年第])(?:3[2-9]|[4-9]\d)[日号號](?![楼樓线線院房门門桌位床])"),
    re.compile(r"(?:[上下]+[个個]?)?(?:周|週|星期|礼拜|禮拜)[八九十零〇089]"),
    re.compile(r"(?:上午|下午|晚上|凌晨|早上)?(?:2[5-9]|[3-9]\d)[点點](?![\d几幾多])"),
    # A weekday word with a number that makes no day: "monday 35th".
    re.compile(rf"(?<![A-Za-z])(?:{_WEEKDAY_WORDS}),? (?:the )?(?:3[2-9]|[4-9]\d)(?:st|nd|rd|th)(?![A-Za-z])", re.I),
]
_NOT_A_DATE = re.compile(r"^(?:24/7|50/50|1/2|1/3|2/3|1/4|3/4)$")


def find_unread_dates(text: str, now: datetime, tz: str) -> list[UnreadDate]:
    """Date-like expressions in the text that `find_dates` read no date from: impossible days ("Feb 30", 2月30号,
    "the 32nd", "13/45", "2027-02-30"), weekdays that do not exist (周八, 上上上周八), clocks past 24 (25点).
    Prices, phone numbers, "phase 2", "24/7", "50/50", quantities and ordinary words are not reported."""
    read = [(m.start, m.end) for m in find_dates(text, now, tz)]
    out: list[UnreadDate] = []
    for pattern, can_match in zip(_UNREAD_PATTERNS, _unread_gates().open(text), strict=True):
        if not can_match:
            continue
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            said = match.group().strip()
            if _NOT_A_DATE.match(said) or any(s <= start and end <= e for s, e in read):
                continue
            if any(start < e and s < end for s, e in read) and _plausible(said):
                continue  # partly read as a real date ("Dec 15" inside "Dec 15 2027")
            if any(start < u.end and u.start < end for u in out):
                continue
            out.append(UnreadDate(start, end, text[start:end]))
    out.sort(key=lambda u: u.start)
    return out


@cache
def _unread_gates() -> GateSet:
    return GateSet(_UNREAD_PATTERNS)


def _plausible(said: str) -> bool:
    """An expression whose numbers could be a day and a month (the overlap with a read date explains it)."""
    numbers = [int(n) for n in re.findall(r"\d+", said)]
    return all(n <= 31 for n in numbers[:2])
