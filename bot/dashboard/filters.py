"""The dashboard's filters, read from the query string: a named period or first/last days, and a team.

Anything malformed is refused with a message (never a crash): the page then says what was wrong."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from bot.report_periods import NAMED_PERIODS
from core.errors import InvalidInput


@dataclass(frozen=True)
class Filters:
    named: str | None = None
    start: date | None = None
    end: date | None = None
    team: int | None = None
    # What the form shows selected ("" = each report's default, "custom" = the dates).
    choice: str = ""


def query_of(filters: Filters) -> str:
    """The query string that reads back as these filters (a chart's address carries the page's filters)."""
    pairs = {"period": filters.choice, "from": filters.start.isoformat() if filters.start else "",
             "to": filters.end.isoformat() if filters.end else "",
             "team": str(filters.team) if filters.team is not None else ""}
    return urlencode({key: value for key, value in pairs.items() if value})


def read(query: Mapping[str, str]) -> Filters:
    choice = (query.get("period") or "").strip()
    if choice and choice != "custom" and choice not in NAMED_PERIODS:
        raise InvalidInput("report_period.unknown", period=choice[:40])
    start = _day(query.get("from"))
    end = _day(query.get("to"))
    if choice != "custom" and choice:
        start = end = None  # a named period wins over dates left in the form
    team_text = (query.get("team") or "").strip()
    team = None
    if team_text:
        if not team_text.isdigit() or len(team_text) > 9:
            raise InvalidInput("dashboard_filter.team")
        team = int(team_text)
    if not choice and (start or end):
        choice = "custom"
    return Filters(named=choice if choice not in ("", "custom") else None, start=start, end=end, team=team,
                   choice=choice)


def _day(text: str | None) -> date | None:
    if not text or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise InvalidInput("dashboard_filter.day", day=text.strip()[:20]) from None
