"""Days counted from today: next week, the end of this week, month, year or quarter (and of Q3, of the next or last
quarter: 月底, 年底, 季度末, 上季度末), and offsets — "in 3 days", "2 weeks ago", "5 business days from now", 三天后,
两周前, 过两天. Resolvers for date_rules.py's table."""

from __future__ import annotations

import re
from datetime import UTC, date, timedelta

from bot.intents.lexers.calendar import add_months, end_of_month, end_of_quarter, weekday_in_week
from bot.intents.lexers.date_words import amount as read_amount
from bot.intents.lexers.parts import Ctx, Part, Resolver, grp
from bot.intents.lexers.periods import period


def next_week_day(m: re.Match[str], ctx: Ctx) -> Part:
    monday = weekday_in_week(ctx.today, 0, max(1, m.group().count("下")))
    if m.group().lower().startswith("early"):
        return Part(m.start(), m.end(), monday, tense="future")
    return period(m.start(), m.end(), monday, "week", ctx.today)


def week_end_day(m: re.Match[str], ctx: Ctx) -> Part:
    weekend = "末" in m.group() or "weekend" in m.group().lower()
    weeks = 1 if re.search(r"next|下", m.group(), re.IGNORECASE) else 0
    return Part(m.start(), m.end(), weekday_in_week(ctx.today, 5 if weekend else 4, weeks), tense="future")


def month_end_day(m: re.Match[str], ctx: Ctx) -> Part:
    ahead = 1 if re.search(r"next|下", m.group(), re.IGNORECASE) else 0
    return Part(m.start(), m.end(), end_of_month(ctx.today, ahead), tense="future")


def year_end_day(m: re.Match[str], ctx: Ctx) -> Part:
    ahead = 1 if re.search(r"next|明年", m.group(), re.IGNORECASE) else 0
    return Part(m.start(), m.end(), date(ctx.today.year + ahead, 12, 31), tense="future")


def quarter_end_day(m: re.Match[str], ctx: Ctx) -> Part:
    return Part(m.start(), m.end(), end_of_quarter(ctx.today), tense="future")


def adjacent_quarter_end_day(m: re.Match[str], ctx: Ctx) -> Part:
    """上季度末 / 下季度末: the previous or the next quarter's last day."""
    if grp(m, "rel").startswith("上"):
        first = date(ctx.today.year, 3 * ((ctx.today.month - 1) // 3) + 1, 1)  # this quarter's first day
        return Part(m.start(), m.end(), first - timedelta(days=1), tense="past")
    return Part(m.start(), m.end(), end_of_quarter(end_of_quarter(ctx.today) + timedelta(days=1)), tense="future")


def named_quarter_end_day(m: re.Match[str], ctx: Ctx) -> Part:
    """"end of Q1": the next such quarter end (this year's, or next year's once it has passed)."""
    month = int(m.group("q")) * 3
    day = end_of_month(date(ctx.today.year, month, 1))
    if day < ctx.today:
        day = end_of_month(date(ctx.today.year + 1, month, 1))
    return Part(m.start(), m.end(), day, tense="future")


_SECOND_UNITS = ("second", "sec", "秒")
_MINUTE_UNITS = ("minute", "min", "分")
_HOUR_UNITS = ("hour", "hr", "h", "小时", "钟")


def offset_from_today(sign: int) -> Resolver:
    """"in 3 days", "2 wks ago", "in half an hour", 三天后, 半小时后, 两个钟头后: a date, or an instant for minutes
    and hours."""

    def resolve(m: re.Match[str], ctx: Ctx) -> Part | None:
        raw = m.group("n")
        amount = read_amount(raw)
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
