"""The manager digest: daily (yesterday) and weekly (last seven days), in the manager's language and zone.

Built at delivery time with the manager's own permissions, so it never shows what they may not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from core.context import ServiceContext
from core.i18n import format as fmt
from core.i18n import t
from core.outbound import ImageRef
from core.services import deals, team_digest
from core.services.team_digest import DealLine, PipelineChanges
from core.timeutil import zone
from notifications import charts, digest_money
from notifications.digest_churn import customers_at_risk
from notifications.digest_projects import projects_at_risk

LIST_LIMIT = 5


@dataclass(frozen=True)
class Digest:
    text: str
    image: ImageRef | None


def compose(ctx: ServiceContext, day: date, *, weekly: bool, stale_days: dict[str, int], chart: bool) -> Digest:
    """The digest a manager reads on local `day` (covering the day before, or the week before)."""
    lang, tz = ctx.actor.language, ctx.actor.timezone
    first = day - timedelta(days=7 if weekly else 1)
    start, end = team_digest.period_bounds(first, day, tz)
    title_key = "digest.title_weekly" if weekly else "digest.title_daily"
    lines = [t(lang, title_key, team=team_digest.team_name(ctx), date=fmt.day(day, lang),
               first=fmt.day(first, lang), last=fmt.day(day - timedelta(days=1), lang))]
    changes = team_digest.pipeline_changes(ctx, start, end)
    lines += _changes(ctx, changes, weekly)
    lines += _risks(ctx, team_digest.at_risk(ctx, day, stale_days))
    lines += _overdue(ctx, team_digest.overdue(ctx, day))
    lines += projects_at_risk(ctx)
    lines += customers_at_risk(ctx)
    lines += _performers(ctx, team_digest.top_performers(ctx, start, end))
    lines += digest_money.receivables_lines(ctx, day)
    if not weekly:
        lines += _reports(ctx, first)
    image = _pipeline_chart(ctx, day) if chart else None
    return Digest("\n".join(lines), image)


def _money(ctx: ServiceContext, amount: Decimal | None, currency: str) -> str:
    return fmt.money(amount, currency, ctx.actor.language)


def _sum(ctx: ServiceContext, items: list[DealLine]) -> str:
    totals: dict[str, Decimal] = {}
    for item in items:
        if item.amount is not None:
            totals[item.currency] = totals.get(item.currency, Decimal(0)) + item.amount
    return " + ".join(_money(ctx, amount, currency) for currency, amount in sorted(totals.items())) or "—"


def _changes(ctx: ServiceContext, changes: PipelineChanges, weekly: bool) -> list[str]:
    lang = ctx.actor.language
    head = t(lang, "digest.pipeline_week" if weekly else "digest.pipeline_day",
             new=len(changes.new), new_amount=_sum(ctx, changes.new), advanced=len(changes.advanced),
             won=len(changes.won), won_amount=_sum(ctx, changes.won), lost=len(changes.lost),
             lost_amount=_sum(ctx, changes.lost))
    lines = ["", head]
    if changes.empty():
        return lines
    rows: list[str] = []
    for key, items in (("digest.line_new", changes.new), ("digest.line_advanced", changes.advanced),
                       ("digest.line_won", changes.won), ("digest.line_lost", changes.lost)):
        for item in items:
            rows.append("  " + t(lang, key, customer=item.customer, title=item.title, owner=item.owner,
                                 amount=_money(ctx, item.amount, item.currency),
                                 from_stage=t(lang, f"stage.{item.from_stage}") if item.from_stage else "",
                                 to_stage=t(lang, f"stage.{item.stage}")))
    return lines + _capped(lang, rows)


def _capped(lang: str, rows: list[str]) -> list[str]:
    if len(rows) <= LIST_LIMIT:
        return rows
    return [*rows[:LIST_LIMIT], "  " + t(lang, "digest.more", count=len(rows) - LIST_LIMIT)]


def _risks(ctx: ServiceContext, risks: list[team_digest.RiskLine]) -> list[str]:
    lang = ctx.actor.language
    if not risks:
        return ["", t(lang, "digest.risk_none")]
    rows = ["  " + t(lang, f"digest.risk_{risk.reason}", customer=risk.deal.customer, title=risk.deal.title,
                     owner=risk.deal.owner, days=risk.days, stage=t(lang, f"stage.{risk.deal.stage}"),
                     amount=_money(ctx, risk.deal.amount, risk.deal.currency))
            for risk in sorted(risks, key=lambda r: -(r.deal.amount or 0))]
    return ["", t(lang, "digest.risk_title", count=len(risks)), *_capped(lang, rows)]


def _overdue(ctx: ServiceContext, items: list[team_digest.OverdueLine]) -> list[str]:
    lang = ctx.actor.language
    follow_ups = sum(1 for item in items if item.follow_up)
    if not items:
        return ["", t(lang, "digest.overdue_none")]
    rows = ["  " + t(lang, "digest.overdue_line", title=item.title, owner=item.assignee,
                     date=fmt.day(item.due_at.astimezone(zone(ctx.actor.timezone)).date(), lang)) for item in items]
    head = t(lang, "digest.overdue_title", tasks=len(items) - follow_ups, follow_ups=follow_ups)
    return ["", head, *_capped(lang, rows)]


def _performers(ctx: ServiceContext, people: list[team_digest.Performer]) -> list[str]:
    lang = ctx.actor.language
    if not people:
        return []
    rows = []
    for rank, person in enumerate(people, start=1):
        won = " + ".join(_money(ctx, amount, cur) for cur, amount in sorted(person.won.items())) or "—"
        rows.append("  " + t(lang, "digest.performer_line", rank=rank, name=person.name, won=won,
                             deals=person.won_count, activities=person.activities))
    return ["", t(lang, "digest.performers_title"), *rows]


def _reports(ctx: ServiceContext, day: date) -> list[str]:
    lang = ctx.actor.language
    submitted, missing = team_digest.report_submissions(ctx, day)
    if not submitted and not missing:
        return []
    line = t(lang, "digest.reports", date=fmt.day(day, lang), submitted=len(submitted),
             total=len(submitted) + len(missing))
    if missing:
        line += " · " + t(lang, "digest.reports_missing", names=", ".join(missing))
    return ["", line]


def _pipeline_chart(ctx: ServiceContext, day: date) -> ImageRef | None:
    """Open pipeline by stage in the default currency (counts when no amounts are known)."""
    totals = deals.pipeline(ctx)
    if not any(total.count for total in totals):
        return None
    currency = ctx.defaults.currency
    label_lang = charts.chart_language(ctx.actor.language)
    use_amounts = any(total.amounts.get(currency) for total in totals)
    bars = []
    for total in totals:
        value = total.amounts.get(currency, Decimal(0)) if use_amounts else Decimal(total.count)
        amount = fmt.money(value, currency, label_lang) if use_amounts else ""
        note = t(label_lang, "digest.chart_bar" if use_amounts else "digest.chart_bar_count", amount=amount,
                 count=total.count)
        bars.append(charts.Bar(t(label_lang, f"stage.{total.stage}"), charts.as_float(value), note))
    title = t(label_lang, "digest.chart_title", date=fmt.day(day, label_lang))
    png = charts.bar_chart(title, bars)
    return ImageRef(data=png, filename=f"pipeline-{day.isoformat()}.png",
                    caption=t(ctx.actor.language, "digest.chart_caption"))
