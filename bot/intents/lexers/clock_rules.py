"""Times of day, English and Chinese: "3pm", "15:30", "1530h", "half past four", "a quarter to 5", "at noon",
"three thirty pm", 下午三点半, 差一刻五点, 三点三 (Cantonese: 3:15), 午夜, and 上午/下午/"in the morning" alone (a half
of today). Each resolver turns a match into a `Part` with a clock; `dates.py` joins it with an adjacent day."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from bot.intents.lexers import zones
from bot.intents.lexers.date_words import (
    AMPM as _AMPM,
)
from bot.intents.lexers.date_words import (
    EN_WORD_COUNT as _EN_WORD_COUNT,
)
from bot.intents.lexers.date_words import (
    HOUR_WORDS as _HOUR_WORD,
)
from bot.intents.lexers.date_words import (
    HOURS_EN,
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
from bot.intents.lexers.numbers import parse_number
from bot.intents.lexers.parts import Ctx, Part, Resolver, gated, grp

_FLAGS = re.IGNORECASE
_grp = grp

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


CLOCK_RULES: list[tuple[re.Pattern[str], Resolver]] = [
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
]
