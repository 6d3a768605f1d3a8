"""Scoring pushes, to the customer's owner only:

- high intent (高潜力客户): the behaviour score crossed the threshold ("🔥 High intent: Acme viewed the pricing
  page 4 times this week");
- churn risk (流失风险): an active customer's churn score reached `churn.HIGH_FROM` ("⚠️ Churn risk: Acme …" with
  its reasons).

Once per crossing, both the same way: the key holds the crossing's instant, which the data alone determine
(`core.scoring.crossing`, walked by `intent` and `churn_crossings`), so every tick finds the same occurrence and the
engine stores it once; a new crossing (after the score fell well below) is a new occurrence.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from core.context import ServiceContext, SystemContext, Unit
from core.i18n import t
from core.models import Notification
from core.scoring import churn, churn_crossings, intent
from core.services import pushes
from notifications.rules.base import DueItem, PushItem, Recipient, RenderContext, Scan, stamp


class HighIntentRule:
    kind = "high_intent_customer"
    batchable = True

    def __init__(self, config: intent.IntentConfig | None = None) -> None:
        # None: the configured one (SALESBOT_INTENT_*), which every unit carries in its defaults.
        self.config = config

    def due(self, scan: Scan) -> Iterable[DueItem]:
        catch_up = timedelta(days=scan.config.day_catch_up)
        for found, crossed in intent.crossed_between(scan.system, scan.now - catch_up, scan.now,
                                                     config=self.config):
            who = scan.audience.get(found.owner_id)
            if who is None or not scan.within(crossed, catch_up):
                continue
            params = {"customer_id": found.customer_id, "customer": found.customer, "score": found.score,
                      "crossed": crossed.isoformat(),
                      "highlights": [[h.kind, h.subject, h.count] for h in found.highlights[:3]]}
            yield DueItem(self.kind, f"{self.kind}:{found.customer_id}:{stamp(crossed)}", who.user_id, crossed,
                          params, ("customer", found.customer_id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        """Still worth saying while the customer is still over the threshold (and readable by the unit)."""
        return intent.still_flagged(unit, int(note.params["customer_id"]), now, config=self.config)

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        found = [intent.Highlight(str(k), str(s), int(n)) for k, s, n in p.get("highlights", [])]
        text = t(lang, "notify.high_intent_customer", highlight=intent.describe(str(p["customer"]), found, lang),
                 score=round(float(p["score"]), 1))
        return PushItem(text, [], entities=[("customer", int(p["customer_id"]))])


class ChurnRiskRule:
    kind = "churn_risk_customer"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        catch_up = timedelta(days=scan.config.day_catch_up)
        found = churn_crossings.crossed_between(scan.system, scan.now - catch_up, scan.now)
        told = pushes.last_raised(scan.system, self.kind, "customer", [c.risk.customer_id for c in found])
        for crossing in found:
            risk = crossing.risk
            who = scan.audience.get(risk.owner_id)
            if who is None or churn_crossings.told_already(crossing, told.get(risk.customer_id)):
                continue
            params = {"customer_id": risk.customer_id, "customer": risk.customer, "score": risk.score,
                      "crossed": crossing.at.isoformat(),
                      "reasons": [[r.key, r.points, r.params] for r in risk.reasons]}
            yield DueItem(self.kind, f"{self.kind}:{risk.customer_id}:{stamp(crossing.at)}", who.user_id,
                          crossing.at, params, ("customer", risk.customer_id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        """Still worth saying while the customer is still high risk (and readable by the unit)."""
        assert isinstance(unit, ServiceContext | SystemContext)
        score = churn.score_now(unit, int(note.params["customer_id"]))
        return score is not None and score >= churn.HIGH_FROM

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        p, lang = note.params, who.language
        reasons = [churn.ChurnReason(str(key), int(points), dict(params)) for key, points, params in p["reasons"]]
        text = t(lang, "notify.churn_risk_customer", customer=p["customer"], score=int(p["score"]),
                 reasons=t(lang, "notify.churn_risk_separator").join(churn.describe(r, lang) for r in reasons))
        return PushItem(text, [], entities=[("customer", int(p["customer_id"]))])


RULES = (HighIntentRule(), ChurnRiskRule())
