"""Holidays by name, English and Chinese: the next occurrence (today included), or the most recent one looking
back; "next/last/this X", "X 2027", 2027年X, 明年X name one year's.

- Fixed dates: New Year's Day/元旦, Valentine's/情人节, St Patrick's, April Fools'/愚人节, Labour Day/May Day/
  劳动节/五一 (1 May; the US "Labor Day" is the first Monday of September), 青年节, 儿童节, 建党节, 香港回归纪念日,
  建军节, 教师节, 国庆, Halloween/万圣节, Christmas Eve/Day, Boxing Day, New Year's Eve, 澳门回归纪念日, 妇女节,
  植树节, 消费者权益日, Boss's Day.
- Nth weekdays (US): MLK Day, Presidents' Day, Memorial Day, Labor Day, Columbus Day, Mother's Day, Father's Day,
  Thanksgiving (fourth Thursday of November), Black Friday.
- Easter and the feasts that hang on it (Good Friday and Easter Monday are public holidays in Hong Kong and much of
  Europe): Shrove Tuesday, Ash Wednesday, Palm Sunday, Maundy Thursday, Good Friday, Holy Saturday, Easter, Easter
  Monday, Ascension, Pentecost/Whit Sunday and Monday, Trinity Sunday, Corpus Christi; Orthodox Easter and its
  Good Friday, Clean Monday, Lazarus Saturday — computed (Gregorian and Julian computus), no table.
- Chinese lunar holidays — 春节/Chinese New Year, 除夕, 元宵, 端午/Dragon Boat, 七夕, 中秋/Mid-Autumn, 重阳, 腊八,
  佛诞 — and the solar terms 清明, 冬至: from the `borax` lunar calendar (pure Python, MIT), imported only when
  such a word is in the text, so it costs nothing on other messages (measured: 7 ms import, 16 µs a date).
Religious calendars beyond these (Jewish, Islamic, Hindu) are not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from bot.intents.lexers.parts import Ctx, Part, Resolver, gated, grp

Rule = Callable[[int], date | None]  # the holiday in a given Gregorian year (None: not that year)


def _fixed(month: int, day: int) -> Rule:
    return lambda year: date(year, month, day)


def _nth(month: int, weekday: int, n: int, plus: int = 0) -> Rule:
    """The nth `weekday` (0 = Monday) of the month (n = −1: the last one), `plus` days later."""

    def rule(year: int) -> date:
        return _nth_day(year, month, weekday, n) + timedelta(days=plus)

    return rule


def _nth_day(year: int, month: int, weekday: int, n: int) -> date:
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    return date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


def orthodox_easter(year: int) -> date:
    """Orthodox Easter Sunday: the Julian computus, shifted to the Gregorian calendar (1900–2099: +13 days)."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return date(year, month, day + 1) + timedelta(days=13)


class _FromEaster:
    """A feast `days` after Easter (before, when negative); "orthodox …"/东正教… moves it to Orthodox Easter."""

    def __init__(self, days: int, orthodox: bool = False) -> None:
        self.days, self.orthodox = days, orthodox

    def __call__(self, year: int) -> date:
        return (orthodox_easter(year) if self.orthodox else easter(year)) + timedelta(days=self.days)


def _from_easter(days: int, orthodox: bool = False) -> Rule:
    return _FromEaster(days, orthodox)


@lru_cache(maxsize=512)
def _lunar_to_solar(year: int, month: int, day: int) -> date | None:
    from borax.calendars.lunardate import LunarDate  # type: ignore[import-untyped]

    try:
        return LunarDate(year, month, day).to_solar_date()  # type: ignore[no-any-return]
    except ValueError:
        return None


def _lunar(month: int, day: int, shift: int = 0) -> Rule:
    """A lunar-calendar day; `year` is the lunar year (the date may fall in January of the next Gregorian year)."""

    def rule(year: int) -> date | None:
        solar = _lunar_to_solar(year, month, day)
        return solar + timedelta(days=shift) if solar else None

    return rule


@lru_cache(maxsize=256)
def _term(year: int, name: str) -> date:
    from borax.calendars.lunardate import TermUtils

    return TermUtils.nth_term_day(year, term_name=name)  # type: ignore[no-any-return]


_EN: list[tuple[str, Rule]] = [
    (r"christmas eve|xmas eve", _fixed(12, 24)),
    (r"(?:christmas|xmas)(?: day)?", _fixed(12, 25)),
    (r"boxing day", _fixed(12, 26)),
    (r"new year'?s eve|nye", _fixed(12, 31)),
    (r"new year'?s(?: day)?", _fixed(1, 1)),
    (r"valentine'?s?(?: day)?", _fixed(2, 14)),
    (r"(?:st\.?|saint) (?:patrick|paddy)'?s?(?: day)?", _fixed(3, 17)),
    (r"april fools'?(?: day)?", _fixed(4, 1)),
    (r"(?:international )?(?:labour|workers'?) day|may day", _fixed(5, 1)),
    (r"halloween", _fixed(10, 31)),
    (r"boss'?s? day", _fixed(10, 16)),
    (r"independence day|(?:the )?4th of july|fourth of july", _fixed(7, 4)),
    (r"mlk(?: jr\.?)?(?: day)?|martin luther king(?:,? jr\.?)?(?:'s|s)?(?: jr\.?)? day|civil rights day",
     _nth(1, 0, 3)),
    (r"presidents'? day|washington'?s birthday", _nth(2, 0, 3)),
    (r"memorial day", _nth(5, 0, -1)),
    (r"labor day", _nth(9, 0, 1)),
    (r"columbus day", _nth(10, 0, 2)),
    (r"mother'?s day", _nth(5, 6, 2)),
    (r"father'?s day", _nth(6, 6, 3)),
    (r"thanksgiving(?: day)?", _nth(11, 3, 4)),
    (r"black friday", _nth(11, 3, 4, plus=1)),
    (r"cyber monday", _nth(11, 3, 4, plus=4)),
    (r"orthodox easter(?: sunday)?", _from_easter(0, orthodox=True)),
    (r"orthodox (?:good|great|holy) friday", _from_easter(-2, orthodox=True)),
    (r"clean monday|orthodox shrove monday|great fast", _from_easter(-48, orthodox=True)),
    (r"lazarus saturday", _from_easter(-8, orthodox=True)),
    (r"easter mon(?:day)?", _from_easter(1)),
    (r"easter(?: sunday)?(?! eggs?)", _from_easter(0)),
    (r"good friday|holy friday|great friday", _from_easter(-2)),
    (r"holy saturday|easter eve|black saturday", _from_easter(-1)),
    (r"maundy thursday|holy thursday|covenant thu(?:rsday)?|thu(?:rsday)? of mysteries", _from_easter(-3)),
    (r"palm sunday|branch sunday", _from_easter(-7)),
    (r"ash wednesday|lent(?= (?:19|20)\d\d)", _from_easter(-46)),
    (r"shrove tuesday|mardi gras|pancake (?:day|tuesday)", _from_easter(-47)),
    (r"ascension(?: day| thursday)?", _from_easter(39)),
    (r"pentecost(?: sunday)?|whit ?sunday|white sunday", _from_easter(49)),
    (r"whit ?monday|monday of the holy spirit|pentecost monday", _from_easter(50)),
    (r"trinity sunday", _from_easter(56)),
    (r"corpus christi", _from_easter(60)),
    (r"(?:chinese |lunar )(?:lunar )?new year'?s?(?: day)?|spring festival", _lunar(1, 1)),
    (r"lantern festival", _lunar(1, 15)),
    (r"dragon boat festival|duanwu(?: festival)?", _lunar(5, 5)),
    (r"mid-? ?autumn(?: festival)?|moon festival", _lunar(8, 15)),
    (r"(?:qingming|ching ming)(?: festival)?|tomb[- ]sweeping day", lambda y: _term(y, "清明")),
]
# Chinese names (traditional forms are folded first: 聖誕節 → 圣诞节, 復活節 → 复活节).
_ZH: list[tuple[str, Rule]] = [
    (r"元旦节?|阳历新年|公历新年", _fixed(1, 1)),
    (r"(?:圣瓦伦丁|西方)?情人节|圣瓦伦丁节", _fixed(2, 14)),
    (r"(?:三八)?(?:国际)?妇女节", _fixed(3, 8)),
    (r"植树节", _fixed(3, 12)),
    (r"(?:国际)?消费者权益日", _fixed(3, 15)),
    (r"愚人节", _fixed(4, 1)),
    (r"(?:五一)?(?:国际)?劳动节|五一节|五一假期", _fixed(5, 1)),
    (r"(?:五四)?青年节", _fixed(5, 4)),
    (r"(?:六一)?(?:国际)?儿童节", _fixed(6, 1)),
    (r"(?:七一)?建党节|香港回归(?:纪念日)?", _fixed(7, 1)),
    (r"(?:八一)?建军节", _fixed(8, 1)),
    (r"教师节", _fixed(9, 10)),
    (r"国庆节?|国庆日", _fixed(10, 1)),
    (r"万圣节", _fixed(10, 31)),
    (r"老板节", _fixed(10, 16)),
    (r"平安夜|圣诞夜", _fixed(12, 24)),
    (r"圣诞节?", _fixed(12, 25)),
    (r"澳门回归(?:纪念日)?", _fixed(12, 20)),
    (r"感恩节", _nth(11, 3, 4)),
    (r"黑色星期五", _nth(11, 3, 4, plus=1)),
    (r"母亲节", _nth(5, 6, 2)),
    (r"父亲节", _nth(6, 6, 3)),
    (r"东正教复活节(?!星期一)", _from_easter(0, orthodox=True)),
    (r"东正教(?:耶稣|主)?受难[日节]|东正教圣周五", _from_easter(-2, orthodox=True)),
    (r"复活节星期一|复活节后星期一", _from_easter(1)),
    (r"圣周六|复活节前夜|神圣周六", _from_easter(-1)),
    (r"复活节|主复活日", _from_easter(0)),
    (r"(?:耶稣|主)?受难[日节]|圣周五|沉默周五", _from_easter(-2)),
    (r"圣周四|圣周星期四|濯足节|神圣星期四|设立圣餐日", _from_easter(-3)),
    (r"棕枝主日|圣枝主日|圣树主日", _from_easter(-7)),
    (r"圣灰日|圣灰礼仪日|大斋首日|灰日|圣灰星期三", _from_easter(-46)),
    (r"忏悔星期二|忏悔节|忏悔火曜日", _from_easter(-47)),
    (r"耶稣升天节|升天节", _from_easter(39)),
    (r"圣灵降临节|五旬节|圣灵降临日", _from_easter(49)),
    (r"圣灵节庆日|圣灵降临节星期一", _from_easter(50)),
    (r"圣三一主日|天主三一主日|圣三节|圣三主日|天主圣三一节", _from_easter(56)),
    (r"除夕|大年三十|大年夜", _lunar(1, 1, shift=-1)),
    (r"春节|农历新年|农历年|新春|大年初一|正月初一|正月朔日|正月正时|年初一", _lunar(1, 1)),
    (r"元宵节?|正月十五|上元节", _lunar(1, 15)),
    (r"佛诞|浴佛节", _lunar(4, 8)),
    (r"端午节?|端阳节|龙舟节", _lunar(5, 5)),
    (r"七夕节?|乞巧节", _lunar(7, 7)),
    (r"中元节|盂兰节", _lunar(7, 15)),
    (r"中秋节?|八月十五", _lunar(8, 15)),
    (r"重阳节?|重九节", _lunar(9, 9)),
    (r"腊八节?", _lunar(12, 8)),
    (r"清明节?", lambda y: _term(y, "清明")),
    (r"冬至", lambda y: _term(y, "冬至")),
]


def _occurrence(rule: Rule, ctx: Ctx, which: str, year: int | None) -> date | None:
    if year is not None:
        # The holiday in that Gregorian year (腊八 of lunar year Y−1 can fall in January of Y).
        for candidate_year in (year, year - 1):
            day = rule(candidate_year)
            if day is not None and day.year == year:
                return day
        return None
    days = sorted(d for d in (rule(y) for y in range(ctx.today.year - 2, ctx.today.year + 3)) if d is not None)
    if which == "this":
        return next((d for d in days if d.year == ctx.today.year), None)
    if which == "next":
        return next((d for d in days if d > ctx.today), None)
    if which == "last":
        return next((d for d in reversed(days) if d < ctx.today), None)
    if ctx.past:
        return next((d for d in reversed(days) if d <= ctx.today), None)
    return next((d for d in days if d >= ctx.today), None)


def _resolver(rules: list[tuple[str, Rule]]) -> Resolver:
    def resolve(m: re.Match[str], ctx: Ctx) -> Part | None:
        index = next(int(name[1:]) for name, value in m.groupdict().items() if value and name.startswith("h"))
        rule = rules[index][1]
        if grp(m, "orth") and isinstance(rule, _FromEaster):
            rule = _FromEaster(rule.days, orthodox=True)
        which = grp(m, "which").lower()
        which = "next" if which in ("next", "coming", "下个", "下", "明年") else (
            "last" if which in ("last", "past", "previous", "上个", "上", "去年") else (
                "this" if which == "今年" else ""))  # "this MLK day": the coming one, like "this Friday"
        offset = {"next": 1, "last": -1, "this": 0}.get(grp(m, "rel").lower())
        raw_year = grp(m, "y")
        year = int(raw_year) if raw_year.isdigit() else None
        if raw_year in ("今", "明", "去", "后", "前"):
            year = ctx.today.year + {"今": 0, "明": 1, "去": -1, "后": 2, "前": -2}[raw_year]
        if offset is not None:
            year = ctx.today.year + offset
        if which == "next" and grp(m, "which") == "明年":
            which, year = "", ctx.today.year + 1
        if which == "last" and grp(m, "which") == "去年":
            which, year = "", ctx.today.year - 1
        if which == "this" and grp(m, "which") == "今年":
            which, year = "", ctx.today.year
        day = _occurrence(rule, ctx, which, year)
        if day is None:
            return None
        tense = "future" if day > ctx.today else ("past" if day < ctx.today else "today")
        return Part(m.start(), m.end(), day, tense=tense if which else "any")

    return resolve


def _alternation(rules: list[tuple[str, Rule]]) -> str:
    return "|".join(f"(?P<h{i}>{pattern})" for i, (pattern, _) in enumerate(rules))


# Every English holiday name holds one of these words (checked against the message's words before the long
# alternation runs).
_EN_WORDS = frozenset({
    "christmas", "xmas", "boxing", "nye", "year", "year's", "years", "valentine", "valentine's", "valentines",
    "patrick", "patrick's", "patricks", "paddy", "paddy's", "paddys", "fool", "fools", "fool's", "fools'", "labour",
    "labor", "workers", "workers'", "may", "halloween", "boss", "boss's", "bosses", "boss'", "bosss", "independence",
    "july", "mlk", "luther", "civil", "presidents", "president's", "presidents'", "washington's", "memorial",
    "columbus", "mother's", "mothers", "mother", "father's", "fathers", "father", "thanksgiving", "black", "cyber",
    "easter", "orthodox", "clean", "great", "lazarus", "good", "holy", "maundy", "covenant", "mysteries", "palm",
    "branch", "ash", "lent", "shrove", "mardi", "pancake", "ascension", "pentecost", "whit", "whitsun",
    "whitsunday", "whitmonday", "white", "trinity", "corpus", "chinese", "lunar", "spring", "lantern", "dragon",
    "duanwu", "mid-autumn", "autumn", "midautumn", "moon", "qingming", "ching", "tomb", "tomb-sweeping",
})
# Every character of the Chinese names, as a look-ahead: positions that cannot start a name fail at once.
_ZH_FIRST = "".join(sorted({ch for pattern, _ in _ZH for ch in pattern if "\u4e00" <= ch <= "\u9fff"}))

HOLIDAY_RULES: list[tuple[re.Pattern[str], Resolver]] = [
    (gated(re.compile(rf"(?<![A-Za-z0-9])(?:(?P<which>next|last|this|coming|past|previous) )?(?P<orth>orthodox )?"
                rf"(?:{_alternation(_EN)})"
                r"(?:,? (?:of )?(?P<y>(?:19|20)\d\d)(?!\d)| (?:of|in) (?P<rel>next|last|this) year)?(?![A-Za-z])",
                re.IGNORECASE), _EN_WORDS), _resolver(_EN)),
    (re.compile(rf"(?=[\d今明去{_ZH_FIRST}])(?:(?P<y>\d{{4}}|今|明|去)年的?)?(?P<which>下个|上个|今年|明年|去年)?(?P<orth>东正教)?"
                rf"(?:{_alternation(_ZH)})"),
     _resolver(_ZH)),
]
