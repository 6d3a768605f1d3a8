"""GET /api/v1/reports/{kind}: a sales report (core/reports) over a period, for what the token's user may see —
a rep's own deals, a manager's team's, finance's and an admin's everyone's (the same scoping as the chat).

The period is `period` (this_month, last_quarter, Q4, …: bot/report_periods) or `from`/`to` (first and last day,
inclusive, in the user's timezone), else the report's default. profit, clv and aging may name one customer.
aging is as of the period's last day when that day is over (else today); profit over a period is that period's
hours, expenses and contract revenue due (all time to today: each project's life)."""

# No `from __future__ import annotations`: FastAPI reads the route's annotations at runtime.
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from bot.api.auth import Caller, caller
from bot.api.schemas import MAX_ID, Problem
from bot.report_periods import NamedPeriod, resolve
from core import reports
from core.errors import InvalidInput
from core.reports import (
    BY_CUSTOMER,
    AgingReport,
    CycleTime,
    Forecast,
    Funnel,
    LifetimeValue,
    ProfitReport,
    ReportKind,
    TeamRanking,
    WinRate,
)
from core.timeutil import local_today

ERRORS: dict[int | str, dict[str, Any]] = {401: {"model": Problem}, 404: {"model": Problem},
                                           422: {"model": Problem}}
AnyReport = Funnel | WinRate | CycleTime | Forecast | TeamRanking | ProfitReport | LifetimeValue | AgingReport


def run_report(ctx: Any, kind: ReportKind, period: reports.Period, customer_id: int | None = None) -> Any:
    """One report for the context's actor (the dashboard runs the same)."""
    if kind == "funnel":
        return reports.funnel(ctx, period)
    if kind == "win_rate":
        return reports.win_rate(ctx, period)
    if kind == "cycle":
        return reports.cycle_time(ctx, period)
    if kind == "forecast":
        return reports.forecast(ctx, period)
    if kind == "ranking":
        return reports.team_ranking(ctx, period)
    if kind == "profit":
        return reports.profit_margin(ctx, period, customer_id=customer_id)
    if kind == "clv":
        return reports.customer_value(ctx, period, customer_id=customer_id)
    return reports.receivables_aging(ctx, period, customer_id=customer_id)


def router() -> APIRouter:
    built = APIRouter(tags=["Reports"])

    @built.get("/reports/{kind}", response_model=AnyReport, responses=ERRORS, operation_id="get_report",
               summary="A sales report for the caller's scope")
    def get_report(kind: Annotated[ReportKind, Path(description="funnel, win_rate, cycle, forecast, ranking, "
                                                                "profit, clv or aging")],
                   who: Annotated[Caller, Depends(caller)],
                   period: Annotated[NamedPeriod | None, Query(description="a named period")] = None,
                   first: Annotated[date | None, Query(alias="from", description="first day (inclusive)")] = None,
                   last: Annotated[date | None, Query(alias="to", description="last day (inclusive)")] = None,
                   customer_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="profit, clv and aging "
                                                                                        "only")] = None) -> Any:
        if customer_id is not None and kind not in BY_CUSTOMER:
            raise InvalidInput("report_period.customer_not_here", kind=kind)
        with who.reading() as ctx:
            chosen = resolve(kind, local_today(ctx.now(), ctx.actor.timezone), period, first, last)
            return run_report(ctx, kind, chosen, customer_id)

    return built
