"""More ways to name one day: the nth weekday of a month ("first Monday of next month", "last Friday of October",
十月第一个星期一), the last/nth day of a month ("last day of October 2027", "third day of October"), weekdays counted
("3 Fridays from now", "2 Thursdays ago"), a weekday with a date that picks the year they agree in ("Sunday,
Feb 10", 周日, 二月十号), full numeric dates ("10/31/74", "10-31-1974", "31/Oct/1974", "31-Oct-74", "14april 2015"),
the seasons ("this summer", "next season"), "this past weekend", and rolling spans in hours, minutes and seconds
("the last 2 hours", "next 3 minutes", 前两分钟, 下三小时: the whole units before or after the current one).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from bot.intents.lexers.calendar import MONTHS_EN, WEEKDAYS_EN, WEEKDAYS_ZH, add_months, end_of_month, week_start
from bot.intents.lexers.numbers import parse_number
from bot.intents.lexers.parts import (
    GATES,
    MONTH_KEYS,
    WEEKDAY_KEYS,
    Ctx,
    Part,
    Resolver,
    gate_zh,
    gated,
    grp,
    period_part,
    tense_of,
)

_L = r"(?<![A-Za-z0-9])"
_R = r"(?![A-Za-z])"
_F = re.IGNORECASE
_WD = "|".join(sorted(WEEKDAYS_EN, key=len, reverse=True))
_MON = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
_NTH = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
        "5th": 5, "last": -1, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "最后": -1, "1": 1, "2": 2, "3": 3,
        "4": 4, "5": 5}
_NTH_WORD = r"(?:first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)"
_COUNT = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_REL = r"(?:next|last|this|the|previous|coming|following)"


def _month_first(ctx: Ctx, m: re.Match[str]) -> date | None:
    """The month a rule names: "October" (its next occurrence; this year's while it lasts), "October 2027",
    "next month", "this month", "the month"."""
    rel = grp(m, "rel").lower()
    if rel:
        offset = 1 if rel in ("next", "coming", "following") else (-1 if rel in ("last", "previous") else 0)
        return add_months(ctx.today.replace(day=1), offset)
    name = grp(m, "mon").lower().rstrip(".")
    month = MONTHS_EN.get(name) or (parse_number(name.rstrip("月")) if name else None)
    if month is None or not 1 <= int(month) <= 12:
        return None
    year = grp(m, "y")
    if year:
        return date(int(year), int(month), 1)
    first = date(ctx.today.year, int(month), 1)
    if end_of_month(first) < ctx.today and not ctx.past:
        first = first.replace(year=first.year + 1)
    return first


def _nth_weekday_of_month(m: re.Match[str], ctx: Ctx) -> Part | None:
    first = _month_first(ctx, m)
    nth = _NTH.get(grp(m, "n").lower())
    wd_name = grp(m, "wd")
    weekday = WEEKDAYS_EN.get(wd_name.lower()) if wd_name.isascii() else WEEKDAYS_ZH.get(wd_name[-1])
    if first is None or nth is None or weekday is None:
        return None
    if nth > 0:
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        if day.month != first.month:
            return None
    else:
        last = end_of_month(first)
        day = last - timedelta(days=(last.weekday() - weekday) % 7)
    return Part(m.start(), m.end(), day, tense=tense_of(day, day, ctx.today))


def _day_of_month(m: re.Match[str], ctx: Ctx) -> Part | None:
    """"last day of October 2027", "the third day of October", "the 5th last day of May"."""
    first = _month_first(ctx, m)
    if first is None:
        return None
    nth = _NTH.get(grp(m, "n").lower())
    back = _NTH.get(grp(m, "back").lower()) if grp(m, "back") else None
    last = end_of_month(first)
    if back is not None:
        day = last - timedelta(days=back - 1)
    elif nth == -1:
        day = last
    elif nth is not None:
        day = first + timedelta(days=nth - 1)
    else:
        return None
    return Part(m.start(), m.end(), day, tense=tense_of(day, day, ctx.today))


def _weekdays_counted(m: re.Match[str], ctx: Ctx) -> Part | None:
    """"3 Fridays from now" (the third Friday after today), "2 Thursdays ago"."""
    raw = m.group("n").lower()
    count = _COUNT.get(raw) or (int(raw) if raw.isdigit() else None)
    weekday = WEEKDAYS_EN.get(m.group("wd").lower().rstrip("s"))
    if count is None or weekday is None or not 1 <= count <= 52:
        return None
    if m.group("dir").lower() in ("ago", "back"):
        day = ctx.today - timedelta(days=(ctx.today.weekday() - weekday) % 7 or 7) - timedelta(days=7 * (count - 1))
        return Part(m.start(), m.end(), day, tense="past")
    day = ctx.today + timedelta(days=(weekday - ctx.today.weekday()) % 7 or 7) + timedelta(days=7 * (count - 1))
    return Part(m.start(), m.end(), day, tense="future")


def agreeing_year(today: date, month: int, dom: int, weekday: int, past: bool = False) -> date | None:
    """The date nearest today (either way) whose weekday is the one said: "Sunday, Feb 10" on 12 Feb 2013 is
    10 Feb 2013 (a Sunday), "Fri, Jul 18" is 18 Jul 2014."""
    candidates = []
    for year in range(today.year - 6, today.year + 7):
        try:
            day = date(year, month, dom)
        except ValueError:
            continue
        if day.weekday() == weekday:
            candidates.append(day)
    if not candidates:
        return None
    return min(candidates, key=lambda d: (abs((d - today).days), d < today if not past else d > today))


def _zh_weekday_date(m: re.Match[str], ctx: Ctx) -> Part | None:
    """周日, 二月十号: the date decides; the weekday picks the year they agree in."""
    month, dom = parse_number(m.group("m")), parse_number(m.group("d"))
    weekday = WEEKDAYS_ZH.get(m.group("wd"))
    if month is None or dom is None or weekday is None:
        return None
    day = agreeing_year(ctx.today, int(month), int(dom), weekday, ctx.past)
    return Part(m.start(), m.end(), day) if day else None


def _two_digit_year(raw: str, today: date) -> int:
    """'74' → 1974, '27' → 2027: a two-digit year more than 20 years ahead is last century's."""
    year = int(raw)
    if year >= 100:
        return year
    return 2000 + year if 2000 + year <= today.year + 20 else 1900 + year


def _full_numeric(m: re.Match[str], ctx: Ctx) -> Part | None:
    """"10/31/74", "10-31-1974", "10.31.1974" (month first unless impossible), "31/Oct/1974", "14april 2015"."""
    year = _two_digit_year(m.group("y"), ctx.today)
    if grp(m, "mon"):
        month: int | None = MONTHS_EN.get(m.group("mon").lower().rstrip("."))
        dom = int(m.group("d"))
    else:
        first, second = int(m.group("a")), int(m.group("b"))
        month, dom = (first, second) if first <= 12 else (second, first)
    if month is None:
        return None
    try:
        day = date(year, month, dom)
    except ValueError:
        return None
    return Part(m.start(), m.end(), day, tense=tense_of(day, day, ctx.today))


_SEASONS = {"spring": (3, 20), "summer": (6, 21), "autumn": (9, 23), "fall": (9, 23), "winter": (12, 21)}


def _season_starts(year: int) -> list[date]:
    return [date(year, 3, 20), date(year, 6, 21), date(year, 9, 23), date(year, 12, 21)]


def _season(m: re.Match[str], ctx: Ctx) -> Part | None:
    """"this summer" (its next start, this year's while it lasts), "this season" (the current one), "next season",
    "last season" — astronomical seasons, northern hemisphere."""
    rel = grp(m, "rel").lower()
    name = grp(m, "name").lower().rstrip("s")
    starts = sorted(d for y in (ctx.today.year - 1, ctx.today.year, ctx.today.year + 1) for d in _season_starts(y))
    current = max(d for d in starts if d <= ctx.today)
    if name == "season":
        index = starts.index(current) + (1 if rel in ("next", "coming") else (-1 if rel in ("last", "past",
                                                                                            "previous") else 0))
        first = starts[index]
    else:
        month, dom = _SEASONS[name]
        same = [d for d in starts if (d.month, d.day) == (month, dom)]
        if rel in ("next", "coming"):
            first = next(d for d in same if d > current)
        elif rel in ("last", "past", "previous"):
            first = max(d for d in same if d < current)
        else:
            first = next(d for d in same if d + timedelta(days=92) > ctx.today)
    following = next(d for d in starts + _season_starts(ctx.today.year + 2) if d > first)
    last = following - timedelta(days=1)
    return period_part(m.start(), m.end(), first, last, ctx.today, "season")


def _past_weekend(m: re.Match[str], ctx: Ctx) -> Part | None:
    """"this past weekend", "last weekend": the Saturday of last week (a weekend is read as its Saturday)."""
    day = week_start(ctx.today) - timedelta(days=2)
    return Part(m.start(), m.end(), day, tense="past")


def _last_weekend_of(m: re.Match[str], ctx: Ctx) -> Part | None:
    first = _month_first(ctx, m)
    if first is None:
        return None
    last = end_of_month(first)
    saturday = last - timedelta(days=(last.weekday() - 5) % 7)
    return Part(m.start(), m.end(), saturday, tense=tense_of(saturday, saturday, ctx.today))


_TIME_UNITS = {"second": 1, "sec": 1, "秒": 1, "秒钟": 1, "minute": 60, "min": 60, "分钟": 60, "hour": 3600, "hr": 3600,
               "小时": 3600, "钟头": 3600, "个钟": 3600, "个小时": 3600, "个钟头": 3600}


def _week_of(m: re.Match[str], ctx: Ctx) -> Part | None:
    """"the week of October 6th" (the week holding that day), "first/last week of October 2027" (the week
    starting on its first/last Monday): a week, valued at its Monday."""
    if grp(m, "d"):
        month = MONTHS_EN.get(grp(m, "mon").lower().rstrip("."))
        dom = int(re.sub(r"\D", "", grp(m, "d")))
        first = _month_first(ctx, m)
        if month is None or first is None or dom > end_of_month(first).day:
            return None
        monday = week_start(first.replace(day=dom))
    else:
        nth_part = _nth_weekday_of_month(m, ctx)
        if nth_part is None or nth_part.day is None:
            return None
        monday = nth_part.day
    last = monday + timedelta(days=6)
    return period_part(m.start(), m.end(), monday, last, ctx.today, "week")


def _week_of_nth(m: re.Match[str], ctx: Ctx) -> Part | None:
    first = _month_first(ctx, m)
    nth = _NTH.get(grp(m, "n").lower())
    if first is None or nth is None:
        return None
    if nth > 0:  # the weeks that start in the month: the first one starts on its first Monday
        monday = first + timedelta(days=(0 - first.weekday()) % 7 + 7 * (nth - 1))
    else:  # the last full week in the month ("the second last week": the one before)
        last_day = end_of_month(first)
        monday = last_day - timedelta(days=(last_day.weekday() + 1) % 7 + 6)
        back = _NTH.get(grp(m, "back").lower(), 1) if grp(m, "back") else 1
        monday -= timedelta(days=7 * (back - 1))
    last = monday + timedelta(days=6)
    return period_part(m.start(), m.end(), monday, last, ctx.today, "week")


def _rolling_time(m: re.Match[str], ctx: Ctx) -> Part | None:
    """"the last 2 hours" (from the start of the hour two hours back), "next 3 minutes" (from the next minute),
    前两分钟, 下三小时."""
    raw = m.group("n").lower()
    count = _COUNT.get(raw) or parse_number(raw)
    unit = _TIME_UNITS.get(m.group("unit").lower().rstrip("s"))
    if count is None or unit is None or not 0 < count <= 72:
        return None
    sign = -1 if re.search(r"last|past|previous|上|前|过去|最近", m.group("which"), _F) else 1
    now = ctx.now.replace(microsecond=0)
    current = datetime.fromtimestamp(now.timestamp() // unit * unit, tz=now.tzinfo)
    if sign < 0:
        start = current - timedelta(seconds=unit * int(count))
        end = current
    else:
        start = current + timedelta(seconds=unit)
        end = current + timedelta(seconds=unit * (int(count) + 1))
    start = start.replace(second=0)
    return Part(m.start(), m.end(), start.date(), clock=start.time(), moment=start,
                tense="past" if sign < 0 else "future", last_moment=end.replace(second=0))


_CN_N = r"(?:\d{1,2}|[一二两三四五六七八九十]{1,3})"
_ZH_WD = r"(?:周|星期|礼拜)(?P<wd>[一二三四五六日天1-7])"

DAY_RULES: list[tuple[re.Pattern[str], Resolver]] = [
    (gated(re.compile(rf"{_L}(?:the )?(?P<n>{_NTH_WORD}) (?P<wd>{_WD}) (?:of|in) (?:(?P<rel>{_REL}) month|"
                rf"(?P<mon>{_MON})\.?(?:,? (?P<y>(?:19|20)\d\d))?){_R}", _F), WEEKDAY_KEYS), _nth_weekday_of_month),
    (re.compile(rf"(?P<mon>{_CN_N}月)的?第(?P<n>[一二三四五1-5])个?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天1-7])"),
     _nth_weekday_of_month),
    (re.compile(rf"(?P<mon>{_CN_N}月)的?最后一个(?:周|星期|礼拜)(?P<wd>[一二三四五六日天1-7])(?P<n>)"),
     lambda m, c: _nth_weekday_of_month(m, c)),
    (gated(re.compile(rf"{_L}(?:the )?(?:(?P<back>{_NTH_WORD}) last|(?P<n>{_NTH_WORD})) day (?:of|"
                rf"in) (?:(?P<rel>{_REL}) "
                rf"month|(?P<mon>{_MON})\.?(?:,? (?P<y>(?:19|20)\d\d))?){_R}", _F), ("day",)), _day_of_month),
    (gated(re.compile(rf"{_L}(?P<n>\d{{1,2}}|a|one|two|three|four|five|six) (?P<wd>(?:monday|tuesday|wednesday|"
                rf"thursday|"
                rf"friday|saturday|sunday)s?) (?P<dir>from now|hence|ago|back){_R}", _F),
            WEEKDAY_KEYS), _weekdays_counted),
    (gated(re.compile(rf"{_L}(?:the )?week of (?P<mon>{_MON})\.? (?:the )?(?P<d>\d{{1,2}}(?:st|nd|rd|th)?)"
                      rf"(?:,? (?P<y>(?:19|20)\d\d))?{_R}", _F), MONTH_KEYS), _week_of),
    (gated(re.compile(rf"{_L}(?:the )?(?:(?P<back>second|2nd|third|3rd) (?=last))?"
                      rf"(?P<n>first|1st|second|2nd|third|3rd|fourth|4th|last) week (?:of|in) "
                      rf"(?P<mon>{_MON})\.?(?:,? (?P<y>(?:19|20)\d\d))?(?P<wd>){_R}", _F), MONTH_KEYS),
     lambda m, c: _week_of_nth(m, c)),
    (re.compile(rf"{_ZH_WD}[,，、 ]*(?P<m>{_CN_N})月(?P<d>{_CN_N})[日号]"), _zh_weekday_date),
    (re.compile(r"(?<![\d/.\-])(?P<a>\d{1,2})(?P<sep>[/\-.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{2}|(?:19|20)\d\d)"
                r"(?![\d/.\-])"), _full_numeric),
    (gated(re.compile(rf"{_L}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?P<sep>[/\- ]?)(?P<mon>{_MON})\.?(?:(?P=sep)|,? )"
                rf"(?P<y>\d{{2}}|(?:19|20)\d\d)(?![\d/.\-:])", _F), MONTH_KEYS), _full_numeric),
    (gated(re.compile(rf"{_L}(?P<rel>this|current|next|coming|last|past|previous) (?P<name>spring|summer|autumn|fall|"
                rf"winter|seasons?){_R}", _F), ("spring", "summer", "autumn", "fall", "winter", "season")), _season),
    (gated(re.compile(rf"{_L}(?:this past|last|past) week-?end{_R}", _F), ("week",)), _past_weekend),
    (gated(re.compile(rf"{_L}(?:the )?last (?:week-?end|week end|wkend) (?:of|in) (?P<mon>{_MON})\.?(?:,? "
                rf"(?P<y>(?:19|20)\d\d))?{_R}", _F), ("week", "wkend")), _last_weekend_of),
    (gated(re.compile(rf"{_L}(?:in |during |for |over |within )?(?:the )?(?P<which>last|past|previous|next|coming) "
                rf"(?P<n>\d{{1,2}}|a|one|two|three|four|five|six) (?P<unit>seconds?|secs?|minutes?|mins?|hours?|"
                rf"hrs?){_R}", _F), ("sec", "min", "hour", "hr")), _rolling_time),
    (re.compile(rf"(?<![提之以此目当先事然今日年月天])(?P<which>过去|未来|接下来|最近|上|下|前|后)的?(?P<n>{_CN_N})"
                r"(?P<unit>秒钟|秒|分钟|个小时|小时|个钟头|钟头|个钟)(?!前|之前|以前|后|之后|以后|内|之内|以内)"),
     _rolling_time),
]

gate_zh(DAY_RULES, {
    _zh_weekday_date: ("月",), _nth_weekday_of_month: ("月",),
    _rolling_time: ("秒", "分钟", "分鐘", "小时", "小時", "钟", "鐘"),
})
for _pattern, _resolve in DAY_RULES:
    if _resolve is _full_numeric and _pattern not in GATES:
        gated(_pattern, ("/", "-", "."))
