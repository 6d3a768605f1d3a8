"""An as-of report (receivables aging) may name one day instead of a period — "at the end of last month",
上季度末, "as of Sep 30", 截至9月30日 — and the report then covers that day; periods are read as before, and a
margin (a report over a period) takes no lone day. Today is Wed 25 Nov 2026 (Shanghai)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.intents.base import ParseContext
from bot.intents.lexers.dates import find_dates
from bot.intents.rules import RuleParser
from bot.intents.specs.reports import Report

from .conftest import NOW, TZ


def _report(text: str, language: str) -> Report:
    parsed = RuleParser().parse(text, ParseContext(now=NOW, timezone=TZ, language=language))
    assert parsed is not None and isinstance(parsed.command, Report), parsed
    return parsed.command


@pytest.mark.parametrize(("text", "language", "kind", "since", "until"), [
    ("receivables aging at the end of last month", "en", "aging", date(2026, 10, 31), date(2026, 10, 31)),
    ("receivables aging as of Sep 30", "en", "aging", date(2026, 9, 30), date(2026, 9, 30)),
    ("receivables aging at the end of last quarter", "en", "aging", date(2026, 7, 1), date(2026, 9, 30)),
    ("上季度末应收账龄", "zh", "aging", date(2026, 9, 30), date(2026, 9, 30)),
    ("上个季度末的应收账龄", "zh", "aging", date(2026, 9, 30), date(2026, 9, 30)),
    ("上月末应收账龄", "zh", "aging", date(2026, 10, 31), date(2026, 10, 31)),
    ("截至9月30日的应收账龄", "zh", "aging", date(2026, 9, 30), date(2026, 9, 30)),
    ("本季度末应收账龄", "zh", "aging", date(2026, 12, 31), date(2026, 12, 31)),
    ("上季度应收账龄", "zh", "aging", date(2026, 7, 1), date(2026, 9, 30)),
    ("应收账龄", "zh", "aging", None, None),
    ("profit margin last quarter", "en", "profit", date(2026, 7, 1), date(2026, 9, 30)),
    ("上季度项目利润率", "zh", "profit", date(2026, 7, 1), date(2026, 9, 30)),
    ("profit margin as of Sep 30", "en", "profit", None, None),
])
def test_the_day_or_period_a_report_names(text: str, language: str, kind: str, since: date | None,
                                          until: date | None) -> None:
    found = _report(text, language)
    assert (found.kind, found.since, found.until) == (kind, since, until)


def test_the_end_of_next_quarter_is_next_quarters_last_day() -> None:
    assert [d.value for d in find_dates("下季度末", NOW, TZ)] == [date(2027, 3, 31)]
    assert [d.value for d in find_dates("季度末", NOW, TZ)] == [date(2026, 12, 31)]
