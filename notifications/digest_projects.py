"""The manager digest's "projects at risk" section: the team's open projects some risk rule flags."""

from __future__ import annotations

from core.context import ServiceContext
from core.i18n import t
from core.services import project_status
from core.services.project_risk import describe

LIMIT = 8


def projects_at_risk(ctx: ServiceContext) -> list[str]:
    lang = ctx.actor.language
    flagged = project_status.at_risk(ctx)
    if not flagged:
        return ["", t(lang, "digest.projects_at_risk_none")]
    rows = []
    for status in flagged[:LIMIT]:
        risks = "; ".join(describe(lang, risk) for risk in status.risks)
        rows.append("  " + t(lang, "digest.project_risk_line", customer=status.customer, name=status.project.name,
                             percent=status.project.percent_complete, risks=risks))
    if len(flagged) > LIMIT:
        rows.append("  " + t(lang, "digest.more", count=len(flagged) - LIMIT))
    return ["", t(lang, "digest.projects_at_risk_title", count=len(flagged)), *rows]
