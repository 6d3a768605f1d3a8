"""Money reads: who owes us what ("who owes us money", "海尔还欠多少", "overdue payments") with its aging, and a
project's margin ("margin on the Acme project", "Acme项目利润"). Reads answer at once, from what the user may see."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.handlers.base import Answer, HandlerContext, Outcome, ReadHandler
from bot.handlers.targets import CustomerTarget, customer_target
from bot.intents.schema import Command, QueryReceivables
from bot.intents.specs.money import QueryMargin
from core.permissions import Scope
from core.services import payments, profitability, receivables
from core.services.receivables import BUCKETS, Aging

LIST_LIMIT = 10


def amounts(h: HandlerContext, values: dict[str, Decimal]) -> str:
    return " + ".join(h.money(amount, currency) for currency, amount in sorted(values.items()) if amount) or \
        h.money(Decimal(0))


def bucket_line(h: HandlerContext, aging: Aging) -> str:
    parts = [f"{h.t(f'aging.{bucket}')} {amounts(h, aging.buckets[bucket])}" for bucket in BUCKETS
             if aging.buckets[bucket]]
    return " · ".join(parts)


def _target(command: Command, resolved: dict[str, Any], h: HandlerContext, name: str | None
            ) -> CustomerTarget | Outcome | None:
    if not name and "customer_id" not in resolved and not getattr(command, "refers_to_context", False):
        return None
    return customer_target(h, name, resolved, allow_create=False)


class QueryReceivablesHandler(ReadHandler):
    intent = "query_receivables"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, QueryReceivables)
        target = _target(command, resolved, h, command.customer)
        if target is not None and not isinstance(target, CustomerTarget):
            return target
        if isinstance(target, CustomerTarget) and target.id is not None:
            return _one_customer(h, target)
        return _everyone(h, overdue_only=bool(command.overdue))


def _one_customer(h: HandlerContext, target: CustomerTarget) -> Answer:
    assert target.id is not None
    h.remember(customer_id=target.id)
    found = receivables.by_customer(h.ctx, customer_id=target.id)
    items = payments.open_items(h.ctx, target.id)
    if not found and not items:
        return Answer(h.t("receivables.customer_none", customer=target.name))
    aging = found[0] if found else Aging(target.id, target.name)
    lines = [h.t("receivables.customer_title", customer=target.name, total=amounts(h, aging.total()),
                 overdue=amounts(h, aging.overdue())) if found else
             h.t("receivables.customer_nothing_due", customer=target.name)]
    if found:
        lines.append("  " + bucket_line(h, aging))
    today = h.today()
    for item in items[:LIST_LIMIT]:
        if item.due_on is None:
            due = h.t("receivables.due_on_milestone")
        elif item.due_on < today:
            due = h.t("receivables.late", date=h.day(item.due_on), days=(today - item.due_on).days)
        else:
            due = h.t("receivables.due", date=h.day(item.due_on))
        kind = h.t(f"receivables.kind.{item.kind}")
        lines.append(f"  • {kind} {item.label} · {h.money(item.outstanding, item.currency)} · {due}")
    return Answer("\n".join(lines))


def _everyone(h: HandlerContext, *, overdue_only: bool) -> Answer:
    found = receivables.by_customer(h.ctx)
    if overdue_only:
        found = [a for a in found if a.overdue()]
    if not found:
        return Answer(h.t("receivables.none_overdue" if overdue_only else "receivables.none"))
    whole = receivables.totals(found)
    title = "receivables.title_overdue" if overdue_only else "receivables.title"
    lines = [h.t(title, total=amounts(h, whole.overdue() if overdue_only else whole.total()),
                 count=len(found))]
    for aging in found[:LIST_LIMIT]:
        overdue = aging.overdue()
        late = h.t("receivables.of_which_overdue", amount=amounts(h, overdue)) if overdue else ""
        lines.append(f"  • {aging.name}: {amounts(h, aging.total())}{late}")
    if len(found) > LIST_LIMIT:
        lines.append("  " + h.t("receivables.more", count=len(found) - LIST_LIMIT))
    lines.append(h.t("receivables.aging") + " " + bucket_line(h, whole))
    if h.ctx.actor.read_scope("money") is Scope.ALL:
        teams = receivables.by_team(h.ctx)
        if len(teams) > 1:
            lines.append(h.t("receivables.by_team"))
            for team in teams:
                name = team.name or h.t("receivables.no_team")
                lines.append(f"  • {name}: {amounts(h, team.total())} · {bucket_line(h, team)}")
    return Answer("\n".join(lines))


class QueryMarginHandler(ReadHandler):
    intent = "query_margin"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, QueryMargin)
        target = _target(command, resolved, h, command.customer)
        if target is not None and not isinstance(target, CustomerTarget):
            return target
        customer_id = target.id if isinstance(target, CustomerTarget) else None
        if customer_id is not None:
            h.remember(customer_id=customer_id)
        found = profitability.by_project(h.ctx, customer_id=customer_id, limit=LIST_LIMIT)
        if not found:
            name = target.name if isinstance(target, CustomerTarget) else ""
            return Answer(h.t("margin.none_for", customer=name) if name else h.t("margin.none"))
        lines = [h.t("margin.title")]
        for row in found:
            percent = f" ({row.margin_percent}%)" if row.margin_percent is not None else ""
            lines.append("  • " + h.t("margin.line", project=row.name, revenue=h.money(row.revenue, row.currency),
                                       cost=h.money(row.cost, row.currency),
                                       labour=h.money(row.labour, row.currency),
                                       expenses=h.money(row.expenses, row.currency),
                                       margin=h.money(row.margin, row.currency), percent=percent))
            if row.revenue <= 0:
                lines.append("    " + h.t("margin.no_contract"))
            if row.unpriced_hours > 0:
                lines.append("    " + h.t("margin.unpriced", hours=f"{row.unpriced_hours.normalize():f}"))
        return Answer("\n".join(lines))
