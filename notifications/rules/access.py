"""Access to a colleague's customer (the owned-customer policy): the owner and their manager hear of a request
with Share / Transfer / Decline; the requester hears the decision.

Both come from `access.to_announce`: requests made or decided lately, with who should hear of each. Keys name
the request (and, for a request, the recipient), so each push is made once. A request push stands alone, not in
a batch: its buttons decide who may work a customer, and a numbered "🔁 2" among other items is too easy to
mis-tap. Neither is urgent: a request made at night waits for the end of the owner's quiet hours.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from core import push_actions
from core.context import Unit
from core.i18n import t
from core.models import Notification
from core.services import access, relevance
from core.services.access import Announcement
from notifications.rules.base import DueItem, PushItem, Recipient, RenderContext, Scan

# How far back the tick looks for requests and decisions it has not announced (only downtime makes it matter).
WINDOW = timedelta(days=7)
PENDING = "pending"


def _announcements(scan: Scan) -> list[Announcement]:
    return [found for found in access.to_announce(scan.system, scan.now - WINDOW) if found.at <= scan.now]


class AccessRequestRule:
    """To the owner and the owner's team managers: someone asks for one of their customers."""

    kind = "access_request"
    batchable = False

    def due(self, scan: Scan) -> Iterable[DueItem]:
        for found in _announcements(scan):
            if found.status != PENDING:
                continue  # decided before it was announced: only the decision is worth saying
            params = {"request_id": found.request_id, "customer_id": found.customer_id, "customer": found.customer,
                      "requester_id": found.requester_id, "requester": found.requester}
            for user_id in found.recipients:
                if user_id != found.requester_id:
                    yield DueItem(self.kind, f"access_request:{found.request_id}:{user_id}", user_id, found.at,
                                  params, ("access_request", found.request_id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        # Whoever decides first decides: the other decider's push, if it still waits, is not sent.
        return relevance.access_request_status(unit, int(note.params["request_id"])) == PENDING

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        text = t(lang, "notify.access_request", requester=p["requester"], customer=p["customer"])
        request_id = int(p["request_id"])
        # The customer must still be theirs to decide on when it is sent (the guard asks both).
        return PushItem(text, push_actions.access_decision(lang, note.id, request_id),
                        entities=[("customer", int(p["customer_id"])), ("access_request", request_id)])


class AccessDecidedRule:
    """To the requester: the customer was shared with them, transferred to them, or the request was declined."""

    kind = "access_decided"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        for found in _announcements(scan):
            if found.status == PENDING:
                continue
            params = {"request_id": found.request_id, "customer": found.customer, "status": found.status}
            for user_id in found.recipients:
                yield DueItem(self.kind, f"access_decided:{found.request_id}", user_id, found.at, params,
                              ("access_request", found.request_id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return relevance.access_request_status(unit, int(note.params["request_id"])) == str(note.params["status"])

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p = note.params
        # The customer's name only (names are public): a declined requester still sees nothing else of it.
        text = t(who.language, f"notify.access_{p['status']}", customer=p["customer"])
        return PushItem(text, [], None, entities=[("access_request", int(p["request_id"]))])


RULES = (AccessRequestRule(), AccessDecidedRule())
