"""Project change requests: the approver asked (Approve / Reject, standing alone) as soon as a step is theirs, and
the requester told how it ended. Keys name the step or the approval, so each is said once; `relevant` asks again
at send time (a step decided meanwhile is not pushed)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from core.approval_actions import change_buttons
from core.context import Unit
from core.i18n import t
from core.models import Notification
from core.services import change_alerts, change_requests
from notifications.rules.base import DueItem, PushItem, Recipient, RenderContext, Scan

# How far back a scan looks for requests and decisions it has not said (only downtime makes it matter).
WINDOW = timedelta(days=7)


def _what(p: dict[str, object], lang: str) -> str:
    changes = p["changes"]
    assert isinstance(changes, dict)
    return change_requests.describe(lang, str(p["project"]), str(p["currency"]), changes)


def _params(facts: change_alerts.ChangeFacts) -> dict[str, object]:
    return {"change_id": facts.change_id, "project_id": facts.project_id, "project": facts.project,
            "currency": facts.currency, "changes": facts.changes, "reason": facts.reason or ""}


class ChangeApprovalRule:
    kind = "change_request_approval"
    batchable = False

    def due(self, scan: Scan) -> Iterable[DueItem]:
        for step in change_alerts.pending_steps(scan.system):
            if scan.now - WINDOW < step.since <= scan.now:
                params = {**_params(step.change), "step_id": step.step_id, "requester": step.requester}
                yield DueItem(self.kind, f"change_request_approval:{step.step_id}", step.approver_id, step.since,
                              params, ("project", step.change.project_id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return change_alerts.step_still_pending(unit, int(note.params["step_id"]))

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        text = t(lang, "notify.change_request", requester=p["requester"], change=_what(p, lang))
        if p.get("reason"):
            text += " " + t(lang, "notify.change_reason", text=p["reason"])
        return PushItem(text, change_buttons(lang, int(p["change_id"])),
                        entities=[("project", int(p["project_id"]))])


class ChangeDecidedRule:
    kind = "change_request_decided"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        for done in change_alerts.decided_since(scan.system, scan.now - WINDOW):
            params = {**_params(done.change), "status": done.status, "decider": done.decider}
            yield DueItem(self.kind, f"change_request_decided:{done.approval_id}", done.requester_id,
                          done.decided_at, params, ("project", done.change.project_id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return True

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        text = t(lang, f"notify.change_{p['status']}", decider=p["decider"], change=_what(p, lang))
        return PushItem(text, [], entities=[("project", int(p["project_id"]))])


RULES = (ChangeApprovalRule(), ChangeDecidedRule())
