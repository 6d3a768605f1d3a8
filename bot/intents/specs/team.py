"""The team, as a manager reads it (and a rep reads their own part): query_reports, query_activity.

Who has (not) sent today's daily report, a rep's reports, what was logged today, a rep's recent visits. Both read
only what the asker may read: a manager their team, an admin everyone, a rep themselves.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from bot.intents.command import PERSON, Command, Text, When
from bot.intents.rules import slots_reads
from bot.intents.rules.features import Features
from bot.intents.rules.phrases import REPORT_QUERY
from bot.intents.rules.signals import Signals
from bot.intents.spec import IntentSpec, L, R, cues
from bot.intents.vocabulary import Channel

_F = re.IGNORECASE


class QueryReports(Command):
    """Daily reports: who has (not) sent one for a day, or one colleague's recent reports."""

    intent: Literal["query_reports"] = "query_reports"
    person: Text | None = Field(None, description=PERSON)
    day: When | None = Field(None, description="the day the reports are for (default today)")


class QueryActivity(Command):
    """What was logged (visits, calls, meetings …) by the user, a colleague or the team, in a period."""

    intent: Literal["query_activity"] = "query_activity"
    person: Text | None = Field(None, description=PERSON)
    channel: Channel | None = Field(None, description="only this kind of interaction ('visits' → visit)")
    since: When | None = Field(None, description="the first day of the period asked about ('today', 'this week' → "
                                                 "its Monday)")
    until: When | None = Field(None, description="the last day of the period asked about")


# -- query_reports: the shared REPORT_QUERY phrase (daily_report reads it as "not a report") ----------------------
def _score_query_reports(f: Features, s: Signals, own: float) -> float:
    return own


# -- query_activity ------------------------------------------------------------------------------------------------
_QUERY_ACTIVITY = cues(
    (slots_reads.gated(r"visit|call|meet|met|see|seen|talk|do|log|activit|been",
     rf"{L}(?:who|which (?:customers|clients|accounts)|what (?:customers|clients|accounts))\s+(?:did|has|have)\s+"
     rf"[\w\u4e00-\u9fff]+\s+(?:visit|visited|call|called|meet|met|see|seen|talk(?:ed)? to|been (?:to|visiting)){R}|"
     rf"{L}what\s+(?:did|has|have)\s+(?:the team|my team|the guys|everyone|everybody|[\w\u4e00-\u9fff]+)\s+"
     rf"(?:do|done|been doing|been up to|logged|log){R}|"
     rf"{L}(?:team(?:'s)? activity|team(?:'s)? visits|activity (?:today|this week|log|feed)|what the team did){R}|"
     rf"['’]s\s+(?:recent\s+)?(?:visits|calls|meetings|activity|activities){R}|"
     rf"{L}(?:my|recent|latest)\s+(?:visits|calls|meetings|activity|activities){R}"), 6),
    (slots_reads.gated(r"拜访|见|联系|跑|去|打电话|沟通|做|干|忙|动态|活动|记录",
     r"(?:拜访|见|联系|跑|去|打电话给?|沟通)了?(?:哪些|哪几家|哪几个|几家|几个|多少|什么)(?:客户|家|公司)|"
     r"(?:团队|大家|组里|部门|我们组|下属|手下|同事们)(?:今天|这周|本周|最近|昨天|上周)?(?:都)?(?:做了|干了|在做|在干|忙)(?:什么|啥|些什么)|"
     r"(?:今天|这周|本周|最近|昨天|上周)(?:团队|大家|组里|部门)(?:都)?(?:做了|干了|在做|在干|忙)(?:什么|啥|些什么)|"
     r"(?:团队|大家|组里)的?(?:动态|活动|拜访记录|工作记录)|的(?:拜访|活动|工作)记录|"
     r"(?:最近|这周|本周|今天|上周)?(?:做了|干了)(?:什么|啥|些什么)"), 6),
)


def _score_query_activity(f: Features, s: Signals, own: float) -> float:
    score = own
    if own and s.question:
        score += 1.5
    if own and s.customer:
        score -= 4  # "when did we last visit acme": that customer's card
    return score


SPECS = (
    IntentSpec(
        name="query_reports", command=QueryReports, writes=False, order=35, cues=REPORT_QUERY,
        scorer=_score_query_reports, filler=slots_reads.query_reports, help="help.query_reports",
        examples={"en": ("who hasn't sent a daily report", "Alice's daily reports"),
                  "zh": ("谁还没交日报", "看看Alice的日报")},
        handler="bot.handlers.team:QueryReportsHandler",
    ),
    IntentSpec(
        name="query_activity", command=QueryActivity, writes=False, order=205, cues=_QUERY_ACTIVITY,
        scorer=_score_query_activity, filler=slots_reads.query_activity, help="help.query_activity",
        examples={"en": ("what did the team do today", "who did Alice visit this week"),
                  "zh": ("今天团队做了什么", "Alice最近拜访了哪些客户")},
        handler="bot.handlers.team:QueryActivityHandler",
    ),
)
