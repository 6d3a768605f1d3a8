"""Contract reminders: an approval asked of someone (with Approve / Reject), an approval still waiting after
APPROVAL_WAITING_AFTER (a reminder with Done / Snooze / Open beside the decision), the requester told how the
approval ended, and a contract out for signature past its date (or SIGNATURE_DUE_AFTER after it was sent).

Keys name the step, the approval or the contract and the day, so each occurrence is said once; `relevant` asks
again at send time (a step decided meanwhile is not pushed).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from core.approval_actions import approval_buttons
from core.context import Unit
from core.i18n import format as fmt
from core.i18n import t
from core.models import Notification
from core.schedule import at_local, local_date
from core.services import contract_alerts
from core.services.contract_alerts import ContractFacts
from notifications.rules.base import DueItem, PushItem, Recipient, RenderContext, Scan, reminder_item

APPROVAL_WAITING_AFTER = timedelta(hours=24)
SIGNATURE_DUE_AFTER = timedelta(days=7)
# How far back a scan looks for requests and decisions it has not said (only downtime makes it matter).
WINDOW = timedelta(days=7)


def _params(facts: ContractFacts) -> dict[str, object]:
    return {"contract_id": facts.contract_id, "number": facts.number, "title": facts.title,
            "customer": facts.customer, "amount": str(facts.amount), "currency": facts.currency}


def _label(p: dict[str, object], lang: str) -> str:
    money = fmt.money(Decimal(str(p["amount"])), str(p["currency"]), lang)
    return f"{p['number']} · {p['customer']} · {p['title']} · {money}"


class ApprovalRequestRule:
    """To the approver, as soon as a step becomes theirs: Approve / Reject. Stands alone (never in a batch)."""

    kind = "approval_request"
    batchable = False

    def due(self, scan: Scan) -> Iterable[DueItem]:
        for step in contract_alerts.pending_steps(scan.system):
            if scan.now - WINDOW < step.since <= scan.now:
                params = {**_params(step.contract), "step_id": step.step_id, "requester": step.requester}
                yield DueItem(self.kind, f"approval_request:{step.step_id}", step.approver_id, step.since, params,
                              ("contract", step.contract.contract_id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return contract_alerts.step_pending(unit, int(note.params["step_id"]))

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        text = t(lang, "notify.approval_request", requester=p["requester"], label=_label(p, lang))
        return PushItem(text, approval_buttons(lang, int(p["contract_id"]), str(p["number"])),
                        entities=[("contract", int(p["contract_id"]))])


class ApprovalWaitingRule:
    """To the approver again when the step has waited APPROVAL_WAITING_AFTER: a reminder that can be snoozed."""

    kind = "approval_waiting"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        for step in contract_alerts.pending_steps(scan.system):
            fire = step.since + APPROVAL_WAITING_AFTER
            if scan.within(fire, timedelta(days=2)):
                params = {**_params(step.contract), "step_id": step.step_id, "requester": step.requester,
                          "since": step.since.isoformat()}
                yield DueItem(self.kind, f"approval_waiting:{step.step_id}", step.approver_id, fire, params,
                              ("contract", step.contract.contract_id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return contract_alerts.step_pending(unit, int(note.params["step_id"]))

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        hours = int((view.now - datetime.fromisoformat(str(p["since"]))).total_seconds() // 3600)
        text = t(lang, "notify.approval_waiting", requester=p["requester"], label=_label(p, lang), hours=hours)
        item = reminder_item(lang, note.id, text, [("contract", int(p["contract_id"]))])
        item.choices = approval_buttons(lang, int(p["contract_id"]), str(p["number"])) + item.choices
        return item


class ContractDecidedRule:
    """To whoever asked: the contract's approval ended (approved, or rejected and why)."""

    kind = "contract_decided"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        for done in contract_alerts.finished_since(scan.system, scan.now - WINDOW):
            if done.decided_at > scan.now:
                continue
            params = {**_params(done.contract), "status": done.status, "decider": done.decider,
                      "comment": done.comment or ""}
            yield DueItem(self.kind, f"contract_decided:{done.approval_id}", done.requester_id, done.decided_at,
                          params, ("contract", done.contract.contract_id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return contract_alerts.contract_status(unit, int(note.params["contract_id"])) is not None

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        text = t(lang, f"notify.contract_{p['status']}", label=_label(p, lang), decider=p["decider"])
        if p.get("comment"):
            text += " " + t(lang, "notify.contract_reason", text=p["comment"])
        return PushItem(text, [], None, entities=[("contract", int(p["contract_id"]))])


class ContractSignatureDueRule:
    """To the owner, in their morning: sent for signature and not signed by its date (or a week after sending)."""

    kind = "contract_signature_due"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        for row in contract_alerts.awaiting_signature(scan.system):
            who = scan.audience.get(row.contract.owner_id)
            if who is None:
                continue
            due_day = row.signature_due or local_date(row.sent_at + SIGNATURE_DUE_AFTER, who.timezone)
            fire = at_local(due_day + timedelta(days=1), who.prefs.morning_time, who.timezone)
            if not scan.within(fire, timedelta(days=scan.config.day_catch_up)):
                continue
            params = {**_params(row.contract), "due": due_day.isoformat()}
            yield DueItem(self.kind, f"contract_signature_due:{row.contract.contract_id}:{due_day.isoformat()}",
                          who.user_id, fire, params, ("contract", row.contract.contract_id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return contract_alerts.contract_status(unit, int(note.params["contract_id"])) == "sent"

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        text = t(lang, "notify.contract_signature_due", label=_label(p, lang),
                 date=fmt.day(date.fromisoformat(str(p["due"])), lang))
        return reminder_item(lang, note.id, text, [("contract", int(p["contract_id"]))])


RULES = (ApprovalRequestRule(), ApprovalWaitingRule(), ContractDecidedRule(), ContractSignatureDueRule())
