"""Deal alerts (异常预警): no activity for N days (per stage), close date passed, milestone overdue.

Each fires in the owner's morning, once per situation: the key holds the date the situation began (the last
activity, the close date, the milestone's due date), so a deal that is touched and goes quiet again is a new
alert, and one left as it is never repeats.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.i18n import format as fmt
from core.i18n import t
from core.models import OPEN_STAGES, Customer, Deal, DealStageChange, Interaction, Notification
from notifications.rules.base import DueItem, PushItem, Recipient, RenderContext, Scan, reminder_item
from notifications.schedule import at_local, local_date


@dataclass(frozen=True)
class OpenDeal:
    deal: Deal
    customer: str
    last_activity: datetime


def open_deals(session: Session, deal_id: int | None = None) -> list[OpenDeal]:
    """Open deals with their customer's name and the last sign of life (interaction, stage change, edit)."""
    last_touch = (
        select(func.max(Interaction.occurred_at)).where(Interaction.customer_id == Deal.customer_id)
        .correlate(Deal).scalar_subquery()
    )
    last_move = (
        select(func.max(DealStageChange.changed_at)).where(DealStageChange.deal_id == Deal.id)
        .correlate(Deal).scalar_subquery()
    )
    query = (
        select(Deal, Customer.name, last_touch, last_move)
        .join(Customer, Customer.id == Deal.customer_id)
        .where(Deal.stage.in_(OPEN_STAGES))
        .order_by(Deal.id)
    )
    if deal_id is not None:
        query = query.where(Deal.id == deal_id)
    out = []
    for deal, customer, touched, moved in session.execute(query).all():
        # Aggregates come back naive from SQLite (no type to convert them): they are UTC.
        stamps = [deal.updated_at, deal.created_at, *(_aware(v) for v in (touched, moved) if v is not None)]
        out.append(OpenDeal(deal, customer, max(stamps)))
    return out


def _aware(value: datetime | str) -> datetime:
    instant = datetime.fromisoformat(value) if isinstance(value, str) else value
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)


def _deal_params(item: OpenDeal) -> dict[str, object]:
    deal = item.deal
    return {"deal_id": deal.id, "title": deal.title, "customer": item.customer, "customer_id": deal.customer_id,
            "stage": deal.stage}


class DealStaleRule:
    kind = "deal_stale"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        catch_up = timedelta(days=scan.config.day_catch_up)
        for item in open_deals(scan.session):
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

    def relevant(self, session: Session, note: Notification, now: datetime) -> bool:
        since = datetime.fromisoformat(str(note.params["since"]))
        found = open_deals(session, note.entity_id) if note.entity_id is not None else []
        return any(item.last_activity <= since for item in found)

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
        query = (
            select(Deal, Customer.name).join(Customer, Customer.id == Deal.customer_id)
            .where(Deal.stage.in_(OPEN_STAGES), Deal.expected_close_date.is_not(None))
            .where(Deal.expected_close_date < scan.now.date() + timedelta(days=1))
            .where(Deal.expected_close_date >= scan.now.date() - timedelta(days=scan.config.day_catch_up + 2))
        )
        for deal, customer in scan.session.execute(query).all():
            who = scan.audience.get(deal.owner_id)
            if who is None or deal.expected_close_date is None:
                continue
            fire = at_local(deal.expected_close_date + timedelta(days=1), who.prefs.morning_time, who.timezone)
            if not scan.within(fire, catch_up):
                continue
            params = {**_deal_params(OpenDeal(deal, customer, deal.updated_at)),
                      "close_date": deal.expected_close_date.isoformat()}
            yield DueItem(self.kind, f"deal_close_passed:{deal.id}:{deal.expected_close_date.isoformat()}",
                          who.user_id, fire, params, ("deal", deal.id))

    def relevant(self, session: Session, note: Notification, now: datetime) -> bool:
        deal = session.get(Deal, note.entity_id)
        return (deal is not None and deal.stage in OPEN_STAGES and deal.expected_close_date is not None
                and deal.expected_close_date.isoformat() == note.params["close_date"])

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
        query = (
            select(Deal, Customer.name).join(Customer, Customer.id == Deal.customer_id)
            .where(Deal.stage.in_(OPEN_STAGES)).order_by(Deal.id)
        )
        for deal, customer in scan.session.execute(query).all():
            who = scan.audience.get(deal.owner_id)
            if who is None or not deal.milestones:
                continue
            for index, milestone in enumerate(deal.milestones):
                due_text = milestone.get("due") if isinstance(milestone, dict) else None
                if not due_text or milestone.get("done"):
                    continue
                due = date.fromisoformat(str(due_text))
                fire = at_local(due + timedelta(days=1), who.prefs.morning_time, who.timezone)
                if not scan.within(fire, catch_up):
                    continue
                params = {**_deal_params(OpenDeal(deal, customer, deal.updated_at)), "index": index,
                          "milestone": str(milestone.get("name") or ""), "due": due.isoformat()}
                yield DueItem(self.kind, f"deal_milestone_overdue:{deal.id}:{index}:{due.isoformat()}",
                              who.user_id, fire, params, ("deal", deal.id))

    def relevant(self, session: Session, note: Notification, now: datetime) -> bool:
        deal = session.get(Deal, note.entity_id)
        if deal is None or deal.stage not in OPEN_STAGES:
            return False
        index = int(note.params["index"])
        if index >= len(deal.milestones):
            return False
        milestone = deal.milestones[index]
        return isinstance(milestone, dict) and not milestone.get("done") and milestone.get("due") == note.params["due"]

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        text = t(lang, "notify.milestone_overdue", customer=p["customer"], title=p["title"],
                 milestone=p["milestone"], date=fmt.day(date.fromisoformat(str(p["due"])), lang))
        return reminder_item(lang, note.id, text, [("deal", int(p["deal_id"]))])


RULES = (DealStaleRule(), DealClosePassedRule(), DealMilestoneOverdueRule())
