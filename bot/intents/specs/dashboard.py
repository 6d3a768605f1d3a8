"""The web dashboard (数据看板): a one-time sign-in link, sent on request.

Only a bare request opens it ("dashboard", "open the dashboard", 看板, 打开数据看板): a message that names a
report ("funnel dashboard", 销售漏斗看板) stays the `report` intent's, whose cues also hold 看板/dashboard."""

from __future__ import annotations

from typing import Literal

from bot.intents.command import Command
from bot.intents.rules.features import Features
from bot.intents.rules.signals import Signals
from bot.intents.spec import IntentSpec, L, R, cues


class Dashboard(Command):
    """A sign-in link to the web dashboard (the reports in a browser)."""

    intent: Literal["dashboard"] = "dashboard"


_POLITE = r"(?:please\s+|pls\s+|can (?:i|you)\s+(?:have|get|see|open|send(?: me)?)\s+|i want\s+|give me\s+)?"
_DASHBOARD = cues(
    (rf"^{_POLITE}(?:open|show|send|get|link to|a link to)?\s*(?:me\s+)?(?:the\s+|my\s+|a\s+)?"
     rf"(?:sales\s+|web\s+)?dashboard(?:\s+link)?(?:\s+please)?[.!?]?$", 6),
    (rf"{L}dashboard (?:link|login|sign[- ]?in){R}|{L}(?:link|login|sign[- ]?in) (?:to|for) the dashboard{R}", 6),
    (r"^(?:请|麻烦)?(?:帮我|给我)?(?:打开|发|发个|发一下|进入|看看|看一下|给我)?(?:一下)?(?:我的|销售)?(?:数据)?看板"
     r"(?:链接|登录链接)?(?:吧|一下)?[。!！?？]?$", 6),
    (r"看板(?:的)?(?:链接|登录)|登录看板", 6),
)


def _score_dashboard(f: Features, s: Signals, own: float) -> float:
    return 0 if f.reports else own  # a named report ("funnel dashboard", 漏斗看板) is the report intent's


SPECS = (
    IntentSpec(
        name="dashboard", command=Dashboard, writes=False, order=92, cues=_DASHBOARD, scorer=_score_dashboard,
        help="help.dashboard",
        examples={"en": ("dashboard", "open the dashboard"), "zh": ("看板", "打开数据看板")},
        handler="bot.handlers.dashboard:DashboardHandler",
    ),
)
