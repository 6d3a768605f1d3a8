"""report: a sales report in chat — a short text in the user's language and a phone-sized PNG chart.

The period is what the message named (its first and last day, as the rule parser or the LLM filled them), else
the report's default (`core.reports.catalog`); profit, lifetime value and aging may name one customer. Figures
come from `core.reports` through the user's scoped context: a rep's report counts their own deals, a manager's
their team's. An empty report says so plainly and sends no chart."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.handlers import report_money_views, report_views
from bot.handlers.base import Answer, HandlerContext, Outcome, ReadHandler
from bot.handlers.targets import CustomerTarget, customer_target
from bot.intents.schema import Command
from bot.intents.specs.reports import Report
from core.errors import InvalidInput
from core.reports import BY_CUSTOMER, Period, ReportKind, default_period

VIEWS = {**report_views.VIEWS, **report_money_views.VIEWS}


class ReportHandler(ReadHandler):
    intent = "report"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, Report)
        if command.kind is None:
            return Answer(h.t("report.which"), private=False)
        period = _period(command.kind, command.since, command.until, h)
        if isinstance(period, Answer):
            return period
        customer: CustomerTarget | None = None
        if command.kind in BY_CUSTOMER and (command.customer or "customer_id" in resolved):
            target = customer_target(h, command.customer, resolved, allow_create=False, use_memory=False)
            if not isinstance(target, CustomerTarget):
                return target
            if target.id is None:
                return Answer(h.t("report.unknown_customer", customer=target.name))
            customer = target
            h.remember(customer_id=target.id)
        return VIEWS[command.kind](h, period, customer)


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _period(kind: ReportKind, since: date | datetime | None, until: date | datetime | None,
            h: HandlerContext) -> Period | Answer:
    """The named days (one end named: that day to the other end of the default), else the report's default."""
    start, end = _day(since), _day(until)
    if start is None and end is None:
        return default_period(kind, h.today())
    fallback = default_period(kind, h.today())
    if end is None:
        end = max(start or fallback.end, fallback.end)
    if start is None:
        start = min(fallback.start, end)
    try:
        return Period(start=start, end=end)
    except InvalidInput as refused:
        return Answer(h.t(refused.key, **refused.params), private=False)
