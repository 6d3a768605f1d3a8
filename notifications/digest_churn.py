"""The manager digest's "customers at high churn risk" section: the team's active customers whose churn score is
at or over `churn.HIGH_FROM`, with each one's weightiest reason (read with the manager's own permissions)."""

from __future__ import annotations

from core.context import ServiceContext
from core.i18n import t
from core.scoring import churn

LIMIT = 5


def customers_at_risk(ctx: ServiceContext) -> list[str]:
    lang = ctx.actor.language
    found = churn.risks(ctx, limit=None, min_score=churn.HIGH_FROM)
    if not found:
        return ["", t(lang, "digest.churn_risk_none")]
    rows = ["  " + t(lang, "digest.churn_risk_line", customer=risk.customer, score=risk.score,
                     reason=churn.describe(risk.reasons[0], lang)) for risk in found[:LIMIT]]
    if len(found) > LIMIT:
        rows.append("  " + t(lang, "digest.more", count=len(found) - LIMIT))
    return ["", t(lang, "digest.churn_risk_title", count=len(found)), *rows]
