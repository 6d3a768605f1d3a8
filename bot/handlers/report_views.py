"""The pipeline reports as chat answers: funnel, win rate, cycle time, forecast, team ranking — each a few lines
of text in the user's language and its chart (none when there is nothing to draw)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from bot.charts import report_charts as charts
from bot.charts.report_charts import ChartBar
from bot.handlers.base import Answer, HandlerContext
from bot.handlers.targets import CustomerTarget
from core import reports
from core.outbound import ImageRef
from core.permissions import Scope
from core.reports import Period
from core.reports.common import Amounts

View = Callable[[HandlerContext, Period, CustomerTarget | None], Answer]


# -- shared by every report view ------------------------------------------------------------------------------
def amounts(h: HandlerContext, values: Amounts) -> str:
    """Each currency apart (never added across currencies); zero in the team's currency when there is none."""
    shown = [h.money(amount, currency) for currency, amount in sorted(values.items()) if amount]
    return " + ".join(shown) or h.money(Decimal(0))


def period_label(h: HandlerContext, period: Period) -> str:
    if period.all_time:
        return h.t("report.all_time", end=h.day(period.end))
    if period.start == period.end:
        return h.day(period.start)
    return h.t("report.period", start=h.day(period.start), end=h.day(period.end))


def scope_label(h: HandlerContext, entity: str = "deal") -> str:
    scope = h.ctx.actor.read_scope(entity)  # type: ignore[arg-type]
    return h.t("report.scope.all" if scope is Scope.ALL else "report.scope.team" if scope is Scope.TEAM
               else "report.scope.own")


def title(h: HandlerContext, kind: str, period: Period, entity: str = "deal") -> str:
    return h.t("report.title", report=h.t(f"report.name.{kind}"), scope=scope_label(h, entity),
               period=period_label(h, period))


def empty(h: HandlerContext, kind: str, period: Period) -> Answer:
    return Answer(h.t(f"report.empty.{kind}", period=period_label(h, period)))


def chart_currency(h: HandlerContext, *groups: Amounts) -> str:
    """The currency a chart draws: the one with the most money in the report (the team's own on a tie)."""
    totals: dict[str, Decimal] = {}
    for group in groups:
        for currency, amount in group.items():
            totals[currency] = totals.get(currency, Decimal(0)) + amount
    default = h.ctx.defaults.currency
    return max(totals, key=lambda c: (totals[c], c == default)) if totals else default


def image(h: HandlerContext, kind: str, caption: str, draw: Callable[[], bytes]) -> ImageRef:
    """The report's chart; drawn only when the context draws charts (the dashboard's page leaves `data` empty and
    fetches each chart on its own request, so the text shows at once)."""
    return ImageRef(data=draw() if h.draw_charts else b"", filename=f"report-{kind}.png", caption=caption)


def percent_text(h: HandlerContext, value: Decimal | None) -> str:
    return h.t("report.no_rate") if value is None else f"{value}%"


def month_label(h: HandlerContext, first: date) -> str:
    return h.t("report.month", month=first, year=first.year)


# -- funnel --------------------------------------------------------------------------------------------------
def funnel_view(h: HandlerContext, period: Period, _customer: CustomerTarget | None) -> Answer:
    found = reports.funnel(h.ctx, period)
    if found.empty:
        return empty(h, "funnel", period)
    heading = title(h, "funnel", period)
    lines = [heading]
    for stage in found.stages:
        onward = "" if stage.conversion_percent is None else h.t("report.funnel.onward",
                                                                   percent=stage.conversion_percent)
        lines.append("  " + h.t("report.funnel.line", stage=h.t(f"stage.{stage.stage}"), count=stage.count,
                                amount=amounts(h, stage.amounts), onward=onward))
    lines.append(h.t("report.funnel.summary", deals=found.deals, won=found.stages[-1].count,
                     percent=percent_text(h, found.won_percent), lost=found.lost))
    bars = [ChartBar(h.t(f"stage.{s.stage}"), float(s.count), str(s.count), charts.stage_colour(s.stage))
            for s in found.stages]
    return Answer("\n".join(lines), image=image(h, "funnel", heading, lambda: charts.funnel_chart(heading, bars)))


# -- win rate ------------------------------------------------------------------------------------------------
def win_rate_view(h: HandlerContext, period: Period, _customer: CustomerTarget | None) -> Answer:
    found = reports.win_rate(h.ctx, period)
    if found.empty:
        return empty(h, "win_rate", period)
    heading = title(h, "win_rate", period)
    total = found.total
    lines = [heading, "  " + h.t("report.win_rate.total", percent=percent_text(h, total.rate_percent),
                                 won=total.won, closed=total.closed, won_amount=amounts(h, total.won_amounts),
                                 lost_amount=amounts(h, total.lost_amounts))]
    if len(found.by_owner) > 1:
        lines += ["  • " + h.t("report.win_rate.owner", owner=o.owner, percent=percent_text(h, o.tally.rate_percent),
                               won=o.tally.won, closed=o.tally.closed) for o in found.by_owner]
        bars = [ChartBar(o.owner, float(o.tally.rate_percent or 0), f"{o.tally.rate_percent or 0}%")
                for o in found.by_owner]
    else:
        bars = [ChartBar(h.t("stage.won"), float(total.won), str(total.won), charts.stage_colour("won")),
                ChartBar(h.t("stage.lost"), float(total.lost), str(total.lost), charts.stage_colour("lost"))]
    return Answer("\n".join(lines), image=image(h, "win_rate", heading, lambda: charts.bar_chart(heading, bars)))


# -- cycle time ----------------------------------------------------------------------------------------------
def cycle_view(h: HandlerContext, period: Period, _customer: CustomerTarget | None) -> Answer:
    found = reports.cycle_time(h.ctx, period)
    if found.empty:
        return empty(h, "cycle", period)
    heading = title(h, "cycle", period)
    lines = [heading]
    for stage in found.stages:
        name = h.t(f"stage.{stage.stage}")
        lines.append("  " + (h.t("report.cycle.line", stage=name, days=stage.average_days, stays=stage.stays)
                             if stage.average_days is not None else h.t("report.cycle.none", stage=name)))
    if found.average_days_to_win is not None:
        lines.append(h.t("report.cycle.to_win", days=found.average_days_to_win, won=found.won))
    bars = [ChartBar(h.t(f"stage.{s.stage}"), float(s.average_days or 0),
                     h.t("report.cycle.days", days=s.average_days) if s.average_days is not None else "—",
                     charts.stage_colour(s.stage)) for s in found.stages]
    return Answer("\n".join(lines), image=image(h, "cycle", heading, lambda: charts.bar_chart(heading, bars)))


# -- forecast ------------------------------------------------------------------------------------------------
def forecast_view(h: HandlerContext, period: Period, _customer: CustomerTarget | None) -> Answer:
    found = reports.forecast(h.ctx, period)
    if found.empty:
        return empty(h, "forecast", period)
    heading = title(h, "forecast", period)
    lines = [heading]
    for month in found.months:
        lines.append("  " + h.t("report.forecast.month", month=month_label(h, month.month),
                                commit=amounts(h, month.commit), best=amounts(h, month.best_case),
                                deals=month.deals))
    lines.append(h.t("report.forecast.total", commit=amounts(h, found.commit), best=amounts(h, found.best_case)))
    if found.undated_deals:
        lines.append(h.t("report.forecast.undated", deals=found.undated_deals,
                         best=amounts(h, found.undated_best_case)))
    lines.append(h.t("report.forecast.definition", percent=reports.COMMIT_PROBABILITY,
                     stages="/".join(h.t(f"stage.{s}") for s in reports.COMMIT_STAGES)))
    currency = chart_currency(h, found.best_case)
    series = [(h.t("report.forecast.commit"), charts.COMMIT, [float(m.commit.get(currency, 0)) for m in found.months]),
              (h.t("report.forecast.best_case"), charts.BEST_CASE,
               [float(m.best_case.get(currency, 0)) for m in found.months])]
    months = [month_label(h, m.month) for m in found.months]
    return Answer("\n".join(lines), image=image(h, "forecast", heading,
                                                lambda: charts.column_chart(f"{heading} ({currency})", months, series)))


# -- team ranking --------------------------------------------------------------------------------------------
def ranking_view(h: HandlerContext, period: Period, _customer: CustomerTarget | None) -> Answer:
    found = reports.team_ranking(h.ctx, period)
    if found.empty:
        return empty(h, "ranking", period)
    heading = title(h, "ranking", period)
    lines = [heading]
    for rep in found.reps:
        lines.append("  " + h.t("report.ranking.line", rank=rep.rank, name=rep.name,
                                amount=amounts(h, rep.won_amounts), won=rep.won, activities=rep.activities,
                                percent=percent_text(h, rep.conversion_percent)))
    currency = chart_currency(h, *(rep.won_amounts for rep in found.reps))
    bars = [ChartBar(f"{rep.rank}. {rep.name}", float(rep.won_amounts.get(currency, 0)),
                     h.money(rep.won_amounts.get(currency, Decimal(0)), currency)) for rep in found.reps]
    return Answer("\n".join(lines), image=image(h, "ranking", heading, lambda: charts.bar_chart(heading, bars)))


VIEWS: dict[str, View] = {"funnel": funnel_view, "win_rate": win_rate_view, "cycle": cycle_view,
                          "forecast": forecast_view, "ranking": ranking_view}
