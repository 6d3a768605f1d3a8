"""The money reports as chat answers: project profit margins, customer lifetime value, receivables aging — for
everyone the user may see, or one named customer. Aging is headed "as of <day>" (today, or the end of a period
that is over); a margin over a named period is headed with the period, over a project's life "as of" today."""

from __future__ import annotations

from decimal import Decimal

from bot.charts import report_charts as charts
from bot.charts.report_charts import ChartBar
from bot.handlers.base import Answer, HandlerContext
from bot.handlers.report_views import View, amounts, chart_currency, empty, image, period_label, scope_label
from bot.handlers.targets import CustomerTarget
from core import reports
from core.reports import Period
from core.services.receivables import BUCKETS

LIST_LIMIT = 10


def _heading(h: HandlerContext, kind: str, period: Period, customer: CustomerTarget | None, *,
             as_of: bool = False) -> str:
    when = h.t("report.as_of", date=h.day(period.end)) if as_of else period_label(h, period)
    who = customer.name if customer is not None else scope_label(h, "money")
    return h.t("report.title", report=h.t(f"report.name.{kind}"), scope=who, period=when)


def _empty(h: HandlerContext, kind: str, period: Period, customer: CustomerTarget | None) -> Answer:
    if customer is not None:
        return Answer(h.t(f"report.empty_for.{kind}", customer=customer.name))
    return empty(h, kind, period)


def _empty_on(h: HandlerContext, kind: str, customer: CustomerTarget | None, **values: str) -> Answer:
    """The empty answer of a cut report (a margin over a period, an aging on a past day)."""
    if customer is not None:
        return Answer(h.t(f"report.empty_for.{kind}", customer=customer.name, **values))
    return Answer(h.t(f"report.empty.{kind}", **values))


def profit_view(h: HandlerContext, period: Period, customer: CustomerTarget | None) -> Answer:
    found = reports.profit_margin(h.ctx, period, customer_id=customer.id if customer else None, limit=LIST_LIMIT)
    if found.empty:
        if not found.life_to_date:
            return _empty_on(h, "profit_period", customer, period=period_label(h, period))
        return _empty(h, "profit", period, customer)
    heading = _heading(h, "profit", period, customer, as_of=found.life_to_date)
    lines = [heading]
    if not found.life_to_date:
        lines.append("  " + h.t("report.profit.period_basis"))
    for p in found.projects:
        percent = h.t("report.profit.percent", percent=p.margin_percent) if p.margin_percent is not None else ""
        lines.append("  • " + h.t("report.profit.line", project=p.name, revenue=h.money(p.revenue, p.currency),
                                  cost=h.money(p.cost, p.currency), margin=h.money(p.margin, p.currency),
                                  percent=percent))
        if p.revenue <= 0:
            lines.append("    " + h.t("report.profit.no_contract" if found.life_to_date
                                        else "report.profit.no_revenue_in_period"))
        if p.unpriced_hours > 0:
            lines.append("    " + h.t("report.profit.unpriced", hours=f"{p.unpriced_hours.normalize():f}"))
    priced = [p for p in found.projects if p.margin_percent is not None]
    if not priced:
        return Answer("\n".join(lines))  # no revenue anywhere: no rate to draw
    bars = [ChartBar(p.name, float(max(p.margin_percent or 0, Decimal(0))), f"{p.margin_percent}%",
                     charts.stage_colour("lost") if p.margin < 0 else charts.NEUTRAL) for p in priced]
    return Answer("\n".join(lines), image=image(h, "profit", heading, lambda: charts.bar_chart(heading, bars)))


def clv_view(h: HandlerContext, period: Period, customer: CustomerTarget | None) -> Answer:
    found = reports.customer_value(h.ctx, period, customer_id=customer.id if customer else None, limit=LIST_LIMIT)
    if found.empty:
        return _empty(h, "clv", period, customer)
    heading = _heading(h, "clv", period, customer)
    lines = [heading]
    for c in found.customers:
        lines.append("  • " + h.t("report.clv.line", customer=c.name, value=amounts(h, c.value),
                                  received=amounts(h, c.received), expected=amounts(h, c.expected),
                                  deals=c.open_deals))
    lines.append(h.t("report.clv.definition"))
    currency = chart_currency(h, *(c.value for c in found.customers))
    bars = [ChartBar(c.name, float(c.value.get(currency, 0)), h.money(c.value.get(currency, Decimal(0)), currency))
            for c in found.customers]
    return Answer("\n".join(lines), image=image(h, "clv", heading, lambda: charts.bar_chart(heading, bars)))


def aging_view(h: HandlerContext, period: Period, customer: CustomerTarget | None) -> Answer:
    found = reports.receivables_aging(h.ctx, period, customer_id=customer.id if customer else None)
    if found.empty:
        if found.undated:  # a past day: "nobody owed us money on 30 Sep", not "right now"
            return _empty_on(h, "aging_on", customer, date=h.day(found.as_of))
        return _empty(h, "aging", period, customer)
    heading = _heading(h, "aging", period.model_copy(update={"end": found.as_of}), customer, as_of=True)
    lines = [heading]
    lines += ["  " + h.t("report.aging.bucket", bucket=h.t(f"aging.{bucket}"), amount=amounts(h, found.total[bucket]))
              for bucket in BUCKETS if found.total[bucket]]
    if customer is None:
        for c in found.customers[:LIST_LIMIT]:
            lines.append("  • " + h.t("report.aging.customer", customer=c.name, total=amounts(h, c.total),
                                      overdue=amounts(h, c.overdue)))
        if len(found.customers) > LIST_LIMIT:
            lines.append("  " + h.t("report.more", count=len(found.customers) - LIST_LIMIT))
    if found.undated:
        lines.append(h.t("report.aging.rebuilt"))
    currency = chart_currency(h, *found.total.values())
    bars = [ChartBar(h.t(f"aging.{bucket}"), float(found.total[bucket].get(currency, 0)),
                     h.money(found.total[bucket].get(currency, Decimal(0)), currency), charts.BUCKET_COLOURS[bucket])
            for bucket in BUCKETS]
    return Answer("\n".join(lines), image=image(h, "aging", heading, lambda: charts.bar_chart(heading, bars)))


VIEWS: dict[str, View] = {"profit": profit_view, "clv": clv_view, "aging": aging_view}
