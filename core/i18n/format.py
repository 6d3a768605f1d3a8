"""Numbers, money and dates the way each language writes them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from core.i18n import t
from core.timeutil import zone

_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "JP¥", "HKD": "HK$"}


def money(amount: Decimal | int | float | None, currency: str, lang: str) -> str:
    if amount is None:
        return "—"
    value = Decimal(str(amount))
    if lang == "zh" and currency == "CNY" and abs(value) >= 10000:
        wan = (value / 10000).normalize()
        return f"{format(wan, ',f')}万元"
    symbol = _SYMBOLS.get(currency)
    number = f"{value:,.0f}" if value == value.to_integral() else f"{value:,.2f}"
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


def day(value: date, lang: str) -> str:
    weekday = t(lang, f"weekday.{value.weekday()}")
    if lang == "zh":
        return f"{value.month}月{value.day}日({weekday})"
    return f"{weekday} {value.day} {t(lang, f'month.{value.month}')}"


def day_with_year(value: date, lang: str, today: date) -> str:
    text = day(value, lang)
    if value.year != today.year:
        text = f"{value.year}年{text}" if lang == "zh" else f"{text} {value.year}"
    return text


def moment(value: datetime, tz: str, lang: str) -> str:
    local = value.astimezone(zone(tz))
    return f"{day(local.date(), lang)} {local:%H:%M}"
