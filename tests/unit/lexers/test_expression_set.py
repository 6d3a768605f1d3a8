"""Accuracy floors on our own labelled set (tests/data/lexers): a change that costs accuracy in one language fails.

The set was written together with the rules, so these figures are regression floors, not an estimate for text
written by others (docs/intents.md gives that estimate). `python bench/lexer_eval.py` prints the breakdown.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.intents.lexers.amounts import find_amount
from bot.intents.lexers.dates import find_dates
from bot.intents.lexers.normalize import normalize

SET = Path(__file__).resolve().parents[2] / "data" / "lexers" / "expressions.jsonl"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TZ = "Asia/Shanghai"
FLOORS = {("date", "en"): 0.97, ("date", "zh-Hans"): 0.97, ("date", "zh-Hant"): 0.97,
          ("amount", "en"): 0.97, ("amount", "zh-Hans"): 0.97, ("amount", "zh-Hant"): 0.97}


def _rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def _right(row: dict[str, Any]) -> bool:
    text = normalize(row["text"])
    if row["kind"] == "date":
        found = find_dates(text, NOW, TZ)
        if row["expected"] is None:
            return not found
        if not found:
            return False
        match = found[0]
        if "grain" in row and match.grain != row["grain"]:
            return False
        if "last" in row and _show(match.last) != row["last"]:
            return False
        return bool(_show(match.value) == row["expected"])
    amount = find_amount(text)
    if row["expected"] is None:
        return amount is None
    if "upper" in row and (amount is None or amount.upper != Decimal(row["upper"])):
        return False
    return (amount is not None and amount.value == Decimal(row["expected"]["value"])
            and amount.currency == row["expected"]["currency"])


def _show(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M") if isinstance(value, datetime) else value.isoformat()


def test_the_set_is_big_and_covers_three_scripts() -> None:
    rows = _rows()
    assert len(rows) >= 500
    for kind, lang in FLOORS:
        assert sum(1 for r in rows if r["kind"] == kind and r["lang"] == lang) >= 30, (kind, lang)
    assert {r["class"] for r in rows} >= {"offset", "clock", "day_of_month", "explicit_year", "month_end",
                                         "spelled_out", "currency_code", "negative", "not_date", "not_amount",
                                         "month", "quarter", "year", "week", "rolling", "holiday", "range",
                                         "time_zone", "minor_units"}


@pytest.mark.parametrize(("kind", "lang"), sorted(FLOORS))
def test_accuracy_floor(kind: str, lang: str) -> None:
    rows = [r for r in _rows() if r["kind"] == kind and r["lang"] == lang]
    misses = [r["text"] for r in rows if not _right(r)]
    accuracy = 1 - len(misses) / len(rows)
    assert accuracy >= FLOORS[(kind, lang)], misses


def test_values_are_dates_or_aware_datetimes_and_decimals() -> None:
    for row in _rows():
        text = normalize(row["text"])
        for match in find_dates(text, NOW, TZ):
            assert isinstance(match.value, date)
            if isinstance(match.value, datetime):
                assert match.value.tzinfo is not None and match.value.utcoffset() is not None
        amount = find_amount(text)
        if amount is not None:
            assert isinstance(amount.value, Decimal)
