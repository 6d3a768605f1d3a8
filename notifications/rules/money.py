"""Installment reminders (回款提醒): one coming due in a few days, and one overdue and still unpaid.

The customer's owner hears of both in their morning; an overdue installment is also raised with finance. The
key holds the installment and its due day, so a reminder is raised once per due day (a moved date is a new one),
and a paid installment is no longer said (checked right before sending).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from core.context import Unit
from core.i18n import format as fmt
from core.i18n import t
from core.models import Notification
from core.schedule import at_local, local_date
from core.services import installment_alerts
from core.services.installment_alerts import InstallmentDue
from notifications.rules.base import DueItem, PushItem, Recipient, RenderContext, Scan, reminder_item

# How many days ahead an installment coming due is announced.
DUE_NOTICE_DAYS = 3


def _params(item: InstallmentDue) -> dict[str, object]:
    return {"installment_id": item.installment_id, "label": item.label, "seq": item.seq,
            "contract": item.contract_number, "customer": item.customer, "customer_id": item.customer_id,
            "due_on": item.due_on.isoformat(), "amount": str(item.outstanding), "currency": item.currency}


def _still_unpaid(unit: Unit, note: Notification) -> bool:
    return installment_alerts.outstanding(unit, int(note.params["installment_id"])) > 0


def _render(key: str, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
    lang, p = who.language, note.params
    due = date.fromisoformat(str(p["due_on"]))
    today = local_date(view.now, who.timezone)
    left = installment_alerts.outstanding(view.system, int(p["installment_id"]))
    text = t(lang, key, customer=p["customer"], label=p["label"], contract=p["contract"],
             amount=fmt.money(left, str(p["currency"]), lang), date=fmt.day_with_year(due, lang, today),
             days=abs((today - due).days))
    return reminder_item(lang, note.id, text, [("customer", int(p["customer_id"]))])


class InstallmentDueRule:
    kind = "installment_due"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        today = scan.now.date()
        catch_up = timedelta(days=scan.config.day_catch_up)
        first = today - timedelta(days=scan.config.day_catch_up + 1)
        for item in installment_alerts.due_between(scan.system, first + timedelta(days=DUE_NOTICE_DAYS),
                                                   today + timedelta(days=DUE_NOTICE_DAYS + 1)):
            who = scan.audience.get(item.owner_id)
            if who is None:
                continue
            fire = at_local(item.due_on - timedelta(days=DUE_NOTICE_DAYS), who.prefs.morning_time, who.timezone)
            if not scan.within(fire, catch_up):
                continue
            yield DueItem(self.kind, f"installment_due:{item.installment_id}:{item.due_on.isoformat()}",
                          who.user_id, fire, _params(item), ("customer", item.customer_id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return _still_unpaid(unit, note)

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        return _render("notify.installment_due", note, who, view)


class InstallmentOverdueRule:
    kind = "installment_overdue"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        today = scan.now.date()
        catch_up = timedelta(days=scan.config.day_catch_up)
        first = today - timedelta(days=scan.config.day_catch_up + 2)
        finance = [who for who in scan.audience.all() if who.role == "finance"]
        for item in installment_alerts.due_between(scan.system, first, today):
            owner = scan.audience.get(item.owner_id)
            for who in ([owner] if owner is not None else []) + [f for f in finance if f.user_id != item.owner_id]:
                fire = at_local(item.due_on + timedelta(days=1), who.prefs.morning_time, who.timezone)
                if not scan.within(fire, catch_up):
                    continue
                yield DueItem(self.kind,
                              f"installment_overdue:{item.installment_id}:{item.due_on.isoformat()}:{who.user_id}",
                              who.user_id, fire, _params(item), ("customer", item.customer_id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return _still_unpaid(unit, note)

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        return _render("notify.installment_overdue", note, who, view)


RULES = (InstallmentDueRule(), InstallmentOverdueRule())
