"""Deal alerts (异常预警): no activity for N days (per stage), close date passed, milestone overdue.

Each fires in the owner's morning, once per situation: the key holds the date the situation began (the last
activity, the close date, the milestone's due date), so a deal that is touched and goes quiet again is a new
alert, and one left as it is never repeats.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from core.context import Unit
from core.i18n import format as fmt
from core.i18n import t
from core.models import Notification
from core.schedule import at_local, local_date
from core.services import deal_alerts, relevance
from core.services.deal_alerts import DealRow, OpenDeal
from notifications.rules.base import DueItem, PushItem, Recipient, RenderContext, Scan, reminder_item


def _deal_params(item: OpenDeal | DealRow) -> dict[str, object]:
    deal = item.deal
    return {"deal_id": deal.id, "title": deal.title, "customer": item.customer, "customer_id": deal.customer_id,
            "stage": deal.stage}


class DealStaleRule:
    kind = "deal_stale"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        catch_up = timedelta(days=scan.config.day_catch_up)
        for item in deal_alerts.open_deals(scan.system):
            who = scan.audience.get(item.deal.owner_id)
            limit = scan.config.stale_days.get(item.deal.stage)
            if who is None or limit is None:
                continue
            quiet_since = local_date(item.last_activity, who.timezone)
            fire = at_local(quiet_since + timedelta(days=limit), who.prefs.morning_time, who.timezone)
            if not scan.within(fire, catch_up):
                continue
            params = {**_deal_params(item), "days": limit, "since": item.last_activity.isoformat()}
            yield DueItem(self.kind, f"deal_stale:{item.deal.id}:{quiet_since.isoformat()}", who.user_id, fire,
                          params, ("deal", item.deal.id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        since = datetime.fromisoformat(str(note.params["since"]))
        return relevance.deal_quiet_since(unit, int(note.params["deal_id"]), since)

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        since = datetime.fromisoformat(str(p["since"]))
        days = (local_date(view.now, who.timezone) - local_date(since, who.timezone)).days
        text = t(lang, "notify.deal_stale", customer=p["customer"], title=p["title"], days=days,
                 stage=t(lang, f"stage.{p['stage']}"))
        return reminder_item(lang, note.id, text, [("deal", int(p["deal_id"]))])


class DealClosePassedRule:
    kind = "deal_close_passed"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        catch_up = timedelta(days=scan.config.day_catch_up)
        today = scan.now.date()
        first = today - timedelta(days=scan.config.day_catch_up + 2)
        for row in deal_alerts.closing_between(scan.system, first, today):
            deal = row.deal
            who = scan.audience.get(deal.owner_id)
            if who is None or deal.expected_close_date is None:
                continue
            fire = at_local(deal.expected_close_date + timedelta(days=1), who.prefs.morning_time, who.timezone)
            if not scan.within(fire, catch_up):
                continue
            params = {**_deal_params(row), "close_date": deal.expected_close_date.isoformat()}
            yield DueItem(self.kind, f"deal_close_passed:{deal.id}:{deal.expected_close_date.isoformat()}",
                          who.user_id, fire, params, ("deal", deal.id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return relevance.deal_close_date_is(unit, int(note.params["deal_id"]), str(note.params["close_date"]))

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        closed = date.fromisoformat(str(p["close_date"]))
        text = t(lang, "notify.deal_close_passed", customer=p["customer"], title=p["title"],
                 date=fmt.day(closed, lang), stage=t(lang, f"stage.{p['stage']}"))
        return reminder_item(lang, note.id, text, [("deal", int(p["deal_id"]))])


class DealMilestoneOverdueRule:
    """Milestones (里程碑) on a deal past their date and not done. Project milestones plug in the same way."""

    kind = "deal_milestone_overdue"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        catch_up = timedelta(days=scan.config.day_catch_up)
        for row in deal_alerts.with_milestones(scan.system):
            deal = row.deal
            who = scan.audience.get(deal.owner_id)
            if who is None:
                continue
            for index, milestone in enumerate(deal.milestones):
                due_text = milestone.get("due") if isinstance(milestone, dict) else None
                if not due_text or milestone.get("done"):
                    continue
                due = date.fromisoformat(str(due_text))
                fire = at_local(due + timedelta(days=1), who.prefs.morning_time, who.timezone)
                if not scan.within(fire, catch_up):
                    continue
                params = {**_deal_params(row), "index": index,
                          "milestone": str(milestone.get("name") or ""), "due": due.isoformat()}
                yield DueItem(self.kind, f"deal_milestone_overdue:{deal.id}:{index}:{due.isoformat()}",
                              who.user_id, fire, params, ("deal", deal.id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return relevance.milestone_still_overdue(unit, int(note.params["deal_id"]), int(note.params["index"]),
                                                 str(note.params["due"]))

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        text = t(lang, "notify.milestone_overdue", customer=p["customer"], title=p["title"],
                 milestone=p["milestone"], date=fmt.day(date.fromisoformat(str(p["due"])), lang))
        return reminder_item(lang, note.id, text, [("deal", int(p["deal_id"]))])


RULES = (DealStaleRule(), DealClosePassedRule(), DealMilestoneOverdueRule())
