"""The reports by name, and the period each covers when the asker names none.

- funnel, win rate, cycle time: this quarter (a month is too few deals to read a rate from);
- team ranking: this month (the usual sales meeting);
- forecast: this month and the next two (what can still close);
- customer lifetime value: all time up to today;
- profit margin: each project's life to date (a named period cuts it to that period's hours, expenses and
  revenue due);
- receivables aging is an as-of report: what is owed today, or at the end of a named period that is over.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal, get_args

from core.reports.period import Period

ReportKind = Literal["funnel", "ranking", "forecast", "win_rate", "profit", "clv", "aging", "cycle"]
REPORT_KINDS: tuple[ReportKind, ...] = get_args(ReportKind)
# Reports about one customer's books when the asker names one.
BY_CUSTOMER: tuple[ReportKind, ...] = ("profit", "clv", "aging")
# Snapshot reports: figures as of the period's last day (today when the period holds today), not over it.
AS_OF: tuple[ReportKind, ...] = ("aging",)

_DEFAULTS: dict[ReportKind, Callable[[date], Period]] = {
    "funnel": Period.quarter_of,
    "win_rate": Period.quarter_of,
    "cycle": Period.quarter_of,
    "ranking": Period.month_of,
    "forecast": lambda today: Period.months_from(today, 3),
    "clv": Period.until,
    "profit": Period.until,
    "aging": Period.until,
}


def default_period(kind: ReportKind, today: date) -> Period:
    """The period a report covers when none is named, `today` being the asker's local date."""
    return _DEFAULTS[kind](today)
