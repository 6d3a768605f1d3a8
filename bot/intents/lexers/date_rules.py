"""The date and time-of-day expressions we recognise, English and Chinese, as (pattern, resolver) pairs.

Each resolver turns a regex match into a `Part`: a calendar day or a time of day, with the span it covers
and whether the expression itself points back in time ("yesterday", 上周三) or forward ("tomorrow").
`dates.py` joins a day with an adjacent time ("tmr 3pm", 明天下午三点) and applies the past/future rule.
"""

from __future__ import annotations

import re
from datetime import UTC, date, time, timedelta

from bot.intents.lexers import zones
from bot.intents.lexers.calendar import (
    MONTHS_EN,
    WEEKDAYS_EN,
    WEEKDAYS_ZH,
    add_months,
    day_of_month,
    end_of_month,
    end_of_quarter,
    month_day,
    week_start,
    weekday_in_week,
)
from bot.intents.lexers.day_rules import DAY_RULES, agreeing_year
from bot.intents.lexers.holidays import HOLIDAY_RULES
from bot.intents.lexers.numbers import parse_number
from bot.intents.lexers.parts import GATES, MONTH_KEYS, WEEKDAY_KEYS, Ctx, Gate, Part, Resolver, Tense, gated, grp
from bot.intents.lexers.periods import PERIOD_RULES, period
from bot.intents.lexers.ranges import RANGE_RULES

_L = r"(?<![A-Za-z0-9])"  # an English word start that also works next to Chinese characters
_R = r"(?![A-Za-z])"
_WD = "|".join(sorted(WEEKDAYS_EN, key=len, reverse=True))
_MON = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
_DOM_NEXT = (r"(?:at|by|of|or|and|to|in|on|for|then|pls|please|morning|afternoon|evening|night|eod|am|pm|with|"
             r"is|was|works|latest|the latest|would|will|should|if|as|so|but|ok|okay|too|also|we|i|they|it)\b")
_CN_DIGIT = "〇零一二两三四五六七八九"
_CN_SMALL = r"(?:\d{1,2}|[一二两三四五六七八九十廿卅]{1,3})"
_CN_COUNT = r"(?:\d{1,3}|[一二两三四五六七八九十百]{1,4}|几)"
_EN_WORD_COUNT = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                  r"sixteen|eighteen|twenty|thirty|forty|forty-five|fifty|sixty|ninety")
_EN_COUNT = (rf"(?:[13]/4 of an?|1/2 an?|a pair of|[13]/4|1/2|three[- ]quarters of an?|a quarter of an?|"
             rf"\d{{1,3}}(?:\.\d)?|a couple of|couple of|a couple|a few|few|several|half an?|a half|an?|"
             rf"{_EN_WORD_COUNT})")
ORDINALS_EN: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}
for _unit, _n in list(ORDINALS_EN.items())[:9]:
    ORDINALS_EN[f"twenty-{_unit}"] = 20 + _n
    ORDINALS_EN[f"twenty {_unit}"] = 20 + _n
ORDINALS_EN["thirty-first"] = ORDINALS_EN["thirty first"] = 31
_ORD_WORD = "|".join(sorted(ORDINALS_EN, key=len, reverse=True))
_ORD = rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{_ORD_WORD})"
HOURS_EN: dict[str, int] = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_HOUR_WORD = "|".join(sorted(HOURS_EN, key=len, reverse=True))
_AMPM = r"(?:a\.m\.?|p\.m\.?|am|pm|a\s?m|p\s?m|(?<=\d)[ap]\.?)(?![a-z])"
_REL_MONTH = r"(?:the )?(?:next|this|current|coming|following|last|previous|past) month|(?:the )?month"


_grp = grp


def _count(token: str) -> int | None:
    token = token.strip().lower()
    if token in ("a", "an", "one"):
        return 1
    if token in ("a couple of", "couple of", "a couple", "a pair of"):
        return 2
    if token in ("a few", "few", "几", "several"):
        return 3
    if token == "半":
        return None
    if token[:1] in ("廿", "卅"):  # 廿號 = the 20th, 卅 = 30
        token = ("二十" if token[0] == "廿" else "三十") + token[1:]
    value = parse_number(token)
    return int(value) if value is not None and value == int(value) and 0 <= value < 1000 else None


def _amount(token: str) -> float | None:
    """A count that may be fractional: "half an" (0.5), "1.5", 半, 三."""
    token = token.strip().lower()
    if token in ("half a", "half an", "a half", "半") or token.startswith("1/2"):
        return 0.5
    if token.startswith(("1/4", "a quarter")):
        return 0.25
    if token.startswith(("3/4", "three-quarter", "three quarter")):
        return 0.75
    if re.fullmatch(r"\d{1,3}\.\d", token):
        return float(token)
    count = _count(token)
    return float(count) if count is not None else None


def _ordinal(token: str) -> int | None:
    token = token.strip().lower()
    if token in ORDINALS_EN:
        return ORDINALS_EN[token]
    digits = re.match(r"\d{1,2}", token)
    return int(digits.group()) if digits else None


def _year(token: str | None, today: date) -> int | None:
    """2027, 27, 二〇二七, 明年, 今年, 去年."""
    if not token:
        return None
    relative = {"今年": 0, "明年": 1, "后年": 2, "去年": -1, "前年": -2}
    if token in relative:
        return today.year + relative[token]
    if token.isdigit():
        year = int(token)
        return year + 2000 if year < 100 else year
    if all(ch in _CN_DIGIT for ch in token):
        digits = token.replace("两", "二").replace("零", "〇")
        year = int("".join(str("〇一二三四五六七八九".index(ch)) for ch in digits))
        return year + 2000 if year < 100 else year
    return None


def _month_offset(phrase: str) -> int:
    phrase = phrase.lower()
    if re.search(r"next|following|coming|下", phrase):
        return 1
    if re.search(r"last|previous|past|上", phrase):
        return -1
    return 0


def _days(offset: int, tense: Tense, half: str = "") -> Resolver:
    def resolve(m: re.Match[str], ctx: Ctx) -> Part:
        return Part(m.start(), m.end(), ctx.today + timedelta(days=offset), tense=tense, half=half)

    return resolve


def _en_day_word(offset: int, tense: Tense) -> Resolver:
    def resolve(m: re.Match[str], ctx: Ctx) -> Part:
        said = m.group().lower()
        half = "pm" if re.search(r"tonight|evening|night|afternoon", said) else (
            "am" if "morning" in said else "")
        return Part(m.start(), m.end(), ctx.today + timedelta(days=offset), tense=tense, half=half)

    return resolve


def _en_weekday(m: re.Match[str], ctx: Ctx) -> Part | None:
    pre = (m.group("pre") or "").lower().strip()
    post = (m.group("post") or "").lower().strip()
    name = m.group("wd").lower()
    if name in ("sat", "sun") and not pre and not post and not m.group("on") and \
            m.string.strip(" .!?").lower() != m.group().strip(" .").lower():
        return None  # "sat down with", "Sun Microsystems" (but "sat" alone is Saturday)
    weekday = WEEKDAYS_EN[name]
    if "after next" in post:
        return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, 2), tense="future")
    if "next" in pre or "next" in post or "following" in pre:
        return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, 1), tense="future")
    if pre in ("past", "this past"):
        return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, past=True), tense="past")
    if pre == "last" or "last" in post:
        return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, -1), tense="past")
    if "this week" in post:
        return Part(m.start(), m.end(), week_start(ctx.today) + timedelta(days=weekday))
    return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, past=ctx.past))


def _zh_weekday(m: re.Match[str], ctx: Ctx) -> Part | None:
    pre = m.group("pre") or ""
    weekday = WEEKDAYS_ZH[m.group("wd")]
    ahead, back = pre.count("下"), pre.count("上")
    if ahead:
        return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, ahead), tense="future")
    if back:
        return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, -back), tense="past")
    return Part(m.start(), m.end(), weekday_in_week(ctx.today, weekday, past=ctx.past))


def _next_week(m: re.Match[str], ctx: Ctx) -> Part:
    monday = weekday_in_week(ctx.today, 0, max(1, m.group().count("下")))
    if m.group().lower().startswith("early"):
        return Part(m.start(), m.end(), monday, tense="future")
    return period(m.start(), m.end(), monday, "week", ctx.today)


def _end_of_week(m: re.Match[str], ctx: Ctx) -> Part:
    weekend = "末" in m.group() or "weekend" in m.group().lower()
    weeks = 1 if re.search(r"next|下", m.group(), re.IGNORECASE) else 0
    return Part(m.start(), m.end(), weekday_in_week(ctx.today, 5 if weekend else 4, weeks), tense="future")


def _end_of_month(m: re.Match[str], ctx: Ctx) -> Part:
    ahead = 1 if re.search(r"next|下", m.group(), re.IGNORECASE) else 0
    return Part(m.start(), m.end(), end_of_month(ctx.today, ahead), tense="future")


def _end_of_year(m: re.Match[str], ctx: Ctx) -> Part:
    ahead = 1 if re.search(r"next|明年", m.group(), re.IGNORECASE) else 0
    return Part(m.start(), m.end(), date(ctx.today.year + ahead, 12, 31), tense="future")


def _end_of_quarter(m: re.Match[str], ctx: Ctx) -> Part:
    return Part(m.start(), m.end(), end_of_quarter(ctx.today), tense="future")


def _end_of_next_or_last_quarter(m: re.Match[str], ctx: Ctx) -> Part:
    """上季度末 / 下季度末: the previous or the next quarter's last day."""
    if grp(m, "rel").startswith("上"):
        first = date(ctx.today.year, 3 * ((ctx.today.month - 1) // 3) + 1, 1)  # this quarter's first day
        return Part(m.start(), m.end(), first - timedelta(days=1), tense="past")
    return Part(m.start(), m.end(), end_of_quarter(end_of_quarter(ctx.today) + timedelta(days=1)), tense="future")


def _end_of_named_quarter(m: re.Match[str], ctx: Ctx) -> Part:
    """"end of Q1": the next such quarter end (this year's, or next year's once it has passed)."""
    month = int(m.group("q")) * 3
    day = end_of_month(date(ctx.today.year, month, 1))
    if day < ctx.today:
        day = end_of_month(date(ctx.today.year + 1, month, 1))
    return Part(m.start(), m.end(), day, tense="future")


_SECOND_UNITS = ("second", "sec", "秒")
_MINUTE_UNITS = ("minute", "min", "分")
_HOUR_UNITS = ("hour", "hr", "h", "小时", "钟")


def _relative(sign: int) -> Resolver:
    """"in 3 days", "2 wks ago", "in half an hour", 三天后, 半小时后, 两个钟头后: a date, or an instant for minutes
    and hours."""

    def resolve(m: re.Match[str], ctx: Ctx) -> Part | None:
        raw = m.group("n")
        amount = _amount(raw)
        unit = m.group("unit").lower()
        if amount is None:
            return None
        groups = m.groupdict()
        if groups.get("half") or groups.get("half2") or re.search(r"and an? half", m.group(), re.IGNORECASE):
            amount += 0.5
        if sign < 0 and groups.get("dir") and groups["dir"] in ("内", "之内", "以内"):
            return None
        if unit.startswith(_SECOND_UNITS + _MINUTE_UNITS + _HOUR_UNITS) or unit == "hrs":
            minutes = amount * (1 / 60 if unit.startswith(_SECOND_UNITS) else (
                1 if unit.startswith(_MINUTE_UNITS) else 60))
            if not 0 < minutes <= 60 * 72:
                return None
            moment = (ctx.now.astimezone(UTC) + sign * timedelta(minutes=minutes)).astimezone(ctx.now.tzinfo)
            return Part(m.start(), m.end(), moment.date(), clock=moment.time().replace(second=0, microsecond=0),
                        tense="future" if sign > 0 else "past", moment=moment.replace(second=0, microsecond=0))
        if amount > 400:
            return None
        if unit.startswith(("business", "working", "biz", "工作日")):
            if amount != int(amount):
                return None
            day = _business_days(ctx.today, sign * int(amount))
        elif unit.startswith(("month", "mo", "mth", "月")):
            day = (add_months(ctx.today, sign * int(amount)) if amount == int(amount)
                   else ctx.today + timedelta(days=sign * round(amount * 30)))
        elif unit.startswith(("year", "yr", "年")):
            if amount * 12 != int(amount * 12):
                return None
            day = add_months(ctx.today, sign * int(amount * 12))
        else:
            per = 14 if unit.startswith("fortnight") else (
                7 if unit.startswith(("week", "wk", "周", "星期", "礼拜")) else 1)
            if amount * per != int(amount * per):
                return None
            day = ctx.today + timedelta(days=sign * int(amount * per))
        return Part(m.start(), m.end(), day, tense="future" if sign > 0 else "past")

    return resolve


def _business_days(today: date, count: int) -> date:
    step = 1 if count >= 0 else -1
    day, left = today, abs(count)
    while left:
        day += timedelta(days=step)
        if day.weekday() < 5:
            left -= 1
    return day


def _en_month_day(m: re.Match[str], ctx: Ctx) -> Part | None:
    groups = m.groupdict()
    mon = groups.get("mon") or groups.get("mon2") or ""
    raw_day = groups.get("d") or groups.get("d2") or ""
    if mon.lower() == "may" and not raw_day[:1].isdigit():
        return None  # "may we", "we may first check"
    month = MONTHS_EN[mon.lower().rstrip(".")]
    dom = _ordinal(raw_day)
    if dom is None:
        return None
    year_token = groups.get("y") or groups.get("y2")
    year = int(year_token) if year_token else None
    day = month_day(ctx.today, month, dom, year, past=ctx.past)
    return Part(m.start(), m.end(), day) if day else None


def _en_dom_of_month(m: re.Match[str], ctx: Ctx) -> Part | None:
    """"20th of next month", "the 15th of this month", "the 5th of last month"."""
    dom = _ordinal(m.group("d"))
    if dom is None:
        return None
    offset = _month_offset(m.group("which"))
    last = end_of_month(ctx.today, offset)
    if dom > last.day:
        return None
    tense: Tense = "future" if offset > 0 else ("past" if offset < 0 else "any")
    return Part(m.start(), m.end(), last.replace(day=dom), tense=tense)


def _en_month_edge(m: re.Match[str], ctx: Ctx) -> Part | None:
    """"end of feb", "beginning of next month", "mid december", "start of january 2027"."""
    edge = m.group("edge").lower()
    which = m.group("which").lower()
    year = int(m.group("y")) if m.group("y") else None
    if "month" in which:
        first = end_of_month(ctx.today, _month_offset(which)).replace(day=1)
    else:
        month = MONTHS_EN[which.rstrip(".")]
        first = date(year or ctx.today.year, month, 1)
        if year is None and end_of_month(first) < ctx.today and not ctx.past:
            first = first.replace(year=first.year + 1)
    if edge == "end":
        day = end_of_month(first)
    elif edge in ("mid", "middle"):
        day = first.replace(day=15)
    else:
        day = first
    return Part(m.start(), m.end(), day, tense="future" if day >= ctx.today else "past")


def _numeric_date(m: re.Match[str], ctx: Ctx) -> Part | None:
    if m.group("iso_y"):
        day = month_day(ctx.today, int(m.group("iso_m")), int(m.group("iso_d")), int(m.group("iso_y")))
    else:
        first, second = int(m.group("a")), int(m.group("b"))
        year = int(m.group("y")) if m.group("y") else None
        if year is not None and year < 100 and 2000 + year > ctx.today.year + 20:
            year += 1900  # "10/31/74" is 1974
        # Slashes read month/day unless that is impossible (then day/month): "12/18" is 18 December.
        month, dom = (first, second) if first <= 12 else (second, first)
        day = month_day(ctx.today, month, dom, year, past=ctx.past)
    return Part(m.start(), m.end(), day) if day else None


def _zh_month_day(m: re.Match[str], ctx: Ctx) -> Part | None:
    month = _count(m.group("m"))
    dom = _count(m.group("d"))
    if month is None or dom is None:
        return None
    said = m.group()
    follows = m.string[m.end(): m.end() + 1]
    if not said.endswith(("日", "号")) and (not m.group("d").isdigit() or follows in _NOT_A_DAY_AFTER):
        return None  # "一月一次" (once a month), "3月5个": without 日/号 only digits, and not a count
    year = _year(_grp(m, "y", "y_rel"), ctx.today)
    day = month_day(ctx.today, month, dom, year, past=ctx.past)
    return Part(m.start(), m.end(), day) if day else None


def _zh_month_edge(m: re.Match[str], ctx: Ctx) -> Part | None:
    """3月底, 明年3月底, 12月中旬, 1月初, 下个月初, 月初, 下个月中."""
    edge = _grp(m, "edge", "edge2")
    rel = _grp(m, "rel", "rel2")
    if _grp(m, "m"):
        month = _count(m.group("m"))
        if month is None or not 1 <= month <= 12:
            return None
        year = _year(_grp(m, "y", "y_rel"), ctx.today)
        first = date(year or ctx.today.year, month, 1)
        if year is None and end_of_month(first) < ctx.today and not ctx.past:
            first = first.replace(year=first.year + 1)
    else:
        first = end_of_month(ctx.today, _month_offset(rel)).replace(day=1)
        if rel == "月" and edge == "初" and first < ctx.today and not ctx.past:
            first = end_of_month(ctx.today, 1).replace(day=1)  # 月初 on the 25th: next month's start
    if edge in ("底", "末", "尾"):
        day = end_of_month(first)
    elif edge in ("中", "中旬"):
        day = first.replace(day=15)
    elif edge == "下旬":
        day = first.replace(day=21)
    else:
        day = first
    return Part(m.start(), m.end(), day, tense="future" if day >= ctx.today else "past")


def _zh_rel_month_dom(m: re.Match[str], ctx: Ctx) -> Part | None:
    """下个月3号, 本月30号, 上个月10号."""
    dom = _count(m.group("d"))
    offset = _month_offset(m.group("rel"))
    last = end_of_month(ctx.today, offset)
    if dom is None or not 1 <= dom <= last.day:
        return None
    tense: Tense = "future" if offset > 0 else ("past" if offset < 0 else "any")
    return Part(m.start(), m.end(), last.replace(day=dom), tense=tense)


def _zh_dom(m: re.Match[str], ctx: Ctx) -> Part | None:
    if m.group("d").startswith("两"):
        return None  # 两日 is two days (提前两日), never the 2nd (二日)
    dom = _count(m.group("d"))
    day = day_of_month(ctx.today, dom, past=ctx.past) if dom else None
    return Part(m.start(), m.end(), day) if day else None


def _en_dom(m: re.Match[str], ctx: Ctx) -> Part | None:
    dom = _ordinal(m.group("d"))
    day = day_of_month(ctx.today, dom, past=ctx.past) if dom else None
    return Part(m.start(), m.end(), day) if day else None


def _en_weekday_date(m: re.Match[str], ctx: Ctx) -> Part | None:
    """"Friday, Dec 4", "Thu Dec 10", "Tuesday the 19th": the date decides, and the weekday picks the year (or for
    a day alone, the month) in which they agree; when they agree nowhere near, the date alone."""
    weekday = WEEKDAYS_EN[m.group("wd0").lower()]
    if _grp(m, "mon", "mon2"):
        part = _en_month_day(m, ctx)
        if part is None or part.day is None or part.day.weekday() == weekday or _grp(m, "y", "y2"):
            return part
        agreed = agreeing_year(ctx.today, part.day.month, part.day.day, weekday, ctx.past)
        return Part(m.start(), m.end(), agreed) if agreed else part
    dom = _ordinal(_grp(m, "d3"))
    day = day_of_month(ctx.today, dom, past=ctx.past) if dom else None
    if day is not None and day.weekday() != weekday and dom is not None:
        for months in range(1, 25):
            later = add_months(day.replace(day=1), months)
            if dom <= end_of_month(later).day and later.replace(day=dom).weekday() == weekday:
                day = later.replace(day=dom)
                break
    return Part(m.start(), m.end(), day) if day else None


# ---- times of day -------------------------------------------------------------------------------------

_PM_PERIODS = ("下午", "晚上", "傍晚", "今晚", "明晚", "昨晚", "晚", "夜里", "pm", "p.m.", "p", "p.m", "evening",
               "tonight", "night", "afternoon")
_AM_PERIODS = ("am", "a.m.", "a", "a.m", "morning", "上午", "早上", "早晨", "凌晨", "早", "明早", "今早")


def _clock(hour: int, minute: int, period: str) -> time | None:
    period = period.lower().replace(" ", "")
    if period in _AM_PERIODS and hour == 12:
        hour = 0
    elif (any(period.endswith(p) for p in _PM_PERIODS) and hour < 12) or (period == "中午" and hour < 6):
        hour += 12
    elif not period and 1 <= hour <= 6:
        hour += 12  # "3点", "at 3": business hours, so the afternoon
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def _hour(token: str) -> int | None:
    token = token.strip().lower()
    if token in HOURS_EN:
        return HOURS_EN[token]
    if token in ("noon", "midday"):
        return 12
    if token == "midnight":
        return 0
    return int(token) if token.isdigit() else None


def _en_time(m: re.Match[str], ctx: Ctx) -> Part | None:
    if m.group("noon"):
        word = m.group("noon").lower()
        return Part(m.start(), m.end(), clock=time(0, 0) if word == "midnight" else time(12, 0))
    groups = m.groupdict()
    if groups.get("hhmm"):
        hour, minute = divmod(int(groups["hhmm"]), 100)
    else:
        parsed = _hour(m.group("h"))
        if parsed is None:
            return None
        hour = parsed
        minute = int(_grp(m, "min", "hmin") or 0)
    period = (m.group("ampm") or "").replace(" ", "").lower()
    period = period.replace(".", "")
    oclock = bool(groups.get("oclock"))
    hsep = bool(groups.get("hsep"))
    has_min = bool(_grp(m, "min", "hmin"))
    if not period and not has_min and not m.group("at") and not oclock and not hsep and not groups.get("hhmm"):
        return None
    if m.group("h") and m.group("h").isalpha() and not (period or oclock):
        return None  # "at three sites": a spelled hour needs am/pm or o'clock
    if hsep and not has_min and not m.group("at") and hour < 13 and not zones.AFTER.match(m.string, m.end()):
        return None  # "2h" is a duration; "at 16h", "15h00", "8h GMT" are clocks
    if re.fullmatch(r"[ap]\.?", period) and not (has_min or m.group("at")):
        return None  # "4a", "A4": a letter alone makes a clock only in "3:15p", "at 3p"
    if (not period and (m.group("h") or "").startswith("0")) or hsep or hour > 12:
        clock = time(hour, minute) if hour <= 23 and minute <= 59 else None  # "09:30", "15h00": 24-hour clock
        bare = False
    else:
        clock = _clock(hour, minute, period)
        bare = not period
    weak = not period and not has_min and not oclock and not hsep
    return Part(m.start(), m.end(), clock=clock, weak=weak, bare=bare) if clock else None


def _en_spelled_clock(m: re.Match[str], ctx: Ctx) -> Part | None:
    """"ten thirty am", "seven thirty p.m.", "at three twenty", "nine fifty nine a m", "at 1030", "at 730 in the
    evening", "tomorrow at 150ish": an hour and minutes without a colon."""
    if _grp(m, "hhmm", "hhmm2"):
        before = m.string[max(0, m.start() - 16): m.start()].lower()
        if _PRICE_VERB.search(before):
            return None  # "priced at 1500", "sold at 1200": a price
        hour, minute = divmod(int(_grp(m, "hhmm", "hhmm2")), 100)
    else:
        parsed_hour = _hour(m.group("h"))
        parsed_min = parse_number(m.group("mm").replace("-", " "))
        if parsed_hour is None or parsed_min is None:
            return None
        hour, minute = parsed_hour, int(parsed_min)
    period = (m.group("ampm") or "").replace(" ", "").replace(".", "").lower()
    said = (m.group("p") or "").lower()
    if said:
        period = "pm" if re.search(r"tonight|evening|night|afternoon", said) else "am"
    if not (period or _grp(m, "at", "at2", "at3")) or not 0 <= minute <= 59 or not 1 <= hour <= 23:
        return None  # "ten thirty" alone is a count
    clock = _clock(hour, minute, period) if hour <= 12 else time(hour, minute)
    return Part(m.start(), m.end(), clock=clock, bare=not period and hour <= 12) if clock else None


def _en_half_hour(m: re.Match[str], ctx: Ctx) -> Part | None:
    """British "half three" = 3:30."""
    hour = _hour(m.group("h"))
    if hour is None or not 1 <= hour <= 12:
        return None
    period = (m.group("ampm") or "").replace(".", "").lower()
    clock = _clock(hour, 30, period)
    return Part(m.start(), m.end(), clock=clock, bare=not period) if clock else None


_NOT_A_QUANTITY = (r"(?!\s?(?:thousand|million|billion|grand|k|m|mm|bn|dollars?|bucks|usd|eur|rmb|units?|seats?|"
                   r"users?|licen[cs]es?|people|pcs|pieces|%)\b)(?!%)")
_PRICE_VERB = re.compile(r"(?:(?:pric|sold|sell|valu|worth|cost|quot|bought|buy|offer|capp|discount|rate|paid|pay|"
                         r"bid|ask|list|charg|invoic|amount|total|budget)\w*|'re|'m|'s|are|is|am|was|were|stands?|"
                         r"sits?|currently|now|still|up|down|hovering|stuck|peaked|capped)\s+(?:at|@|around|about)?\s*$")


def _en_relative_clock(m: re.Match[str], ctx: Ctx) -> Part | None:
    """"a quarter past 4pm", "half past 3", "20 minutes to 6pm", "twenty after 3"."""
    raw = m.group("q").lower()
    if raw.endswith("quarter"):
        minutes = 15
    elif raw == "half":
        minutes = 30
    else:
        count = _count(raw)
        if count is None or not 1 <= count <= 59:
            return None
        if count % 5 and not re.search(r"min|am|pm|a\.m|p\.m", m.group(), re.IGNORECASE):
            return None  # "pages 3 to 5": a count; "10 to 6", "3 minutes to 5pm" are clocks
        minutes = count
    hour = _hour(m.group("h"))
    if hour is None:
        return None
    period = (m.group("ampm") or "").lower()
    base = time(0, 0) if m.group("h").lower() == "midnight" else (
        time(12, 0) if m.group("h").lower() in ("noon", "midday") else _clock(hour, 0, period))
    if base is None:
        return None
    total = base.hour * 60 + (minutes if m.group("dir").lower() in ("past", "after") else -minutes)
    total %= 24 * 60
    return Part(m.start(), m.end(), clock=time(total // 60, total % 60), bare=not period and hour < 12)


def _en_time_with_period(m: re.Match[str], ctx: Ctx) -> Part | None:
    """"8 tonight", "at 7 in the evening", "3 in the morning", "9 tomorrow morning", "eight tonight"."""
    hour = _hour(m.group("h"))
    if hour is None:
        return None
    minute = int(m.group("min") or 0)
    said = m.group("p").lower()
    period = "pm" if re.search(r"tonight|evening|night|afternoon|pm", said) else (
        "am" if re.search(r"morning|am", said) else "")  # "9 tomorrow": business hours, as "at 9"
    clock = _clock(hour, minute, period)
    if clock is None:
        return None
    offset = 1 if re.search(r"tomorrow|tmrw?|tmw", said) else 0
    if offset or re.search(r"tonight|this", said):
        return Part(m.start(), m.end(), ctx.today + timedelta(days=offset), clock=clock,
                    tense="future" if offset else "today")
    return Part(m.start(), m.end(), clock=clock)


_CANTONESE_FIVES = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一")
_POINT_NOUNS = re.compile(r"建[议議]|意[见見]|要求|内容|[问問][题題]|看法|原因|注意|[说說]明|理由|想法|"
                          r"共[识識]|疑[问問]|[顾顧][虑慮]|需求|改[进進]|反[馈饋]|[结結][论論]")
_NOT_A_DAY_AFTER = set("次个遍天人台套件份期年回趟位")


def _zh_time(m: re.Match[str], ctx: Ctx) -> Part | None:
    hour = _count(m.group("h"))
    if hour is None:
        return None
    period = m.group("period") or ""
    if not period and not m.group("h").isdigit() and hour == 1 and not m.group("frac"):
        return None  # "快一点", "早一点": 一点 alone means "a bit"
    if not period and not m.group("frac") and (m.string[max(0, m.start() - 1): m.start()] == "第" or
                                               _POINT_NOUNS.match(m.string, m.end())):
        return None  # "第三点", "两点建议": 点 is a point made, not o'clock
    frac = m.group("frac") or ""
    minute = {"半": 30, "一刻": 15, "三刻": 45, "": 0}.get(frac)
    if minute is None:
        minute = _count(frac.rstrip("分").removesuffix("个字")) or 0
        if frac.removesuffix("个字") in _CANTONESE_FIVES:
            if not (m.group("tap") or frac.endswith("个字") or ctx.hant):
                # 两点三个人: in Mandarin a bare numeral after 点 is no minute; the clock ends at 点
                return Part(m.start(), m.end() - len(frac), clock=_clock(hour, 0, period), bare=not period)
            minute *= 5  # Cantonese: 三點三, 三點踏三, 三點三個字 = 3:15 (each 字 is five minutes)
    if not 0 <= minute <= 59:
        return None
    clock = _clock(hour, minute, period)
    if clock is not None and m.groupdict().get("cha"):
        cha = m.group("cha")
        before = 15 if cha == "一刻" else (_count(cha.rstrip("分")) or 0)
        total = (clock.hour * 60 + clock.minute - before) % (24 * 60)
        clock = time(total // 60, total % 60)
    day: date | None = None
    if period.startswith("今"):
        day = ctx.today
    elif period.startswith("明"):
        day = ctx.today + timedelta(days=1)
    elif period.startswith("昨"):
        day = ctx.today - timedelta(days=1)
    return Part(m.start(), m.end(), day, clock=clock, bare=not period) if clock else None


_FLAGS = re.IGNORECASE
_EN_UNITS = (r"(?P<unit>business days?|working days?|biz days?|days?|wks?|weeks?|fortnights?|months?|mos?|mths?|"
             r"years?|yrs?|hours?|hrs?|hr|h|minutes?|mins?|min)")
_ZH_UNITS = r"(?P<unit>小时|钟头|钟|分钟|秒钟|秒|天|日|星期|周|礼拜|月|年|工作日)"
_MONTH_DAY = rf"(?P<mon>{_MON})\.? ?(?:the )?(?P<d>\d{{1,2}}(?:st|nd|rd|th)?|{_ORD_WORD})(?!\d)(?:,? (?P<y>\d{{4}}))?"
_DAY_MONTH = rf"(?:the )?(?P<d2>{_ORD}|\d{{1,2}}) (?:of )?(?P<mon2>{_MON})\.?(?:,? (?P<y2>\d{{4}}))?"
_ZH_YEAR = rf"(?:(?P<y>\d{{4}}|\d{{2}}|[{_CN_DIGIT}]{{4}}|[{_CN_DIGIT}]{{2}})年|(?P<y_rel>今年|明年|后年|去年|前年))"


RULES: list[tuple[re.Pattern[str], Resolver]] = [
    (re.compile(rf"{_L}(?:the )?day after (?:tomorrow|tmrw?|tmr)", _FLAGS), _days(2, "future")),
    (re.compile(rf"{_L}(?:the )?day before yesterday{_R}", _FLAGS), _days(-2, "past")),
    (re.compile(rf"{_L}(?:today|tonight|tday|2day|this (?:morning|afternoon|evening)|earlier today){_R}", _FLAGS),
     _en_day_word(0, "today")),
    (re.compile(rf"{_L}(?:tomorrow|tomorow|tommorow|tommorrow|tmrw|tmrow|tmr|tmw|2moro|2morrow)"
                rf"(?: (?:morning|afternoon|evening|night))?{_R}", _FLAGS), _en_day_word(1, "future")),
    (re.compile(rf"{_L}(?:yesterday|yday|ystd|yest|last night){_R}", _FLAGS), _days(-1, "past")),
    # "by EOD", "end of day", "COB": today (a due date, not a clock); "EOD tomorrow" joins tomorrow below.
    (re.compile(rf"{_L}(?:eod|(?:the )?end of (?:the )?(?:business )?day|cob|close of business){_R}", _FLAGS),
     _days(0, "today")),
    (re.compile(rf"{_L}(?:eod|cob|end of (?:the )?day|close of business) (?:tomorrow|tmrw?|tmr){_R}", _FLAGS),
     _days(1, "future")),
    (gated(re.compile(rf"{_L}(?P<on>on |by |until |till |due |before )?(?P<pre>(?:next|this|coming|this coming|last|"
                rf"past|"
                rf"this past|the following|following) )?(?P<wd>{_WD})\.?(?P<post> (?:of |from )?(?:next week|this week|"
                rf"last week)|,? (?:the )?(?:week )?after next)?{_R}", _FLAGS), WEEKDAY_KEYS), _en_weekday),
    (gated(re.compile(rf"{_L}(?P<which>next|last|this) week(?:'s)? (?P<wd>{_WD}){_R}", _FLAGS), WEEKDAY_KEYS),
     lambda m, c: Part(m.start(), m.end(), weekday_in_week(
         c.today, WEEKDAYS_EN[m.group("wd").lower()], _month_offset(m.group("which"))),
         tense="future" if m.group("which").lower() == "next" else (
             "past" if m.group("which").lower() == "last" else "any"))),
    (gated(re.compile(rf"{_L}(?P<wd0>{_WD})\.?,? (?:{_MONTH_DAY}|{_DAY_MONTH}|(?:the )?(?P<d3>{_ORD}))(?!\d){_R}",
                      _FLAGS), WEEKDAY_KEYS), _en_weekday_date),
    (re.compile(rf"{_L}(?:early )?(?:the )?(?:next|nxt|following|coming) (?:week|wk){_R}", _FLAGS), _next_week),
    (re.compile(rf"{_L}(?:(?:by |until )?(?:the )?end of (?:the |this |next )?week|eow|(?:this |next )?week-?end){_R}",
                _FLAGS), _end_of_week),
    (re.compile(rf"{_L}(?:(?:the )?end of (?:the |this |next )?month|eom|(?:next )?month[- ]end){_R}", _FLAGS),
     _end_of_month),
    (re.compile(rf"{_L}(?:(?:the )?end of (?:the |this |next )?year|eoy|(?:next )?year[- ]end){_R}", _FLAGS),
     _end_of_year),
    (re.compile(rf"{_L}(?:(?:the )?end of (?:the |this )?quarter|eoq|quarter[- ]end){_R}", _FLAGS), _end_of_quarter),
    (re.compile(rf"{_L}(?:(?:by |before )?(?:the )?end of |eo)q(?P<q>[1-4]){_R}", _FLAGS), _end_of_named_quarter),
    (gated(re.compile(rf"{_L}(?:the )?(?P<edge>end|beginning|start|middle|mid)(?: of |[- ])(?:the )?(?P<which>{_MON}|"
                rf"{_REL_MONTH})\.?(?:,? (?P<y>\d{{4}}))?{_R}", _FLAGS), MONTH_KEYS, ("month",)), _en_month_edge),
    (re.compile(rf"{_L}(?:in|within|after) (?:about |around |roughly |another |the next )?(?P<n>{_EN_COUNT}) ?"
                rf"(?:more )?{_EN_UNITS}(?: and an? half)?(?: (?:time|from now))?{_R}", _FLAGS), _relative(1)),
    (re.compile(rf"{_L}(?:in|within) (?P<n>\d{{1,3}}) and an? half (?P<unit>hours?|days?|weeks?|months?|years?){_R}",
                _FLAGS), _relative(1)),
    (re.compile(rf"{_L}(?:in|within) (?:an? )?(?P<n>half) ?(?P<unit>hour|day|year){_R}", _FLAGS), _relative(1)),
    (re.compile(rf"{_L}(?P<n>{_EN_COUNT}) ?{_EN_UNITS} (?:from now|from today|later|out|hence){_R}", _FLAGS),
     _relative(1)),
    (re.compile(rf"{_L}(?P<n>{_EN_COUNT}) ?{_EN_UNITS} (?:ago|back|earlier){_R}", _FLAGS), _relative(-1)),
    (gated(re.compile(rf"{_L}{_MONTH_DAY}{_R}", _FLAGS), MONTH_KEYS), _en_month_day),
    (gated(re.compile(rf"{_L}{_DAY_MONTH}{_R}", _FLAGS), MONTH_KEYS), _en_month_day),
    (gated(re.compile(rf"{_L}(?:the )?(?P<d>{_ORD}|\d{{1,2}}) (?:day )?of (?P<which>{_REL_MONTH}){_R}", _FLAGS),
            ("month",)),
     _en_dom_of_month),
    (re.compile(r"(?<![\d\-/.])(?:(?P<iso_y>20\d\d)[-/.](?P<iso_m>\d{1,2})[-/.](?P<iso_d>\d{1,2})|"
                r"(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>\d{2}|\d{4}))?)(?![\d\-/.]|\s?%)(?<!24/7)"), _numeric_date),
    # "on the 18th" is a day; "the 2nd milestone", "the 3rd floor" are ordinals.
    (re.compile(rf"{_L}the (?P<d>\d{{1,2}}(?:st|nd|rd|th)){_R}(?!\s+(?!{_DOM_NEXT})[a-z])", _FLAGS), _en_dom),
    (re.compile(rf"{_L}(?:on|by|before|until|till|due|from|after) the (?P<d>{_ORD_WORD}){_R}"
                rf"(?!\s+(?!{_DOM_NEXT})[a-z])", _FLAGS), _en_dom),
    *HOLIDAY_RULES,
    # Chinese (traditional and Cantonese are folded to these forms first, see hant.py)
    (re.compile(r"大后天"), _days(3, "future")),
    (re.compile(r"大前天"), _days(-3, "past")),
    (re.compile(r"后天"), _days(2, "future")),
    (re.compile(r"前天"), _days(-2, "past")),
    (re.compile(r"今天|今日|今儿|今早|今晨|当天"), _days(0, "today")),
    (re.compile(r"明天|明日|明儿|明早"), _days(1, "future")),
    (re.compile(r"昨天|昨日|昨儿|昨晚"), _days(-1, "past")),
    (re.compile(r"(?P<pre>(?:下)+个?|(?:上)+个?|这个?|本)?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天1-7])"), _zh_weekday),
    (re.compile(r"(?:下个?|这个?|本)?周末"), _end_of_week),
    (re.compile(r"下+个?(?:周|星期|礼拜)(?![一二三四五六日天1-7末])"), _next_week),
    (re.compile(r"(?:本月|这个月|当月|下个?月|月)(?:底|末)(?!\d)"), _end_of_month),
    (re.compile(r"(?:今年|明年)?(?:年底|年末|年终)"), _end_of_year),
    (re.compile(r"(?P<rel>[上下]一?个?)季度(?:末|底)"), _end_of_next_or_last_quarter),
    (re.compile(r"(?<![上下个])(?:本季度|这个季度|季度)(?:末|底)|(?<![上下个])季末"), _end_of_quarter),
    (re.compile(rf"(?:{_ZH_YEAR})?(?P<m>{_CN_SMALL})月(?P<edge>底|末|初|中旬|上旬|下旬|中)(?![文国心])"),
     _zh_month_edge),
    (re.compile(r"(?P<rel>下个?月|这个月|本月|上个?月|(?<![\d一二两三四五六七八九十])月)(?P<edge>初|中旬|底|末)"
                r"|(?P<rel2>下个?月|这个月|本月|上个?月)(?P<edge2>中)(?!心|国|文)"),
     _zh_month_edge),
    (re.compile(rf"(?<!\d)(?P<n>{_CN_COUNT}|半)(?P<half>个半)?个?{_ZH_UNITS}(?P<half2>半)?"
                r"(?P<dir>后|之后|以后|过后|内|之内|以内)"),
     _relative(1)),
    (re.compile(rf"过(?P<n>{_CN_COUNT}|半)个?(?P<unit>天|日|星期|周|礼拜|月|小时|钟头|分钟)"), _relative(1)),
    (re.compile(rf"(?P<n>{_CN_COUNT}|半)(?P<half>个半)?个?(?P<unit>天|日|星期|周|礼拜|月|年|小时|钟头|钟|分钟|秒钟|秒)"
                r"(?P<half2>半)?(?:前|之前|以前)(?!后)"), _relative(-1)),
    (re.compile(rf"(?:{_ZH_YEAR})?(?P<m>{_CN_SMALL})月(?P<d>{_CN_SMALL})(?:日|号)?"), _zh_month_day),
    (re.compile(rf"(?P<rel>下个?月|这个月|本月|当月|上个?月)(?P<d>{_CN_SMALL})(?:日|号)"), _zh_rel_month_dom),
    (re.compile(rf"(?<![月\d年])(?P<d>{_CN_SMALL})(?:日|号)(?![楼线院])"), _zh_dom),
    # Times of day
    (re.compile(rf"{_L}(?:(?P<at>at |@ ?|around |about |by )?"
                rf"(?:(?P<noon>noon|midday|mid-day|mid day|midnight|lunchtime)|"
                rf"(?P<hhmm>\d{{3,4}}) ?(?=(?:a\.m\.?|p\.m\.?|am|pm)(?![a-z]))|"
                rf"(?P<h>\d{{1,2}}|{_HOUR_WORD})(?:(?P<hsep>h)(?P<hmin>\d{{2}})?|:(?P<min>\d{{2}})(?::\d{{2}})?)?"
                rf"(?P<oclock> ?o'?clock)?)(?: ?(?P<ampm>{_AMPM}))?)(?!\d|:\d|/|%)(?![A-Za-z])", _FLAGS),
     _en_time),
    (re.compile(rf"{_L}(?P<q>a quarter|quarter|half|\d{{1,2}}|{_EN_WORD_COUNT})(?: minutes?| mins?)? "
                rf"(?P<dir>past|after|to|till|before|of) (?P<h>\d{{1,2}}|{_HOUR_WORD}|noon|midnight)"
                rf"(?: ?(?P<ampm>{_AMPM}))?{_R}", _FLAGS), _en_relative_clock),
    (re.compile(rf"{_L}(?:at )?(?P<h>\d{{1,2}}|{_HOUR_WORD})(?::(?P<min>\d{{2}}))?(?: ?o'?clock)? "
                rf"(?P<p>in the (?:morning|afternoon|evening|am|pm)|at night|tonight|"
                rf"this (?:morning|afternoon|evening)|"
                rf"(?:tomorrow|tmrw?|tmw)(?: (?:morning|afternoon|evening|night))?|today){_R}", _FLAGS),
     _en_time_with_period),
    (re.compile(rf"{_L}(?:(?P<at>at |@ ?)(?P<hhmm>(?:[01]?\d|2[0-3])[0-5]\d)(?![.\-/,]\d){_NOT_A_QUANTITY}"
                rf"(?:ish)?|"
                rf"(?P<at3>around |about |approximately |approx\.? )(?P<hhmm2>(?:[01]?\d|2[0-3])[0-5]\d)"
                rf"(?=ish|\s*(?:$|[,;!?)]|\.(?!\d)|\s(?:am|pm|tomorrow|today|tonight|on|in the)\b))(?:ish)?|"
                rf"(?P<at2>at )?(?P<h>{_HOUR_WORD}) "
                rf"(?P<mm>(?:twenty|thirty|forty|fifty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
                rf"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))"
                rf"(?: ?(?P<ampm>{_AMPM})| (?P<p>in the "
                rf"(?:morning|afternoon|evening)|tonight|at night))?(?![A-Za-z0-9]|:\d)", _FLAGS),
     lambda m, c: _en_spelled_clock(m, c) if _grp(m, "hhmm", "hhmm2", "at2", "ampm", "p") else None),
    (gated(re.compile(rf"{_L}half (?P<h>\d{{1,2}}|{_HOUR_WORD})(?: ?(?P<ampm>{_AMPM}))?(?![A-Za-z0-9:]| ?%)",
                      _FLAGS), ("half",)), _en_half_hour),
    (re.compile(r"(?P<period>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|今晚|明晚|明早|今早|昨晚|夜里|半夜|早|晚)?\s?"
                r"(?:差(?P<cha>一刻|\d{1,2}分?|[一二三四五]?十?[一二三四五六七八九]?分))?"
                r"(?P<h>\d{1,2}|[一二两三四五六七八九十]{1,3})\s?(?:点钟?|时|:)(?!\d{3})(?P<tap>[踏搭])?"
                r"(?P<frac>半|一刻|三刻|\d{1,2}分?|[一二三四五]?十[一二三四五六七八九]?分?|[零〇][一二三四五六七八九]分?|"
                r"(?<=[踏搭点])(?:十一|[一二三四五六七八九十])(?:个字)?)?"),
     _zh_time),
    (re.compile(r"午夜|半夜十二点|零点"), lambda m, c: Part(m.start(), m.end(), clock=time(0, 0))),
    (re.compile(r"中午(?!\s?(?:\d|[一二两三四五六七八九十]{1,3}\s?[点时:]))"),
     lambda m, c: Part(m.start(), m.end(), clock=time(12, 0))),
    (re.compile(r"(?:上午|下午|早上|早晨|傍晚|晚上)(?!\s?(?:\d|[一二两三四五六七八九十]{1,3}\s?[点时:]))"),
     lambda m, c: Part(m.start(), m.end(), c.today, tense="today", period=True)),
    (re.compile(rf"{_L}in the (?P<part>morning|afternoon|evening){_R}", _FLAGS),
     lambda m, c: Part(m.start(), m.end(), c.today, tense="today", period=True,
                       half="am" if m.group("part").lower() == "morning" else "pm")),
    (re.compile(r"今晚|明晚"), lambda m, c: Part(m.start(), m.end(), c.today + timedelta(
        days=1 if m.group().startswith("明") else 0), tense="future" if m.group().startswith("明") else "today",
        half="pm")),
    *PERIOD_RULES,
    *RANGE_RULES,
    *DAY_RULES,
]


def _script(pattern: re.Pattern[str]) -> str:
    """Which text a rule can match at all: Chinese rules need Chinese, English word rules need letters."""
    if re.search(r"[\u4e00-\u9fff]", pattern.pattern) and not pattern.pattern.startswith(_L):
        return "zh"
    if pattern.pattern.startswith(_L) and "(?P<h>" not in pattern.pattern:
        return "en"
    return "any"


# Skipping rules that cannot match keeps the date lexer cheap (it runs on every message).
SCRIPTS: list[str] = [_script(pattern) for pattern, _ in RULES]
KEYS: list[Gate] = [GATES.get(pattern, ()) for pattern, _ in RULES]
