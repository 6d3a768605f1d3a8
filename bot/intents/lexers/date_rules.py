"""The date and time-of-day expressions we recognise, English and Chinese, as (pattern, resolver) pairs.

Each resolver turns a regex match into a `Part`: a calendar day or a time of day, with the span it covers
and whether the expression itself points back in time ("yesterday", 上周三) or forward ("tomorrow").
`dates.py` joins a day with an adjacent time ("tmr 3pm", 明天下午三点) and applies the past/future rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

from bot.intents.lexers.calendar import (
    MONTHS_EN,
    WEEKDAYS_EN,
    WEEKDAYS_ZH,
    add_months,
    day_of_month,
    end_of_month,
    end_of_quarter,
    month_day,
    weekday_in_week,
)
from bot.intents.lexers.numbers import parse_number

Tense = str  # "past" | "today" | "future" | "any"


@dataclass(frozen=True)
class Part:
    start: int
    end: int
    day: date | None = None
    clock: time | None = None
    tense: Tense = "any"
    weak: bool = False  # "at 3": a time only when it sits next to a day
    period: bool = False  # 上午/下午 alone: today, unless it qualifies a day next to it (明天下午)


@dataclass(frozen=True)
class Ctx:
    today: date
    past: bool


Resolver = Callable[[re.Match[str], Ctx], Part | None]

_L = r"(?<![A-Za-z0-9])"  # an English word start that also works next to Chinese characters
_R = r"(?![A-Za-z])"
_WD = "|".join(sorted(WEEKDAYS_EN, key=len, reverse=True))
_MON = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
_DOM_NEXT = r"(?:at|by|of|or|and|to|in|on|for|then|pls|please|morning|afternoon|evening|night|eod|am|pm)\b"
_CN_SMALL = r"(?:\d{1,2}|[一二两三四五六七八九十]{1,3})"
_CN_COUNT = r"(?:\d{1,3}|[一二两三四五六七八九十百半]{1,4}|几)"
_EN_COUNT = (r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|"
             r"fifteen|twenty|thirty|a couple of|couple of|a few)")


def _count(token: str) -> int | None:
    token = token.strip().lower()
    if token in ("a", "an", "one"):
        return 1
    if token in ("a couple of", "couple of"):
        return 2
    if token in ("a few", "几"):
        return 3
    if token == "半":
        return None
    value = parse_number(token)
    return int(value) if value is not None and value == int(value) and 0 <= value < 1000 else None


def _days(offset: int, tense: Tense) -> Resolver:
    def resolve(m: re.Match[str], ctx: Ctx) -> Part:
        return Part(m.start(), m.end(), ctx.today + timedelta(days=offset), tense=tense)

    return resolve


def _en_weekday(m: re.Match[str], ctx: Ctx) -> Part | None:
    pre = (m.group("pre") or "").lower().strip()
    post = (m.group("post") or "").lower().strip()
    name = m.group("wd").lower()
    if name in ("sat", "sun") and not pre and not post and not m.group("on"):
        return None  # "sat down with", "Sun Microsystems"
    weekday = WEEKDAYS_EN[name]
    if "next" in pre or "next" in post or "following" in pre or "after" in post:
        weeks = 2 if "after next" in post else 1
        return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, weeks), tense="future")
    if pre in ("past", "this past"):
        return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, past=True), tense="past")
    if pre == "last" or "last" in post:
        return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, -1), tense="past")
    return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, past=ctx.past))


def _zh_weekday(m: re.Match[str], ctx: Ctx) -> Part | None:
    pre = m.group("pre") or ""
    weekday = WEEKDAYS_ZH[m.group("wd")]
    if pre.startswith("下下"):
        return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, 2), tense="future")
    if pre.startswith("下"):
        return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, 1), tense="future")
    if pre.startswith("上"):
        return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, -1), tense="past")
    return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, past=ctx.past))


def _next_week(m: re.Match[str], ctx: Ctx) -> Part:
    return Part(m.start(), m.end(), weekday_in_week(ctx.today, 0, 1), tense="future")


def _end_of_week(m: re.Match[str], ctx: Ctx) -> Part:
    weekend = "末" in m.group() or "weekend" in m.group().lower()
    weeks = 1 if m.group().startswith(("下", "next")) else 0
    return Part(m.start(), m.end(), weekday_in_week(ctx.today, 5 if weekend else 4, weeks), tense="future")


def _end_of_month(m: re.Match[str], ctx: Ctx) -> Part:
    ahead = 1 if re.search(r"next|下", m.group(), re.IGNORECASE) else 0
    return Part(m.start(), m.end(), end_of_month(ctx.today, ahead), tense="future")


def _end_of_year(m: re.Match[str], ctx: Ctx) -> Part:
    ahead = 1 if re.search(r"next|明年", m.group(), re.IGNORECASE) else 0
    return Part(m.start(), m.end(), date(ctx.today.year + ahead, 12, 31), tense="future")


def _end_of_quarter(m: re.Match[str], ctx: Ctx) -> Part:
    return Part(m.start(), m.end(), end_of_quarter(ctx.today), tense="future")


def _end_of_named_quarter(m: re.Match[str], ctx: Ctx) -> Part:
    """"end of Q1": the next such quarter end (this year's, or next year's once it has passed)."""
    month = int(m.group("q")) * 3
    day = end_of_month(date(ctx.today.year, month, 1))
    if day < ctx.today:
        day = end_of_month(date(ctx.today.year + 1, month, 1))
    return Part(m.start(), m.end(), day, tense="future")


def _relative(sign: int) -> Resolver:
    def resolve(m: re.Match[str], ctx: Ctx) -> Part | None:
        count = _count(m.group("n"))
        unit = m.group("unit").lower()
        if count is None or count > 400:
            return None
        if unit.startswith(("month", "月")) or unit == "个月":
            day = add_months(ctx.today, sign * count)
        else:
            days = count * (7 if unit.startswith(("week", "周", "星期", "礼拜", "个星期", "个礼拜")) else 1)
            day = ctx.today + timedelta(days=sign * days)
        return Part(m.start(), m.end(), day, tense="future" if sign > 0 else "past")

    return resolve


def _en_month_day(m: re.Match[str], ctx: Ctx) -> Part | None:
    month = MONTHS_EN[m.group("mon").lower().rstrip(".")]
    if m.group("mon").lower() == "may" and not m.group("d"):
        return None
    year = int(m.group("y")) if m.group("y") else None
    day = month_day(ctx.today, month, int(m.group("d")), year, past=ctx.past)
    return Part(m.start(), m.end(), day) if day else None


def _numeric_date(m: re.Match[str], ctx: Ctx) -> Part | None:
    if m.group("iso_y"):
        day = month_day(ctx.today, int(m.group("iso_m")), int(m.group("iso_d")), int(m.group("iso_y")))
    else:
        first, second = int(m.group("a")), int(m.group("b"))
        year = int(m.group("y")) if m.group("y") else None
        # Slashes read month/day unless that is impossible (then day/month): "12/18" is 18 December.
        month, dom = (first, second) if first <= 12 else (second, first)
        day = month_day(ctx.today, month, dom, year, past=ctx.past)
    return Part(m.start(), m.end(), day) if day else None


def _zh_month_day(m: re.Match[str], ctx: Ctx) -> Part | None:
    month = _count(m.group("m"))
    dom = _count(m.group("d"))
    year = _count(m.group("y")) if m.group("y") else None
    if month is None or dom is None:
        return None
    day = month_day(ctx.today, month, dom, year, past=ctx.past)
    return Part(m.start(), m.end(), day) if day else None


def _zh_dom(m: re.Match[str], ctx: Ctx) -> Part | None:
    dom = _count(m.group("d"))
    day = day_of_month(ctx.today, dom, past=ctx.past) if dom else None
    return Part(m.start(), m.end(), day) if day else None


def _en_dom(m: re.Match[str], ctx: Ctx) -> Part | None:
    day = day_of_month(ctx.today, int(m.group("d")), past=ctx.past)
    return Part(m.start(), m.end(), day) if day else None


# ---- times of day -------------------------------------------------------------------------------------

_PM_PERIODS = ("下午", "晚上", "傍晚", "今晚", "明晚", "昨晚", "晚", "夜里", "pm", "p.m.", "evening", "tonight")


def _clock(hour: int, minute: int, period: str) -> time | None:
    period = period.lower()
    if period in ("am", "a.m.") and hour == 12:
        hour = 0
    elif (any(period.endswith(p) for p in _PM_PERIODS) and hour < 12) or (period == "中午" and hour < 6):
        hour += 12
    elif not period and 1 <= hour <= 6:
        hour += 12  # "3点", "at 3": business hours, so the afternoon
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def _en_time(m: re.Match[str], ctx: Ctx) -> Part | None:
    if m.group("noon"):
        return Part(m.start(), m.end(), clock=time(12, 0))
    hour = int(m.group("h"))
    minute = int(m.group("min") or 0)
    period = (m.group("ampm") or "").replace(" ", "")
    if not period and not m.group("min") and not m.group("at"):
        return None
    if not period and m.group("h").startswith("0"):
        clock = time(hour, minute) if hour <= 23 and minute <= 59 else None  # "09:30" is a 24-hour clock
    else:
        clock = _clock(hour, minute, period)
    weak = not period and not m.group("min")
    return Part(m.start(), m.end(), clock=clock, weak=weak) if clock else None


def _zh_time(m: re.Match[str], ctx: Ctx) -> Part | None:
    hour = _count(m.group("h"))
    if hour is None:
        return None
    period = m.group("period") or ""
    if not period and not m.group("h").isdigit() and hour == 1 and not m.group("frac"):
        return None  # "快一点", "早一点": 一点 alone means "a bit"
    frac = m.group("frac") or ""
    minute = {"半": 30, "一刻": 15, "三刻": 45, "": 0}.get(frac)
    if minute is None:
        minute = _count(frac.rstrip("分")) or 0
    clock = _clock(hour, minute, period)
    day: date | None = None
    if period.startswith("今"):
        day = ctx.today
    elif period.startswith("明"):
        day = ctx.today + timedelta(days=1)
    elif period.startswith("昨"):
        day = ctx.today - timedelta(days=1)
    return Part(m.start(), m.end(), day, clock=clock) if clock else None


_FLAGS = re.IGNORECASE
RULES: list[tuple[re.Pattern[str], Resolver]] = [
    (re.compile(rf"{_L}(?:the )?day after (?:tomorrow|tmrw?|tmr)", _FLAGS), _days(2, "future")),
    (re.compile(rf"{_L}(?:the )?day before yesterday{_R}", _FLAGS), _days(-2, "past")),
    (re.compile(rf"{_L}(?:today|tonight|tday|2day|this (?:morning|afternoon|evening)|earlier today){_R}", _FLAGS),
     _days(0, "today")),
    (re.compile(rf"{_L}(?:tomorrow|tomorow|tommorow|tommorrow|tmrw|tmrow|tmr|tmw|2moro|2morrow)"
                rf"(?: (?:morning|afternoon|evening|night))?{_R}", _FLAGS), _days(1, "future")),
    (re.compile(rf"{_L}(?:yesterday|yday|ystd|yest|last night){_R}", _FLAGS), _days(-1, "past")),
    (re.compile(rf"{_L}(?P<on>on |by |until |till |due |before )?(?P<pre>(?:next|this|coming|last|past|this past|"
                rf"the following) )?(?P<wd>{_WD})\.?(?P<post> (?:next week|this week|last week|after next))?{_R}",
                _FLAGS), _en_weekday),
    (re.compile(rf"{_L}next week(?:'s)? (?P<wd>{_WD}){_R}", _FLAGS),
     lambda m, c: Part(m.start(), m.end(), weekday_in_week(c.today, WEEKDAYS_EN[m.group("wd").lower()], 1),
                       tense="future")),
    (re.compile(rf"{_L}(?:early )?next week{_R}", _FLAGS), _next_week),
    (re.compile(rf"{_L}(?:(?:by |until )?(?:the )?end of (?:the |this |next )?week|eow|(?:this |next )?weekend){_R}",
                _FLAGS), _end_of_week),
    (re.compile(rf"{_L}(?:end of (?:the |this |next )?month|eom|(?:next )?month[- ]end){_R}", _FLAGS),
     _end_of_month),
    (re.compile(rf"{_L}(?:end of (?:the |this |next )?year|eoy|(?:next )?year[- ]end){_R}", _FLAGS), _end_of_year),
    (re.compile(rf"{_L}(?:end of (?:the |this )?quarter|eoq|quarter[- ]end){_R}", _FLAGS), _end_of_quarter),
    (re.compile(rf"{_L}(?:(?:by |before )?(?:the )?end of |eo)q(?P<q>[1-4]){_R}", _FLAGS), _end_of_named_quarter),
    (re.compile(rf"{_L}(?:in|within) (?P<n>{_EN_COUNT}) (?P<unit>days?|weeks?|months?){_R}", _FLAGS),
     _relative(1)),
    (re.compile(rf"{_L}(?P<n>{_EN_COUNT}) (?P<unit>days?|weeks?|months?) (?:from now|from today|later|out){_R}",
                _FLAGS), _relative(1)),
    (re.compile(rf"{_L}(?P<n>{_EN_COUNT}) (?P<unit>days?|weeks?|months?) ago{_R}", _FLAGS), _relative(-1)),
    (re.compile(rf"{_L}(?P<mon>{_MON})\.? ?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,? (?P<y>\d{{4}}))?{_R}",
                _FLAGS), _en_month_day),
    (re.compile(rf"{_L}(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<mon>{_MON})\.?(?:,? (?P<y>\d{{4}}))?{_R}",
                _FLAGS), _en_month_day),
    (re.compile(r"(?<![\d\-/.])(?:(?P<iso_y>20\d\d)[-/.](?P<iso_m>\d{1,2})[-/.](?P<iso_d>\d{1,2})|"
                r"(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>\d{2}|\d{4}))?)(?![\d\-/.]|\s?%)(?<!24/7)"), _numeric_date),
    # "on the 18th" is a day; "the 2nd milestone", "the 3rd floor" are ordinals.
    (re.compile(rf"{_L}the (?P<d>\d{{1,2}})(?:st|nd|rd|th){_R}(?!\s+(?!{_DOM_NEXT})[a-z])", _FLAGS), _en_dom),
    # Chinese
    (re.compile(r"大后天"), _days(3, "future")),
    (re.compile(r"大前天"), _days(-3, "past")),
    (re.compile(r"后天"), _days(2, "future")),
    (re.compile(r"前天"), _days(-2, "past")),
    (re.compile(r"今天|今日|今儿|今早|今晨|当天"), _days(0, "today")),
    (re.compile(r"明天|明日|明儿|明早"), _days(1, "future")),
    (re.compile(r"昨天|昨日|昨儿|昨晚"), _days(-1, "past")),
    (re.compile(r"(?P<pre>下下个?|下个?|上个?|这个?|本)?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天1-7])"), _zh_weekday),
    (re.compile(r"(?:下个?)?周末"), _end_of_week),
    (re.compile(r"下个?(?:周|星期|礼拜)(?![一二三四五六日天1-7末])"), _next_week),
    (re.compile(r"(?:本月|这个月|当月|下个?月|月)(?:底|末)"), _end_of_month),
    (re.compile(r"(?:今年|明年)?(?:年底|年末|年终)"), _end_of_year),
    (re.compile(r"(?:本季度|这个季度|季度)(?:末|底)|季末"), _end_of_quarter),
    (re.compile(rf"(?P<n>{_CN_COUNT})(?P<unit>天|日|个?星期|周|个?礼拜|个月)(?:后|之后|以后|内)"), _relative(1)),
    (re.compile(rf"过(?P<n>{_CN_COUNT})(?P<unit>天|日|个?星期|周|个?礼拜|个月)"), _relative(1)),
    (re.compile(rf"(?P<n>{_CN_COUNT})(?P<unit>天|日|个?星期|周|个?礼拜|个月)(?:前|之前|以前)(?!后)"), _relative(-1)),
    (re.compile(rf"(?:(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})年)?(?P<m>{_CN_SMALL})月(?P<d>{_CN_SMALL})(?:日|号)?"),
     _zh_month_day),
    (re.compile(rf"(?<![月\d年])(?P<d>{_CN_SMALL})(?:日|号)(?![楼线院])"), _zh_dom),
    # Times of day
    (re.compile(rf"{_L}(?:(?P<noon>noon|midday|lunchtime)|(?P<at>at |@ ?)?(?P<h>\d{{1,2}})(?::(?P<min>\d{{2}}))?"
                rf" ?(?P<ampm>a\.m\.|p\.m\.|am|pm)?)(?!\d|:\d|/|%)(?![A-Za-z])", _FLAGS), _en_time),
    (re.compile(r"(?P<period>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|今晚|明晚|明早|昨晚|夜里|早|晚)?\s?"
                r"(?P<h>\d{1,2}|[一二两三四五六七八九十]{1,3})\s?(?:点钟?|时|:)(?!\d{3})"
                r"(?P<frac>半|一刻|三刻|\d{1,2}分?|[一二三四五]?十[一二三四五六七八九]?分?|[零〇][一二三四五六七八九]分?)?"),
     _zh_time),
    (re.compile(r"(?:上午|下午|中午|早上|早晨|傍晚|晚上)(?!\s?(?:\d|[一二两三四五六七八九十]{1,3}\s?[点时:]))"),
     lambda m, c: Part(m.start(), m.end(), c.today, tense="today", period=True)),
    (re.compile(r"今晚|明晚"), lambda m, c: Part(m.start(), m.end(), c.today + timedelta(
        days=1 if m.group().startswith("明") else 0), tense="future" if m.group().startswith("明") else "today")),
]


def _script(pattern: re.Pattern[str]) -> str:
    """Which text a rule can match at all: Chinese rules need Chinese, English word rules need letters."""
    if re.search(r"[\u4e00-\u9fff]", pattern.pattern):
        return "zh"
    if pattern.pattern.startswith(_L) and "(?P<h>" not in pattern.pattern:
        return "en"
    return "any"


# Skipping rules that cannot match keeps the date lexer cheap (it runs on every message).
SCRIPTS: list[str] = [_script(pattern) for pattern, _ in RULES]
