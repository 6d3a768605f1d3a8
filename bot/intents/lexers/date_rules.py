"""The date and time-of-day expressions we recognise, English and Chinese, as (pattern, resolver) pairs.

Each resolver turns a regex match into a `Part`: a calendar day or a time of day, with the span it covers
and whether the expression itself points back in time ("yesterday", 上周三) or forward ("tomorrow").
`dates.py` joins a day with an adjacent time ("tmr 3pm", 明天下午三点) and applies the past/future rule.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.intents.lexers.calendar import (
    MONTHS_EN,
    WEEKDAYS_EN,
    WEEKDAYS_ZH,
    add_months,
    day_of_month,
    end_of_month,
    month_day,
    week_start,
    weekday_in_week,
)
from bot.intents.lexers.clock_rules import CLOCK_RULES
from bot.intents.lexers.date_words import (
    AFTER_DAY_OF_MONTH as _DOM_NEXT,
)
from bot.intents.lexers.date_words import (
    CN_COUNT as _CN_COUNT,
)
from bot.intents.lexers.date_words import (
    CN_DIGITS as _CN_DIGIT,
)
from bot.intents.lexers.date_words import (
    CN_SMALL as _CN_SMALL,
)
from bot.intents.lexers.date_words import (
    EN_COUNT as _EN_COUNT,
)
from bot.intents.lexers.date_words import (
    MONTH_WORDS as _MON,
)
from bot.intents.lexers.date_words import (
    ORDINAL as _ORD,
)
from bot.intents.lexers.date_words import (
    ORDINAL_WORDS as _ORD_WORD,
)
from bot.intents.lexers.date_words import (
    RELATIVE_MONTH as _REL_MONTH,
)
from bot.intents.lexers.date_words import (
    WEEKDAY_WORDS as _WD,
)
from bot.intents.lexers.date_words import (
    WORD_END as _R,
)
from bot.intents.lexers.date_words import (
    WORD_START as _L,
)
from bot.intents.lexers.date_words import (
    count as _count,
)
from bot.intents.lexers.date_words import (
    month_offset as _month_offset,
)
from bot.intents.lexers.date_words import (
    ordinal as _ordinal,
)
from bot.intents.lexers.date_words import (
    year_of as _year,
)
from bot.intents.lexers.day_rules import DAY_RULES, agreeing_year
from bot.intents.lexers.holidays import HOLIDAY_RULES
from bot.intents.lexers.offsets import (
    adjacent_quarter_end_day,
    month_end_day,
    named_quarter_end_day,
    next_week_day,
    offset_from_today,
    quarter_end_day,
    week_end_day,
    year_end_day,
)
from bot.intents.lexers.parts import GATES, MONTH_KEYS, WEEKDAY_KEYS, Ctx, Gate, Part, Resolver, Tense, gated, grp
from bot.intents.lexers.periods import PERIOD_RULES
from bot.intents.lexers.ranges import RANGE_RULES

_grp = grp



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


# 3月5个, 一月一次: a count after the number, not a day of the month.
_NOT_A_DAY_AFTER = set("次个遍天人台套件份期年回趟位")


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
    (re.compile(rf"{_L}(?:early )?(?:the )?(?:next|nxt|following|coming) (?:week|wk){_R}", _FLAGS), next_week_day),
    (re.compile(rf"{_L}(?:(?:by |until )?(?:the )?end of (?:the |this |next )?week|eow|(?:this |next )?week-?end){_R}",
                _FLAGS), week_end_day),
    (re.compile(rf"{_L}(?:(?:the )?end of (?:the |this |next )?month|eom|(?:next )?month[- ]end){_R}", _FLAGS),
     month_end_day),
    (re.compile(rf"{_L}(?:(?:the )?end of (?:the |this |next )?year|eoy|(?:next )?year[- ]end){_R}", _FLAGS),
     year_end_day),
    (re.compile(rf"{_L}(?:(?:the )?end of (?:the |this )?quarter|eoq|quarter[- ]end){_R}", _FLAGS), quarter_end_day),
    (re.compile(rf"{_L}(?:(?:by |before )?(?:the )?end of |eo)q(?P<q>[1-4]){_R}", _FLAGS), named_quarter_end_day),
    (gated(re.compile(rf"{_L}(?:the )?(?P<edge>end|beginning|start|middle|mid)(?: of |[- ])(?:the )?(?P<which>{_MON}|"
                rf"{_REL_MONTH})\.?(?:,? (?P<y>\d{{4}}))?{_R}", _FLAGS), MONTH_KEYS, ("month",)), _en_month_edge),
    (re.compile(rf"{_L}(?:in|within|after) (?:about |around |roughly |another |the next )?(?P<n>{_EN_COUNT}) ?"
                rf"(?:more )?{_EN_UNITS}(?: and an? half)?(?: (?:time|from now))?{_R}", _FLAGS), offset_from_today(1)),
    (re.compile(rf"{_L}(?:in|within) (?P<n>\d{{1,3}}) and an? half (?P<unit>hours?|days?|weeks?|months?|years?){_R}",
                _FLAGS), offset_from_today(1)),
    (re.compile(rf"{_L}(?:in|within) (?:an? )?(?P<n>half) ?(?P<unit>hour|day|year){_R}", _FLAGS), offset_from_today(1)),
    (re.compile(rf"{_L}(?P<n>{_EN_COUNT}) ?{_EN_UNITS} (?:from now|from today|later|out|hence){_R}", _FLAGS),
     offset_from_today(1)),
    (re.compile(rf"{_L}(?P<n>{_EN_COUNT}) ?{_EN_UNITS} (?:ago|back|earlier){_R}", _FLAGS), offset_from_today(-1)),
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
    (re.compile(r"(?:下个?|这个?|本)?周末"), week_end_day),
    (re.compile(r"下+个?(?:周|星期|礼拜)(?![一二三四五六日天1-7末])"), next_week_day),
    (re.compile(r"(?:本月|这个月|当月|下个?月|月)(?:底|末)(?!\d)"), month_end_day),
    (re.compile(r"(?:今年|明年)?(?:年底|年末|年终)"), year_end_day),
    (re.compile(r"(?P<rel>[上下]一?个?)季度(?:末|底)"), adjacent_quarter_end_day),
    (re.compile(r"(?<![上下个])(?:本季度|这个季度|季度)(?:末|底)|(?<![上下个])季末"), quarter_end_day),
    (re.compile(rf"(?:{_ZH_YEAR})?(?P<m>{_CN_SMALL})月(?P<edge>底|末|初|中旬|上旬|下旬|中)(?![文国心])"),
     _zh_month_edge),
    (re.compile(r"(?P<rel>下个?月|这个月|本月|上个?月|(?<![\d一二两三四五六七八九十])月)(?P<edge>初|中旬|底|末)"
                r"|(?P<rel2>下个?月|这个月|本月|上个?月)(?P<edge2>中)(?!心|国|文)"),
     _zh_month_edge),
    (re.compile(rf"(?<!\d)(?P<n>{_CN_COUNT}|半)(?P<half>个半)?个?{_ZH_UNITS}(?P<half2>半)?"
                r"(?P<dir>后|之后|以后|过后|内|之内|以内)"),
     offset_from_today(1)),
    (re.compile(rf"过(?P<n>{_CN_COUNT}|半)个?(?P<unit>天|日|星期|周|礼拜|月|小时|钟头|分钟)"), offset_from_today(1)),
    (re.compile(rf"(?P<n>{_CN_COUNT}|半)(?P<half>个半)?个?(?P<unit>天|日|星期|周|礼拜|月|年|小时|钟头|钟|分钟|秒钟|秒)"
                r"(?P<half2>半)?(?:前|之前|以前)(?!后)"), offset_from_today(-1)),
    (re.compile(rf"(?:{_ZH_YEAR})?(?P<m>{_CN_SMALL})月(?P<d>{_CN_SMALL})(?:日|号)?"), _zh_month_day),
    (re.compile(rf"(?P<rel>下个?月|这个月|本月|当月|上个?月)(?P<d>{_CN_SMALL})(?:日|号)"), _zh_rel_month_dom),
    (re.compile(rf"(?<![月\d年])(?P<d>{_CN_SMALL})(?:日|号)(?![楼线院])"), _zh_dom),
    *CLOCK_RULES,
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
