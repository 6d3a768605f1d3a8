"""Checks every service applies to user-supplied values before anything is written."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from core.errors import InvalidInput

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^\+?[\d\s\-()]{5,20}$")
MAX_NAME = 200
# No deal, budget or payment is a trillion or more: such a number is a typo, not money.
MAX_AMOUNT = Decimal("1e12")


def clean_text(value: str | None, field: str, *, required: bool = False, limit: int = MAX_NAME) -> str | None:
    text = (value or "").strip()
    # Control characters are never meant; keep newlines only.
    text = "".join(ch for ch in text if ch == "\n" or ch.isprintable())
    if not text:
        if required:
            raise InvalidInput("error.required", field=field)
        return None
    if len(text) > limit:
        raise InvalidInput("error.too_long", field=field, limit=limit)
    return text


def required_text(value: str | None, field: str, *, limit: int = MAX_NAME) -> str:
    text = clean_text(value, field, required=True, limit=limit)
    assert text is not None
    return text


def amount(value: Decimal | float | int | str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise InvalidInput("error.bad_amount", value=str(value)) from exc
    if not number.is_finite() or number < 0:
        raise InvalidInput("error.bad_amount", value=str(value))
    if number >= MAX_AMOUNT:
        raise InvalidInput("error.bad_amount", value=str(value))
    return number.quantize(Decimal("0.01"))


def currency(value: str | None, default: str) -> str:
    code = (value or default).strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise InvalidInput("error.bad_currency", value=value or "")
    return code


def probability(value: int | float | None) -> int | None:
    if value is None:
        return None
    if not 0 <= value <= 100:
        raise InvalidInput("error.bad_probability", value=value)
    return round(value)


def choice(value: str | None, allowed: tuple[str, ...], field: str) -> str | None:
    if value is None:
        return None
    if value not in allowed:
        raise InvalidInput("error.bad_choice", field=field, value=value, allowed=", ".join(allowed))
    return value


def email(value: str | None) -> str | None:
    text = clean_text(value, "email", limit=254)
    if text is not None and not _EMAIL_RE.match(text):
        raise InvalidInput("error.bad_email", value=text)
    return text


def phone(value: str | None) -> str | None:
    text = clean_text(value, "phone", limit=40)
    if text is not None and not _PHONE_RE.match(text):
        raise InvalidInput("error.bad_phone", value=text)
    return text
