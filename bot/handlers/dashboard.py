"""dashboard: a one-time sign-in link to the web dashboard, sent to the asker alone.

The link reads `<SALESBOT_PUBLIC_URL>/dashboard/login?token=…`; without a public URL the bot says the dashboard
is not configured (there is no address it could send)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from bot.handlers.base import Answer, HandlerContext, Outcome, ReadHandler
from bot.intents.schema import Command
from core.services import dashboard_access

LOGIN_PATH = "/dashboard/login"


def sign_in_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}{LOGIN_PATH}?token={quote(token, safe='')}"


class DashboardHandler(ReadHandler):
    intent = "dashboard"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        base = h.ctx.defaults.public_url
        if not base:
            return Answer(h.t("dashboard.not_configured"))
        if not dashboard_access.may_open(h.ctx):
            return Answer(h.t("dashboard.not_for_role"))
        token = dashboard_access.issue_link(h.ctx)
        return Answer(h.t("dashboard.link", url=sign_in_url(base, token), minutes=dashboard_access.LINK_MINUTES,
                          hours=dashboard_access.SESSION_HOURS))
