"""Daily pushes at a user's own local time: the daily-report nudge (reps) and the manager digest.

Keys carry the local date (or the Monday of the week), so each happens at most once per day whatever DST does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import partial

from core import push_actions
from core.context import Unit
from core.i18n import format as fmt
from core.i18n import t
from core.models import Notification
from core.permissions import DAILY_REPORTERS, DIGEST_READERS
from core.schedule import daily_due
from core.services import relevance, reminders
from core.timeutil import local_day_bounds
from notifications import digest, report_draft
from notifications.rules.base import DueItem, PushItem, Recipient, RenderContext, Scan

# A digest is made within a few hours of its time; a process that was down all morning skips that one (the
# next covers the same ground) rather than sending "this morning's" digest at night.
DIGEST_WINDOW = timedelta(hours=4)


class DailyReportRule:
    kind = "daily_report"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        waiting: list[tuple[Recipient, date, datetime]] = []
        for who in scan.audience.all():
            if who.role not in DAILY_REPORTERS or not who.prefs.wants(self.kind):
                continue
            hit = daily_due(scan.now, who.timezone, who.prefs.report_time)
            if hit is not None:
                waiting.append((who, *hit))
        if not waiting:
            return
        submitted = reminders.reports_in(scan.system, [w[0].user_id for w in waiting], {w[1] for w in waiting})
        for who, day, fire in waiting:
            if (who.user_id, day) in submitted:
                continue
            # Weekends only when the rep worked (logged something) that day.
            if day.weekday() >= 5 and not _worked(scan, who, day):
                continue
            yield DueItem(self.kind, f"daily_report:{who.user_id}:{day.isoformat()}", who.user_id, fire,
                          {"date": day.isoformat()}, ("user", who.user_id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        day = date.fromisoformat(str(note.params["date"]))
        # Held by quiet hours until the next morning is fine ("yesterday's report"); later than that is noise.
        return relevance.report_missing(unit, note.user_id, day) and now < note.due_at + timedelta(hours=24)

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        lang = who.language
        day = date.fromisoformat(str(note.params["date"]))
        with view.acting(who) as ctx:
            text_draft = report_draft.draft(ctx, day, view.polisher)
        # What was shown is what [Submit] submits.
        note.params = {**note.params, "draft": text_draft}
        if text_draft:
            text = t(lang, "notify.report_nudge", date=fmt.day(day, lang)) + "\n" + _indent(text_draft)
        else:
            text = t(lang, "notify.report_nudge_empty", date=fmt.day(day, lang))
        has = bool(text_draft)
        return PushItem(text, push_actions.report(lang, note.id, has_draft=has),
                        partial(push_actions.report_compact, lang, note.id, has_draft=has),
                        entities=[("user", who.user_id)])


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def _worked(scan: Scan, who: Recipient, day: date) -> bool:
    start, end = local_day_bounds(day, who.timezone)
    return reminders.logged_between(scan.system, who.user_id, start, end)


class DigestRule:
    """Manager digest: daily at the manager's digest time; on Mondays the weekly one takes its place."""

    batchable = False

    def __init__(self, weekly: bool) -> None:
        self.weekly = weekly
        self.kind = "digest_weekly" if weekly else "digest_daily"

    def due(self, scan: Scan) -> Iterable[DueItem]:
        for who in scan.audience.all():
            if who.role not in DIGEST_READERS or who.team_id is None or not who.prefs.wants(self.kind):
                continue
            hit = daily_due(scan.now, who.timezone, who.prefs.digest_time)
            if hit is None:
                continue
            day, fire = hit
            if scan.now - fire > DIGEST_WINDOW:
                continue
            monday = day.weekday() == 0
            if self.weekly and not monday:
                continue
            if not self.weekly and monday and who.prefs.wants("digest_weekly"):
                continue
            yield DueItem(self.kind, f"{self.kind}:{who.user_id}:{day.isoformat()}", who.user_id, fire,
                          {"date": day.isoformat()}, ("team", who.team_id), team_id=who.team_id)

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        # A digest is about its morning; one held past noon of the next day has been overtaken by the next.
        day = date.fromisoformat(str(note.params["date"]))
        return now < datetime.combine(day + timedelta(days=1), time(12), tzinfo=note.due_at.tzinfo)

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        day = date.fromisoformat(str(note.params["date"]))
        with view.acting(who) as ctx:
            made = digest.compose(ctx, day, weekly=self.weekly, stale_days=view.config.stale_days,
                                  chart=self.weekly and view.charts)
        return PushItem(made.text, [], None, image=made.image, entities=[("team", int(note.team_id or 0))])


RULES = (DailyReportRule(), DigestRule(weekly=False), DigestRule(weekly=True))
