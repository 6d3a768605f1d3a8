"""A report's period as the API and the dashboard name it: explicit first/last days, or a named period
(this_month, last_quarter, Q4, …) counted from the asker's local today; neither → the report's default.

Q1–Q4 are this year's quarters (a quarter that has not begun yet is last year's: in February, "Q4" means the
last one that happened, as a manager asking in chat means it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Literal, get_args

from core.errors import InvalidInput
from core.reports import Period, ReportKind, default_period
from core.reports.period import EPOCH, add_months

NamedPeriod = Literal["this_month", "last_month", "this_quarter", "last_quarter", "this_year", "last_year",
                      "Q1", "Q2", "Q3", "Q4"]
NAMED_PERIODS: tuple[NamedPeriod, ...] = get_args(NamedPeriod)
# Days a report may name: sales data starts in 2000 (core.reports.period.EPOCH); far dates are typing mistakes.
EARLIEST = EPOCH
LATEST = date(2199, 12, 31)


def _quarter(number: int) -> Callable[[date], Period]:
    def pick(today: date) -> Period:
        year = today.year if today.month >= 3 * (number - 1) + 1 else today.year - 1
        return Period.quarter_of(date(year, 3 * (number - 1) + 1, 1))
    return pick


_NAMED: dict[str, Callable[[date], Period]] = {
    "this_month": Period.month_of,
    "last_month": lambda today: Period.month_of(today.replace(day=1) - timedelta(days=1)),
    "this_quarter": Period.quarter_of,
    "last_quarter": lambda today: Period.quarter_of(add_months(Period.quarter_of(today).start, -3)),
    "this_year": lambda today: Period(start=date(today.year, 1, 1), end=date(today.year, 12, 31)),
    "last_year": lambda today: Period(start=date(today.year - 1, 1, 1), end=date(today.year - 1, 12, 31)),
    "Q1": _quarter(1), "Q2": _quarter(2), "Q3": _quarter(3), "Q4": _quarter(4),
}


def resolve(kind: ReportKind, today: date, named: str | None = None, start: date | None = None,
            end: date | None = None) -> Period:
    """The period asked for. Named and explicit days together are refused (which one was meant?); one explicit
    end takes the other from the report's default (as the chat does)."""
    if named is not None and (start is not None or end is not None):
        raise InvalidInput("report_period.both")
    if named is not None:
        if named not in _NAMED:
            raise InvalidInput("report_period.unknown", period=named)
        return _NAMED[named](today)
    for day in (start, end):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise InvalidInput("report_period.out_of_range", day=str(day))
    fallback = default_period(kind, today)
    if start is None and end is None:
        return fallback
    if end is None:
        end = max(start or fallback.end, fallback.end)
    if start is None:
        start = min(fallback.start, end)
    return Period(start=start, end=end)
