"""Message shapes that settle an intent beyond single cue words.

- a deal record typed as a list ("Acme, CRM rollout, 80k, close Mar 3, 60%") is a new deal;
- "a new prospect" inside a call note or a to-do names the counterpart, it is not a request to create one;
- "<meeting> done" reports an interaction ("site visit done", 拜访完了), not a finished task;
- a daily-report label opening the message ("submitting my daily: …", "日报：…") frames what follows.
"""

from __future__ import annotations

import re

from bot.intents.lexers.vocab import VocabMatch
from bot.intents.rules.cues import L, R
from bot.intents.rules.features import Features

_F = re.IGNORECASE
_NEW_PARTY = re.compile(
    rf"{L}(?:with|w/|to|for|at|from|called|visited|met|emailed|texted|messaged|rang|phoned|saw)\s+"
    rf"(?:a|an|one|some)\s+(?:new|potential|brand new)\s+"
    rf"(?:prospect|customer|client|company|lead|account|logo){R}|"
    rf"{L}(?:for|with|from)\s+a\s+(?:company|customer|client|prospect)\s+(?:not|that|who|which){R}|"
    r"(?:跟|和|与|给|拜访了?|去了?|见了?)(?:一个|一家|个|家)新(?:客户|公司)",
    _F,
)
_MEETING_DONE = re.compile(
    rf"{L}(?:visit|site visit|meeting|mtg|demo|presentation|workshop|kickoff|kick-off|walkthrough|tour)\s*"
    rf"(?:is\s+|was\s+)?(?:done|finished|completed|over|wrapped(?: up)?){R}|"
    r"(?:拜访|会议|演示|会)(?:已经)?(?:完了|结束了?|开完了?)",
    _F,
)
_DAILY_FRAME = re.compile(
    r"^\W{0,3}(?:[\w']+\s+){0,3}(?:daily|eod|wrap-?up|日报|工作日志|今日总结)\s*[:：]", _F
)
_FIRM_UPDATE = re.compile(
    rf"{L}(?:moved?|push(?:ed)?|bump(?:ed)?|slipp?(?:ed)?|changed?|update[ds]?|now|revised?|cut|raised|lowered|"
    rf"dropped|increased|reduced|instead){R}|改成|改为|改到|调到|调成|调整|推迟|推到|往后推|延期|延到|延后|提前到|更新|"
    r"砍到|砍成|降到|涨到|变成|进入|到了",
    _F,
)
_PROBABILITY = re.compile(rf"{L}(?:likely|likelihood|chance|prob|probability|odds){R}|概率|把握|可能性|胜算", _F)
_CLOSE_CUE = re.compile(rf"{L}(?:close|closing|expected close|to close|sign|signing){R}|签|成交", _F)


def adjust_shapes(f: Features, scores: dict[str, float], question: bool, deal_noun: bool,
                  stages: list[VocabMatch]) -> None:
    text = f.text
    if _NEW_PARTY.search(text):
        scores["create_customer"] -= 5
        if f.channels:
            scores["log_interaction"] += 1
    if _MEETING_DONE.search(text):
        scores["log_interaction"] += 4
        scores["complete_task"] -= 5
    if _DAILY_FRAME.search(text):
        scores["daily_report"] += 3
    if not question and not stages and deal_record(f, deal_noun):
        scores["create_deal"] += 5


def deal_record(f: Features, deal_noun: bool) -> bool:
    """Money plus two of: a close date, a probability, a deal word — with no change verb or story."""
    if not f.amounts or f.channels or _FIRM_UPDATE.search(f.text):
        return False
    close = any(d.tense != "past" for d in f.dates) and _CLOSE_CUE.search(f.text) is not None
    probability = bool(f.percents) and _PROBABILITY.search(f.text) is not None
    return close + probability + deal_noun >= 2
