"""The team, as a manager reads it: who has (not) sent the day's daily report, a rep's reports, and what was logged
— the team's day, a rep's visits. A rep asking the same questions gets their own part; nobody reads past their
role (the queries run in the asker's scoped session)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.handlers.base import Answer, HandlerContext, Outcome, ReadHandler
from bot.handlers.reads import Whose, as_day, day_label, period_label, whose
from bot.intents.schema import Command, QueryActivity, QueryReports
from core.models import Interaction
from core.permissions import DAILY_REPORTERS, Scope
from core.services import customers, daily_reports, interactions, users
from core.timeutil import start_of_local_day

# How far back "recent" activity and a colleague's reports go.
RECENT_DAYS = 14
ACTIVITY_LIMIT = 25


class QueryReportsHandler(ReadHandler):
    intent = "query_reports"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, QueryReports)
        who = whose(h, command.person, "daily_report")
        if isinstance(who, Answer):
            return who
        day = as_day(command.day) or h.today()
        if who.user is not None:
            return _reports_of(h, who)
        if not h.ctx.actor.leads_team():
            if h.ctx.actor.role not in DAILY_REPORTERS:
                return Answer(h.t("reports.nobody"))
            mine = next((s for s in daily_reports.submissions(h.ctx, day) if s.user_id == h.ctx.actor.user_id), None)
            sent = mine is not None and mine.report is not None
            return Answer(h.t("reports.own_sent" if sent else "reports.own_missing", date=h.day(day)))
        return Answer("\n".join([h.t("reports.status_title", date=h.day(day)), *status_lines(h, day)]))


def status_lines(h: HandlerContext, day: date) -> list[str]:
    """Who has not sent the day's report, and who has — as far as the user reads (a manager's team, everyone)."""
    found = daily_reports.submissions(h.ctx, day)
    if not found:
        return ["  " + h.t("reports.nobody")]
    teams = {s.team for s in found}

    def label(name: str, team: str | None) -> str:
        return f"{name} ({team})" if len(teams) > 1 and team else name

    separator = h.t("reports.names_separator")
    missing = [label(s.name, s.team) for s in found if s.report is None]
    sent = [label(s.name, s.team) for s in found if s.report is not None]
    lines = []
    if missing:
        lines.append("  " + h.t("reports.not_yet", count=len(missing), names=separator.join(missing)))
    else:
        lines.append("  " + h.t("reports.all_sent"))
    if sent:
        lines.append("  " + h.t("reports.sent", count=len(sent), names=separator.join(sent)))
    return lines


def _reports_of(h: HandlerContext, who: Whose) -> Answer:
    assert who.user is not None and who.name is not None
    lines = [h.t("reports.person_title", name=who.name)]
    found = daily_reports.of_user(h.ctx, who.user.id, limit=7)
    if not found:
        lines.append("  " + h.t("reports.person_none"))
    for report in found:
        text = " / ".join(line.strip() for line in report.content.splitlines() if line.strip())
        text = text if len(text) <= 160 else text[:157] + "…"
        lines.append(f"  • {h.day(report.report_date)}: {text}")
    return Answer("\n".join(lines))


class QueryActivityHandler(ReadHandler):
    intent = "query_activity"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, QueryActivity)
        who = whose(h, command.person, "customer")
        if isinstance(who, Answer):
            return who
        actor = h.ctx.actor
        since, until = as_day(command.since), as_day(command.until)
        if until is not None and since is None:
            since = until
        if since is not None and until is None:
            until = h.today()
        # A colleague's work, or the team's as far as the user reads it; a rep's own otherwise.
        team = who.user is None and actor.sees_team("customer")
        author = who.user_id if who.user is not None else None if team else actor.user_id
        found = interactions.recent(
            h.ctx, author_id=author, channel=command.channel,
            since=start_of_local_day(since, h.tz) if since else start_of_local_day(
                h.today() - timedelta(days=RECENT_DAYS), h.tz),
            until=start_of_local_day(until + timedelta(days=1), h.tz) if until else None, limit=ACTIVITY_LIMIT)
        lines = [_title(h, who, team, command.channel, since, until)]
        if not found:
            lines.append("  " + h.t("activity.none"))
        lines += _activity_lines(h, found, show_author=team)
        if team and actor.leads_team() and since is not None and since == until and command.channel is None:
            submissions = daily_reports.submissions(h.ctx, since)
            if submissions:
                sent = sum(1 for s in submissions if s.report is not None)
                lines.append(h.t("activity.reports_line", sent=sent, total=len(submissions)))
                lines += status_lines(h, since)
        return Answer("\n".join(lines))


def _title(h: HandlerContext, who: Whose, team: bool, channel: str | None, since: date | None,
           until: date | None) -> str:
    what = h.t(f"activity.what.{channel or 'any'}")
    if since is None or until is None:
        period = h.t("activity.recent")
    else:
        label = day_label(h, since) if since == until else period_label(h, since, until)
        period = f" {label}" if h.lang == "en" else label
    if who.name:
        return h.t("activity.title_person", name=who.name, what=what, period=period)
    if team:
        key = "activity.title_everyone" if h.ctx.actor.read_scope("customer") is Scope.ALL else "activity.title_team"
        return h.t(key, what=what, period=period)
    return h.t("activity.title_mine", what=what, period=period)


def _activity_lines(h: HandlerContext, found: list[Interaction], *, show_author: bool) -> list[str]:
    names: dict[int, str] = {}
    authors: dict[int, str] = {}
    lines = []
    for item in found:
        if item.customer_id not in names:
            names[item.customer_id] = customers.name_of(h.ctx, item.customer_id) or ""
        by = ""
        if show_author:
            if item.author_id not in authors:
                authors[item.author_id] = users.name_of(h.ctx, item.author_id) or ""
            by = f"{authors[item.author_id]} · "
        summary = item.summary if len(item.summary) <= 70 else item.summary[:67] + "…"
        when = h.day(h.local_date(item.occurred_at))
        text = f"{h.t(f'channel.{item.channel}')} {names[item.customer_id]}" + (f": {summary}" if summary else "")
        lines.append(f"  • {when} · {by}{text}")
    return lines

