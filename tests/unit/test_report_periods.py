"""Named report periods counted from the asker's local today (hand-computed), and what is refused."""

from __future__ import annotations

from datetime import date

import pytest

from bot.report_periods import resolve
from core.errors import InvalidInput
from core.reports import Period


@pytest.mark.parametrize(("named", "today", "start", "end"), [
    ("this_month", date(2026, 11, 25), date(2026, 11, 1), date(2026, 11, 30)),
    ("last_month", date(2026, 1, 15), date(2025, 12, 1), date(2025, 12, 31)),
    ("last_month", date(2026, 3, 31), date(2026, 2, 1), date(2026, 2, 28)),
    ("this_quarter", date(2026, 11, 25), date(2026, 10, 1), date(2026, 12, 31)),
    ("last_quarter", date(2026, 11, 25), date(2026, 7, 1), date(2026, 9, 30)),
    ("last_quarter", date(2026, 2, 10), date(2025, 10, 1), date(2025, 12, 31)),
    ("this_year", date(2026, 5, 5), date(2026, 1, 1), date(2026, 12, 31)),
    ("last_year", date(2026, 5, 5), date(2025, 1, 1), date(2025, 12, 31)),
    ("Q4", date(2026, 11, 25), date(2026, 10, 1), date(2026, 12, 31)),
    ("Q4", date(2027, 2, 1), date(2026, 10, 1), date(2026, 12, 31)),  # not begun this year: last year's
    ("Q1", date(2026, 11, 25), date(2026, 1, 1), date(2026, 3, 31)),
    ("Q2", date(2026, 4, 1), date(2026, 4, 1), date(2026, 6, 30)),
])
def test_named_periods(named: str, today: date, start: date, end: date) -> None:
    assert resolve("funnel", today, named) == Period(start=start, end=end)


def test_explicit_days_and_defaults() -> None:
    today = date(2026, 11, 25)
    assert resolve("funnel", today) == Period(start=date(2026, 10, 1), end=date(2026, 12, 31))
    assert resolve("ranking", today) == Period(start=date(2026, 11, 1), end=date(2026, 11, 30))
    assert resolve("funnel", today, None, date(2026, 11, 3), date(2026, 11, 9)) == Period(
        start=date(2026, 11, 3), end=date(2026, 11, 9))
    # One end named: the other from the report's default (as in chat).
    assert resolve("funnel", today, None, date(2026, 11, 3)) == Period(start=date(2026, 11, 3),
                                                                      end=date(2026, 12, 31))


@pytest.mark.parametrize(("named", "start", "end", "key"), [
    ("this_month", date(2026, 1, 1), None, "report_period.both"),
    ("someday", None, None, "report_period.unknown"),
    (None, date(2026, 11, 30), date(2026, 11, 1), "error.bad_period"),
    (None, date(1999, 12, 31), None, "report_period.out_of_range"),
    (None, None, date(9999, 12, 31), "report_period.out_of_range"),
])
def test_refused(named: str | None, start: date | None, end: date | None, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        resolve("funnel", date(2026, 11, 25), named, start, end)
    assert refused.value.key == key
