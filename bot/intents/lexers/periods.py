"""Periods: a month, quarter, year or week said as a whole ("in March", "next month", Q3, "this year", 下个月,
下季度, 明年, 这周), a part of one ("early March", "beginning of the year", 年初), and rolling spans ("last 2
weeks", "the next 3 days", 过去三天, 未来两周).

The convention (docs/intents.md, "Dates"): a period's value is its **first day**, `grain` says how much of the
calendar it covers and `last` is its last day — "close in March" is 1 March with `last` 31 March, so a deadline
slot can take `last` and a reminder the first day. A month or quarter named alone is its next occurrence, the
current one included (in March, "March" is this March); "next March" is the first March after this month.
Looking back (`past=True`) it is the most recent one, the current one included. "last/next N days|weeks|months"
are the N whole units before or after the current one (on Tuesday, "last 2 weeks" starts two Mondays ago).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from bot.intents.lexers.calendar import MONTHS_EN, add_months, end_of_month, week_start
from bot.intents.lexers.numbers import parse_number
from bot.intents.lexers.parts import MONTH_KEYS, Ctx, Part, Resolver, gate_zh, gated, grp, period_part, tense_of

_L = r"(?<![A-Za-z0-9])"
_R = r"(?![A-Za-z])"
_F = re.IGNORECASE
_MON = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
# Month names that are also ordinary words or first names: read only with a cue ("in May", "May 2027").
_AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "june", "jun", "august", "aug", "jan", "dec", "sept", "sep",
                               "oct", "nov", "feb", "apr", "jul"})
# First names among them: "from Jan", "for June", "with May" are people.
_NAME_MONTHS = frozenset({"jan", "june", "may"})
_CUE = (r"(?:in|during|by|until|till|before|since|after|from|for|of|through|thru|throughout|around|"
        r"next|last|this|coming|the following|following|past|previous|every|all|with)")
_WORD_COUNTS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "couple of": 2,
                "a few": 3, "few": 3, "several": 3}
_EN_N = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|couple of|a few|few|" \
        r"several)"
_CN_N = r"(?:\d{1,2}|[一二两三四五六七八九十]{1,3}|几)"
_ORDINAL_Q = {"1": 1, "2": 2, "3": 3, "4": 4, "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1,
              "2nd": 2, "3rd": 3, "4th": 4, "一": 1, "二": 2, "三": 3, "四": 4, "1季": 1}
_CN_DIGITS = "〇零一二两三四五六七八九"


def _n(token: str) -> int | None:
    token = token.strip().lower()
    if token in _WORD_COUNTS:
        return _WORD_COUNTS[token]
    if token == "几":
        return 3
    value = parse_number(token)
    return int(value) if value is not None and value == int(value) and 0 < value <= 100 else None


def _year_token(token: str, today: date) -> int | None:
    token = token.strip().lower()
    token = token[:-1] if token.endswith("年") else token
    relative = {"今": 0, "明": 1, "下": 1, "后": 2, "去": -1, "上": -1, "前": -2, "这一": 0, "本": 0, "this year": 0,
                "next year": 1, "last year": -1}
    if token in relative:
        return today.year + relative[token]
    if token.isdigit():
        year = int(token)
        return year + 2000 if year < 100 else year
    if token and all(ch in _CN_DIGITS for ch in token):
        digits = token.replace("两", "二").replace("零", "〇")
        year = int("".join(str("〇一二三四五六七八九".index(ch)) for ch in digits))
        return year + 2000 if year < 100 else year
    return None


def _quarter_first(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


def _quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def period(start: int, end: int, first: date, grain: str, today: date) -> Part:
    last = {
        "week": first + timedelta(days=6),
        "month": end_of_month(first),
        "quarter": end_of_month(add_months(first, 2)),
        "year": date(first.year, 12, 31),
    }[grain]
    return period_part(start, end, first, last, today, grain)


def span(start: int, end: int, first: date, last: date, today: date, grain: str = "day") -> Part:
    return period_part(start, end, first, last, today, grain)


def _offset_of(word: str) -> int | None:
    word = word.lower().strip()
    if re.fullmatch(r"(?:the )?(?:next|following|coming|upcoming)|下个?|下一个?|来", word):
        return 1
    if re.fullmatch(r"(?:the )?(?:last|previous|past|prior)|上个?|上一个?|前", word):
        return -1
    if re.fullmatch(r"(?:this|current|the current|this coming|all|the)?|这个?|这一个?|本|当|今|今个|这一", word):
        return 0
    if word in ("下下个", "下下"):
        return 2
    if word in ("上上个", "上上"):
        return -2
    return None


# ---- months ------------------------------------------------------------------------------------------

def _month_occurrence(ctx: Ctx, month: int, which: str) -> date:
    """A named month: this year's unless it would point the wrong way ("next"/"last" skip the current month)."""
    this = date(ctx.today.year, month, 1)
    current = date(ctx.today.year, ctx.today.month, 1)
    if which == "next":
        return this if this > current else this.replace(year=this.year + 1)
    if which in ("last", "past", "previous"):
        return this if this < current else this.replace(year=this.year - 1)
    if which == "this":
        return this
    if ctx.past:
        return this if this <= current else this.replace(year=this.year - 1)
    return this if this >= current else this.replace(year=this.year + 1)


_DAY_BEFORE = re.compile(r"\d(?:st|nd|rd|th)?[ \-/]?(?:of )?$", re.IGNORECASE)


def _en_month(m: re.Match[str], ctx: Ctx) -> Part | None:
    name = m.group("mon").lower().rstrip(".")
    cue = (m.group("cue") or "").lower().strip()
    if _DAY_BEFORE.search(m.string, 0, m.start()):
        return None  # "31 november": a day of that month (or an impossible one), not the month
    year = m.group("y")
    whole = m.string.strip(" .!?,;:").lower() == m.group().strip().lower()
    if name in _NAME_MONTHS and cue in ("from", "for", "of", "with", "after") and not year:
        return None  # "an email from Jan", "a call with May"
    if cue == "with":
        return None
    if name in _AMBIGUOUS_MONTHS and not (cue or year or whole or m.group("of") or m.group("edge")):
        return None  # "may we", "march forward", "June said", "Jan from sales"
    month = MONTHS_EN[name]
    start = m.start("mon") if cue in ("in", "during", "by", "until", "till", "before", "since", "after", "from",
                                      "for", "of", "through", "thru", "throughout", "around", "every", "all") \
        else m.start()
    if year:
        first = date(int(year), month, 1)
    else:
        which = "next" if cue in ("next", "coming", "the following", "following") else (
            "last" if cue in ("last", "past", "previous") else ("this" if cue == "this" else ""))
        first = _month_occurrence(ctx, month, which)
    if m.group("after_next"):
        first = first.replace(year=first.year + 1)
    part = period(start, m.end(), first, "month", ctx.today)
    return _month_part(m, part, ctx)


def _month_part(m: re.Match[str], part: Part, ctx: Ctx) -> Part:
    """"early March" → 1st–10th, "late March" → 21st–end; "mid March" stays with the month-edge rule (the 15th)."""
    edge = grp(m, "edge").lower()
    if not edge or part.day is None or part.last is None:
        return part
    if edge == "early":
        return span(part.start, part.end, part.day, part.day.replace(day=10), ctx.today)
    return span(part.start, part.end, part.day.replace(day=21), part.last, ctx.today)


def _rel_month(m: re.Match[str], ctx: Ctx) -> Part | None:
    said = m.group("which")
    offset = _offset_of(said)
    if offset is None:
        return None
    if m.group("n2"):
        offset = 2 if re.search("next|following|coming", said, _F) else -2
    first = add_months(ctx.today.replace(day=1), offset)
    return period(m.start(), m.end(), first, "month", ctx.today)


def _numeric_month(m: re.Match[str], ctx: Ctx) -> Part | None:
    """"2014-10", "2014/10", "10/2014", "2/2013"."""
    year = int(m.group("y") or m.group("y2"))
    month = int(m.group("m") or m.group("m2"))
    if not 1 <= month <= 12 or not 1900 <= year <= 2100:
        return None
    return period(m.start(), m.end(), date(year, month, 1), "month", ctx.today)


def _zh_month(m: re.Match[str], ctx: Ctx) -> Part | None:
    """3月, 3月份, 三月, 明年九月, 2027年3月, 下年9月."""
    raw = m.group("m")
    month = int(raw) if raw.isdigit() else _n(raw)
    if month is None or not 1 <= month <= 12:
        return None
    if not raw.isdigit() and not m.group("fen") and not m.group("y") and raw in ("一", "两", "几"):
        return None  # 一月一次, 两月: counts, not months
    year = _year_token(m.group("y"), ctx.today) if m.group("y") else None
    first = date(year, month, 1) if year else _month_occurrence(ctx, month, "")
    return period(m.start(), m.end(), first, "month", ctx.today)


def _zh_rel_month(m: re.Match[str], ctx: Ctx) -> Part | None:
    offset = _offset_of(m.group("which"))
    if offset is None:
        return None
    return period(m.start(), m.end(), add_months(ctx.today.replace(day=1), offset), "month", ctx.today)


# ---- quarters ----------------------------------------------------------------------------------------

def _quarter_occurrence(ctx: Ctx, quarter: int, year: int | None) -> date:
    if year is not None:
        return _quarter_first(year, quarter)
    current = _quarter_of(ctx.today)
    if ctx.past:
        return _quarter_first(ctx.today.year - (quarter > current), quarter)
    return _quarter_first(ctx.today.year + (quarter < current), quarter)


def _named_quarter(m: re.Match[str], ctx: Ctx) -> Part | None:
    q = grp(m, "q", "q2", "q3", "q4", "q5").lower()
    quarter = _ORDINAL_Q.get(q) or _n(q)
    if quarter is None or not 1 <= quarter <= 4:
        return None
    raw_year = grp(m, "y", "y2", "y3", "y4")
    year = _year_token(raw_year, ctx.today) if raw_year else None
    part = period(m.start(), m.end(), _quarter_occurrence(ctx, quarter, year), "quarter", ctx.today)
    if grp(m, "qedge") and part.last is not None:  # 三季度末: the quarter's last day
        return Part(part.start, part.end, part.last, tense=tense_of(part.last, part.last, ctx.today))
    return part


def _rel_quarter(m: re.Match[str], ctx: Ctx) -> Part | None:
    offset = _offset_of(m.group("which"))
    if offset is None:
        return None
    first = add_months(_quarter_first(ctx.today.year, _quarter_of(ctx.today)), 3 * offset)
    return period(m.start(), m.end(), first, "quarter", ctx.today)


# ---- years and weeks ---------------------------------------------------------------------------------

def _rel_year(m: re.Match[str], ctx: Ctx) -> Part | None:
    said = m.group("which")
    offset = _offset_of(said) if said is not None else None
    if offset is None and not grp(m, "y"):
        offset = 0  # "beginning of year"
    year = ctx.today.year + offset if offset is not None else _year_token(grp(m, "y"), ctx.today)
    if year is None or not 1900 <= year <= 2100:
        return None
    part = period(m.start(), m.end(), date(year, 1, 1), "year", ctx.today)
    edge = grp(m, "edge").lower()
    if edge in ("beginning", "start", "early", "初", "年初"):
        return span(part.start, part.end, date(year, 1, 1), date(year, 1, 31), ctx.today)
    if edge in ("end", "late", "底", "末", "年底", "年末"):
        return Part(part.start, part.end, date(year, 12, 31), tense=tense_of(date(year, 12, 31), date(year, 12, 31),
                                                                           ctx.today))
    if edge in ("mid", "middle", "年中"):
        return span(part.start, part.end, date(year, 7, 1), date(year, 7, 31), ctx.today)
    return part


def _zh_year(m: re.Match[str], ctx: Ctx) -> Part | None:
    year = _year_token(m.group("y"), ctx.today)
    if year is None or not 1900 <= year <= 2100:
        return None
    part = period(m.start(), m.end(), date(year, 1, 1), "year", ctx.today)
    edge = m.group("edge") or ""
    if edge == "初":
        return span(part.start, part.end, date(year, 1, 1), date(year, 1, 31), ctx.today)
    if edge == "中":
        return span(part.start, part.end, date(year, 7, 1), date(year, 7, 31), ctx.today)
    return part


def _rel_week(m: re.Match[str], ctx: Ctx) -> Part | None:
    offset = _offset_of(m.group("which"))
    if offset is None:
        return None
    monday = week_start(ctx.today) + timedelta(days=7 * offset)
    edge = grp(m, "edge").lower()
    if edge in ("beginning", "start", "early"):
        return Part(m.start(), m.end(), monday, tense=tense_of(monday, monday, ctx.today))
    if edge in ("end",):
        friday = monday + timedelta(days=4)
        return Part(m.start(), m.end(), friday, tense=tense_of(friday, friday, ctx.today))
    if edge == "rest":
        return span(m.start(), m.end(), ctx.today, monday + timedelta(days=6), ctx.today)
    return period(m.start(), m.end(), monday, "week", ctx.today)


# ---- rolling spans -----------------------------------------------------------------------------------

_UNIT_GRAIN = {"day": "day", "days": "day", "天": "day", "日": "day", "week": "week", "weeks": "week", "wks": "week",
               "wk": "week", "周": "week", "星期": "week", "礼拜": "week", "个星期": "week", "个礼拜": "week",
               "个周": "week", "month": "month", "months": "month", "个月": "month", "月": "month",
               "quarter": "quarter", "quarters": "quarter", "qtr": "quarter", "qtrs": "quarter", "个季度": "quarter",
               "季度": "quarter", "year": "year", "years": "year", "yrs": "year", "yr": "year", "年": "year"}


def _unit_start(day: date, grain: str) -> date:
    if grain == "week":
        return week_start(day)
    if grain == "month":
        return day.replace(day=1)
    if grain == "quarter":
        return _quarter_first(day.year, _quarter_of(day))
    if grain == "year":
        return date(day.year, 1, 1)
    return day


def _shift(day: date, grain: str, count: int) -> date:
    if grain == "day":
        return day + timedelta(days=count)
    if grain == "week":
        return day + timedelta(days=7 * count)
    months = {"month": 1, "quarter": 3, "year": 12}[grain]
    return add_months(day, months * count)


def rolling(start: int, end: int, count: int, grain: str, sign: int, ctx: Ctx) -> Part:
    """The `count` whole units after (sign 1) or before (sign −1) the current one."""
    current = _unit_start(ctx.today, grain)
    if sign > 0:
        first = _shift(current, grain, 1)
        last = _shift(current, grain, count + 1) - timedelta(days=1)
    else:
        first = _shift(current, grain, -count)
        last = current - timedelta(days=1)
    return replace(span(start, end, first, last, ctx.today, grain), rolling=True)


def _rolling(m: re.Match[str], ctx: Ctx) -> Part | None:
    said = m.group("which").lower().strip()
    count = _n(m.group("n"))
    grain = _UNIT_GRAIN.get(m.group("unit").lower())
    if count is None or grain is None or count > 60:
        return None
    sign = -1 if re.search(r"last|past|previous|prior|过去|上|前|最近|近", said) else 1
    return rolling(m.start(), m.end(), count, grain, sign, ctx)


_ZH_WHICH_MONTH = r"(?P<which>下下个?|上上个?|下个|下一个|下|上个|上一个|上|这个|这一个|本|当)"
_YEAR_WORD = rf"(?:\d{{4}}|[{_CN_DIGITS}]{{4}}|\d{{2}}|今|明|去|后|前|下|上)年"

PERIOD_RULES: list[tuple[re.Pattern[str], Resolver]] = [
    # "in March", "next March", "March 2027", "early March", "March after next", "the month of May"
    (gated(re.compile(rf"{_L}(?:(?P<cue>{_CUE}) (?:the )?)?(?:(?P<edge>early|late) )?(?P<of>(?:the )?month of )?"
                rf"(?P<mon>{_MON})\.?(?:,? (?:of )?(?P<y>(?:19|20)\d\d))?(?P<after_next> after next)?{_R}"
                rf"(?! ?\d)(?!-\d)", _F), MONTH_KEYS), _en_month),
    (gated(re.compile(rf"{_L}(?P<which>(?:the )?(?:next|following|coming|last|previous|past|this|current)) month"
                rf"(?P<n2> after next| before last)?{_R}", _F), ("month",)), _rel_month),
    (re.compile(r"(?<![\d/.\-:])(?:(?P<y>(?:19|20)\d\d)[-/](?P<m>\d{1,2})|(?P<m2>\d{1,2})/(?P<y2>(?:19|20)\d\d))"
                r"(?![\d\-/.:])"), _numeric_month),
    # Quarters: Q3, Q4 2027, 3rd quarter, the third qtr of 2027, 2027Q4, 27q4, 第三季度, 三季度, 明年一季度
    (gated(re.compile(rf"{_L}(?:(?:the )?(?P<q2>first|second|third|fourth|1st|2nd|3rd|4th) (?:quarter|"
                rf"qtr)(?:,? (?:of )?"
                rf"(?P<y2>(?:19|20)\d\d))?|q(?P<q>[1-4])(?:,? ?(?:fy)?(?P<y>(?:19|20)\d\d))?|"
                rf"(?P<y3>(?:19|20)?\d\d) ?q(?P<q3>[1-4]))(?![A-Za-z0-9])", _F), ("q",)), _named_quarter),
    (re.compile(rf"(?:(?P<y4>{_YEAR_WORD})的?)?(?:第(?P<q4>[一二三四1-4])季度?|(?P<q5>[一二三四1-4])季度)"
                r"(?P<qedge>[末底])?"), _named_quarter),
    (gated(re.compile(rf"{_L}(?P<which>(?:the )?(?:next|following|coming|last|previous|past|this|current)) "
                rf"(?:quarter|qtr){_R}", _F), ("quarter", "qtr")), _rel_quarter),
    (re.compile(r"(?P<which>下个|下一个|下|上个|上一个|上|这个|这一个|本|当)季度?(?![末底])"), _rel_quarter),
    # Years: this year, next yr, in 2027, the year 2027, beginning of next year, 明年, 今年, 2027年, 年初
    (gated(re.compile(rf"{_L}(?:(?:at )?(?:the )?(?P<edge>beginning|start|end|middle|mid|early|late)(?: of|"
                rf"-)? (?:the )?)?"
                rf"(?:(?P<which>(?:the )?(?:next|following|coming|last|previous|past|this|current)) (?:year|yr)|"
                rf"(?:(?<=in )|(?<=during )|(?<=since )|(?<=through )|(?<=before )|(?<=after )|(?<=by )|"
                rf"(?<=until )|(?<=of )|the year |year )(?P<y>(?:19|20)\d\d))(?: ?a\.?d\.?)?{_R}(?![\d/\-])", _F),
            ("year", "yr", "19", "20")),
     _rel_year),
    (gated(re.compile(rf"{_L}(?:(?:at )?(?:the )?(?P<edge>beginning|start|middle|mid|early)(?: of|-) (?:the )?)"
                rf"(?:(?P<which>this|current|the) )?(?:year|yr){_R}", _F), ("year", "yr")), _rel_year),
    (re.compile(rf"(?P<y>(?:\d{{4}}|[{_CN_DIGITS}]{{4}}|今|明|去|后|前|下)年|这一年|本年度)(?P<edge>初|中(?![秋元]))?"
                r"(?![\d一二三四五六七八九十底末终尾])(?![\u4e00-\u9fff]{1,6}节)"), _zh_year),
    # Weeks: this week, last week, the past week, beginning of this week, rest of the week, 这周, 上周, 本周
    (gated(re.compile(rf"{_L}(?:(?:at )?(?:the )?(?P<edge>beginning|start|end|rest)(?: of)? (?:the )?)?"
                rf"(?P<which>(?:the )?(?:this|current|last|previous|past|upcoming|following|coming)|all|(?<=of )the) "
                rf"(?:week|wk){_R}(?!-?end)(?! (?:of|after|before)\b)", _F), ("week", "wk")), _rel_week),
    (re.compile(r"(?P<which>这个?|这一|本|今个|上个?|上一个?|上上个?)(?:周|星期|礼拜)"
                r"(?![一二三四五六七八九十日天零〇0-9末])"), _rel_week),
    (gated(re.compile(rf"{_L}(?:(?:at )?the )?(?P<edge>beginning|start|end)(?: of)? (?:the )?(?P<which>(?:this|current|"
                rf"last|previous|past|following|coming|next)) (?:week|wk){_R}", _F), ("week", "wk")), _rel_week),
    # Months relative: 下个月, 上个月, 这个月, 本月, 下下个月
    (re.compile(rf"{_ZH_WHICH_MONTH}月(?![\d一二两三四五六七八九十底末初中尾份]|[号日])"), _zh_rel_month),
    (re.compile(rf"(?:(?P<y>{_YEAR_WORD})的?)?(?P<m>1[0-2]|0?[1-9]|十[一二]|[一二两三四五六七八九十])月(?P<fen>份)?"
                r"(?![\d一二两三四五六七八九十底末初中尾号日个])(?!份?[一二三四五六七八九十]+[号日])"), _zh_month),
    # Rolling spans: last 2 weeks, the next 3 days, the upcoming two months, 过去三天, 未来两周, 前两个月, 下三个月
    (gated(re.compile(rf"{_L}(?:in |during |for |over |within )?(?:the )?(?P<which>next|last|past|previous|prior|"
                rf"coming|"
                rf"upcoming|following) (?P<n>{_EN_N}) (?P<unit>days?|weeks?|wks?|months?|quarters?|qtrs?|years?|yrs?)"
                rf"{_R}", _F),
            ("next", "last", "past", "previous", "prior", "coming", "upcoming", "following")), _rolling),
    (gated(re.compile(rf"{_L}(?P<n>{_EN_N}) (?P<which>upcoming|coming|next) (?P<unit>days?|weeks?|months?|quarters?|"
                rf"years?){_R}", _F), ("upcoming", "coming", "next")), _rolling),
    (re.compile(rf"(?<![提之以此目当先事然今日年月天])(?P<which>过去|未来|接下来|最近|今后|近|上|下|前|后)的?(?P<n>{_CN_N})(?P<unit>个星期|个礼拜|个周|个月|个季度|"
                r"天|日|周|星期|礼拜|年)(?!前|之前|以前|后|之后|以后|内|之内|以内|半|[\d])"), _rolling),
]

_WEEK_WORDS = ("周", "週", "星期", "礼拜", "禮拜")
gate_zh(PERIOD_RULES, {
    _zh_month: ("月",), _zh_rel_month: ("月",), _named_quarter: ("季",), _rel_quarter: ("季",), _zh_year: ("年",),
    _rel_week: _WEEK_WORDS, _rolling: ("天", "日", "月", "季", "年", *_WEEK_WORDS),
})
gated(next(p for p, r in PERIOD_RULES if r is _numeric_month), ("/", "-"))
