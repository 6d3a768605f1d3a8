"""What the dashboard page shows: every report over the chosen period (each report's own default when none is
chosen), for the chosen team, rendered exactly as the chat renders it (bot/handlers: the same text and the same
PNG chart), all inside one read-only unit of work of the signed-in user — the same scoping as the chat.

The page carries the reports' text; each chart is its own request (`chart()`), so the figures show at once on a
phone while the eight charts (a matplotlib drawing each) arrive, and a page reload draws nothing it does not show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.dashboard.filters import Filters, query_of
from bot.handlers.base import Answer, HandlerContext
from bot.handlers.sales_reports import VIEWS
from bot.intents.directory import CustomerDirectory
from bot.report_periods import NAMED_PERIODS, resolve
from core.context import CoreGateway, ServiceContext
from core.errors import DomainError
from core.i18n import t
from core.reports import ReportKind
from core.services import dashboard_scope
from core.services.conversation import Memory
from core.timeutil import local_today

# The order a manager reads them in: pipeline first, then people, then money.
SHOWN: tuple[ReportKind, ...] = ("funnel", "forecast", "ranking", "win_rate", "cycle", "aging", "profit", "clv")


@dataclass
class Section:
    kind: str
    heading: str
    lines: list[str]
    chart: str | None = None  # the chart's address (/dashboard/chart/<kind>?<filters>)
    chart_alt: str = ""


@dataclass
class DashboardPage:
    lang: str
    user: str
    scope: str
    filters: Filters
    today: date
    periods: list[tuple[str, str]]
    teams: list[tuple[int, str]]
    picks_team: bool
    sections: list[Section] = field(default_factory=list)
    error: str | None = None


def build(core: CoreGateway, user_id: int, filters: Filters, directory: CustomerDirectory, *,
          skip_reports: bool = False) -> DashboardPage:
    with core.reading(user_id) as ctx:
        lang = ctx.actor.language
        today = local_today(ctx.now(), ctx.actor.timezone)
        page = DashboardPage(
            lang=lang, user=ctx.actor.name, scope="", filters=filters, today=today,
            periods=[("", t(lang, "dashboard.period_name.default"))]
            + [(name, t(lang, f"dashboard.period_name.{name}")) for name in NAMED_PERIODS]
            + [("custom", t(lang, "dashboard.period_name.custom"))],
            teams=dashboard_scope.teams(ctx), picks_team=dashboard_scope.picks_team(ctx))
        page.scope = _scope(ctx, page, filters.team)
        if skip_reports:
            return page
        try:
            with dashboard_scope.team_view(ctx, filters.team):
                h = HandlerContext(ctx, lang, Memory(), directory, draw_charts=False)
                for kind in SHOWN:
                    page.sections.append(_section(h, kind, filters, today))
        except DomainError as refused:
            page.sections = []
            page.error = t(lang, "dashboard.page.bad_filter", reason=said(lang, refused))
        return page


def chart(core: CoreGateway, user_id: int, filters: Filters, directory: CustomerDirectory, kind: ReportKind
          ) -> bytes | None:
    """One report's chart PNG, as the page's section shows it (None: that report has nothing to draw)."""
    with core.reading(user_id) as ctx, dashboard_scope.team_view(ctx, filters.team):
        h = HandlerContext(ctx, ctx.actor.language, Memory(), directory)
        answer = _answer(h, kind, filters, local_today(ctx.now(), ctx.actor.timezone))
        return None if answer.image is None else answer.image.data


def _scope(ctx: ServiceContext, page: DashboardPage, team: int | None) -> str:
    lang = ctx.actor.language
    names = dict(page.teams)
    if team is not None and team in names:
        return t(lang, "dashboard.page.scope_team", team=names[team])
    if page.picks_team:
        return t(lang, "dashboard.page.scope_all")
    if ctx.actor.sees_team("deal") and ctx.actor.team_id in names:
        return t(lang, "dashboard.page.scope_team", team=names[ctx.actor.team_id])
    return t(lang, "dashboard.page.scope_own")


def _answer(h: HandlerContext, kind: ReportKind, filters: Filters, today: date) -> Answer:
    """The report as the chat words it, over the filters' period (the report's own default when none)."""
    return VIEWS[kind](h, resolve(kind, today, filters.named, filters.start, filters.end), None)


def _section(h: HandlerContext, kind: ReportKind, filters: Filters, today: date) -> Section:
    answer = _answer(h, kind, filters, today)
    heading, *lines = answer.text.split("\n")
    section = Section(kind=kind, heading=heading, lines=[line.strip() for line in lines if line.strip()])
    if not section.lines:  # an empty report is one sentence: it is the section's body, the report its heading
        section.heading, section.lines = h.t(f"report.name.{kind}"), [heading]
    if answer.image is not None:
        query = query_of(filters)
        section.chart = f"/dashboard/chart/{kind}" + (f"?{query}" if query else "")
        section.chart_alt = h.t("dashboard.page.chart_alt", title=heading)
    return section


def said(lang: str, error: DomainError) -> str:
    try:
        return t(lang, error.key, **error.params)
    except (KeyError, IndexError, ValueError):
        return t(lang, type(error).key)


