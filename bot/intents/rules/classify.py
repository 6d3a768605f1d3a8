"""Which intent is this message? Cue weights plus what the lexers found, one score per intent.

Scores are additive and small (0-12); `confidence()` maps the winner's score and its margin over the
runner-up to 0..1. The mapping was checked per bucket with `salesbot nlu-eval` (see docs/intents.md).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from bot.intents.lexers.vocab import VocabMatch
from bot.intents.rules.cues import (
    CHITCHAT,
    CUES,
    DEAL_NOUN,
    INJECTION,
    PROJECT_NOUN,
    QUESTION,
    TASK_NOUN,
    L,
    R,
)
from bot.intents.rules.features import Features
from bot.intents.rules.shapes import adjust_shapes

_F = re.IGNORECASE
_DEAL = re.compile(DEAL_NOUN, _F)
_TASK = re.compile(TASK_NOUN, _F)
_PROJECT = re.compile(PROJECT_NOUN, _F)
_QUESTION = re.compile(QUESTION, _F)
CONTEXT_REF = re.compile(
    rf"{L}(?:it|that deal|this deal|the deal|that one|this one|that opp|this opp){R}|这个单子|这单|那单|"
    r"这个商机|该商机|这个deal|那个deal|这个项目机会|这笔单|这个(?:商机|单)|把它|它",
    _F,
)
_PAST_VERB = re.compile(
    rf"{L}(?:visited|called|rang|met|emailed|e-mailed|texted|messaged|spoke|talked|chatted|phoned|dropped by|"
    rf"stopped by|went|had (?:a|an)|got off|caught up|heard back|replied|responded|wrote|sent them|just got){R}|"
    r"拜访了|打了|开了|见了|聊了|去了|沟通了|回复了?|发了|通了|来电|回了|刚跟|刚和|刚给|联系了|谈了|碰了|约了|吃饭|"
    r"拜访完|说|反馈|表示|回邮件|发邮件来|发消息|打电话来",
    _F,
)
_TALK = re.compile(
    rf"{L}(?:talked|spoke|chatted|caught up|catch up|discussed|discussion|conversation|follow[- ]?up|feedback|"
    rf"they|he|she|client|customer|demo|demoed|presentation|presented|pitch|pitched){R}|"
    r"聊|谈|沟通|吃饭|对方|客户|反馈|他们|他说|她说|演示|宣讲",
    _F,
)
_ACTION = re.compile(
    rf"{L}(?:call|email|send|prepare|prep|follow up|visit|meet|ping|chase|submit|review|draft|book|check|"
    rf"remind|confirm|schedule|write|finish|update|renew|pay|invoice){R}|给.{{1,12}}(?:打|发|回|寄|送|交)|发|准备|约|"
    r"去|拜访|跟进|催|交|提交|寄|整理|写|回访|联系|开会|打电话|把|call|meeting|会",
    _F,
)
_UPDATE_VERB = re.compile(
    rf"{L}(?:moved?|push(?:ed)?|bump(?:ed)?|slipp?(?:ed)?|downsized?|upsized?|increased?|reduced?|changed?|"
    rf"update[ds]?|set|mark(?:ed)?|now|is now|back to|to){R}|改|调|推迟|提前|更新|砍|进入|变成|降到|涨到|提高",
    _F,
)
_NARRATIVE = re.compile(
    rf"{L}(?:they|they're|theyre|he|she|he's|she's|client|customer|wants?|wanted|said|says|asked|needs?|liked|"
    rf"loved|interested|keen|happy|unhappy|concerned|agreed|confirmed|feedback){R}|"
    r"对方|客户|他们|他说|她说|说|想|要求|反馈|满意|感兴趣|同意|确认|觉得|表示",
    _F,
)
_REAL_QUESTION = re.compile(
    rf"[?？]|^(?:what|which|any|do i|have i|show|list){R}|吗|哪些|哪里|去哪|什么|多少|有没有|有啥", _F)
_LIST_WORD = re.compile(rf"{L}(?:list|show|which|how many){R}|列|哪些|有哪些|多少", _F)
_MY = re.compile(rf"{L}my{R}|我的", _F)
_OVERDUE = re.compile(rf"{L}overdue{R}", _F)
_SENT = re.compile(rf"{L}(?:sent|transferred|wired){R}", _F)
_GOT_FROM = re.compile(rf"{L}(?:got|received|collected)\b.{{0,25}}\bfrom{R}|收到", _F)
_IMPERATIVE_START = re.compile(
    rf"^(?:pls |please )?(?:call|email|send|visit|meet|prepare|prep|follow up|ping|chase|submit|review|draft|book|"
    rf"schedule|text|message|remind|check|confirm|invoice){R}",
    _F,
)
_STAGE_PHRASE = re.compile(
    rf"(?:{L}(?:moved?|moving|push(?:ed)?|set|change[ds]?|update[ds]?|mark(?:ed)?|now|is|are|at|to|back to|into|"
    rf"in){R}\s*(?:the |it |deal |them )?(?:(?:to|as|in|into|at)\s+)?$)|"
    r"(?:进入|改成|改为|到了|推进到|转为|变成|调到|已|在)\s*$",
    _F,
)
_PROB_WORD = re.compile(rf"{L}(?:likely|likelihood|chance|prob|probability|odds){R}|概率|把握|可能性|胜算", _F)
_WE = re.compile(rf"{L}(?:we|i|my|our|us|have){R}|我|我们", _F)
_DURATION_LOG = re.compile(
    rf"^\s*(?:pls |please )?(?:log|record|add|track)\b\s*[:\-]?\s*(?:time\b|\d|half|an? (?:hour|hr))|"
    rf"{L}(?:log it|pls log|please log|log this|log pls|log that){R}|记一下|记录一下|登记",
    _F,
)
_TASK_LEAD = re.compile(r"^\s*(?:记一下|记下|帮我|记得|note|memo)[\s,，:：]*", _F)
_STARTS_WITH_DURATION = re.compile(r"^\s*\d+(?:\.\d+)?\s?(?:h|hrs?|hours?|mins?|minutes?)\b", _F)

PRIORITY = (
    "help", "undo", "cancel", "daily_report", "log_time", "complete_task", "list_tasks", "create_task", "report",
    "query_receivables", "record_payment", "create_contract", "create_deal", "update_deal", "query_deals",
    "add_contact", "create_customer", "update_project", "query_project", "query_customer", "log_interaction",
    "unknown",
)


@dataclass(frozen=True)
class Decision:
    intent: str
    score: float
    runner_up: float
    refers_to_context: bool = False


def classify(f: Features) -> Decision:
    text = f.text
    if not any(ch.isalnum() for ch in text):
        return Decision("unknown", 9, 0)
    if INJECTION.search(text):
        # Destructive or prompt-injection text never becomes a command, whatever else it says.
        return Decision("unknown", 9, 0)
    scores: dict[str, float] = defaultdict(float)
    for cue in CUES:
        if cue.pattern.search(text):
            scores[cue.intent] += cue.weight
    question = _QUESTION.search(text) is not None
    deal_noun = _DEAL.search(text) is not None
    task_noun = _TASK.search(text) is not None
    project_noun = _PROJECT.search(text) is not None
    context_ref = CONTEXT_REF.search(text) is not None
    has_customer = f.customer is not None
    words = len(text.split()) + sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") // 2
    _adjust_commands(f, scores, words)
    _adjust_money(f, scores, question)
    _adjust_deals(f, scores, question, deal_noun, context_ref, has_customer)
    _adjust_work(f, scores, question, task_noun, project_noun, deal_noun)
    _adjust_crm(f, scores, question, has_customer, words)
    adjust_shapes(f, scores, question, deal_noun, deal_stages(f))
    if CHITCHAT.search(text):
        scores["unknown"] += 2.5
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], PRIORITY.index(kv[0])))
    if not ranked or ranked[0][1] < 2:
        return _fallback(f, has_customer, question, ranked[0][1] if ranked else 0.0)
    intent, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    refers = intent == "update_deal" and context_ref and not has_customer
    return Decision(intent, score, runner_up, refers)


def _adjust_commands(f: Features, scores: dict[str, float], words: int) -> None:
    if words > 5 and scores["cancel"] > 0:
        scores["cancel"] = min(scores["cancel"], 1.5)  # "cancel" inside a sentence is not "stop this"
    if words > 8 and scores["undo"] > 0:
        scores["undo"] = min(scores["undo"], 3)
    if f.reports:
        scores["report"] += 4 + (1 if f.reports[0].value == "aging" else 0)
        if f.channels and f.customer is not None:
            scores["report"] -= 3
    else:
        scores["report"] = 0
    if f.hours is not None:
        if scores["log_time"] > 0:
            scores["log_time"] += 3
        if _DURATION_LOG.search(f.text) or _STARTS_WITH_DURATION.search(f.text):
            scores["log_time"] += 5
    else:
        scores["log_time"] = min(scores["log_time"], 1)


def _adjust_money(f: Features, scores: dict[str, float], question: bool) -> None:
    if question:
        scores["record_payment"] -= 2
        scores["create_contract"] -= 2
    if f.amounts and not question:
        if scores["record_payment"] > 0:
            scores["record_payment"] += 2
        scores["query_receivables"] -= 1
        if scores["create_contract"] > 0:
            scores["create_contract"] += 1.5
    if scores["create_deal"] > 0 and f.amounts:
        scores["create_deal"] += 1


def deal_stages(f: Features) -> list[VocabMatch]:
    return [s for s in f.stages if not stage_is_other(f.text, s.start, s.end)]


def _adjust_deals(f: Features, scores: dict[str, float], question: bool, deal_noun: bool, context_ref: bool,
                  has_customer: bool) -> None:
    stages = deal_stages(f)
    update_verb = _UPDATE_VERB.search(f.text) is not None
    percent_is_prob = bool(f.percents) and _PROB_WORD.search(f.text) is not None
    if stages:
        # "won"/"丢单" are events; "proposal" is a stage only in a stage phrase ("moved to proposal").
        strong = any(s.value in ("won", "lost") or _stage_phrase(f.text, s.start, s.end) for s in stages)
        scores["update_deal"] += 3 if strong else 1
    if deal_noun:
        scores["update_deal"] += 1
    if context_ref and (stages or update_verb):
        scores["update_deal"] += 2
    if (f.amounts or percent_is_prob or f.dates) and (deal_noun or context_ref or has_customer) and (
        update_verb or scores["update_deal"] >= 2
    ):
        scores["update_deal"] += 1.5
    if not (has_customer or context_ref or deal_noun):
        scores["update_deal"] -= 2
    if question and not context_ref:
        scores["update_deal"] -= 3
    if scores["create_deal"] >= 4:
        scores["update_deal"] -= 2
    if deal_noun and question:
        scores["query_deals"] += 4
    elif deal_noun and not (f.amounts or update_verb or scores["create_deal"] > 0):
        scores["query_deals"] += 2.5 if not has_customer else 1.5
    listed = any(s.value not in ("won", "lost") for s in stages)
    if stages and question and (_WE.search(f.text) or (listed and not (has_customer or context_ref))):
        scores["query_deals"] += 3  # "what's in negotiation?": the stage filters a list
    if stages and deal_noun and not has_customer and not context_ref and not update_verb:
        scores["query_deals"] += 3  # "线索阶段的商机": the stage filters a list
    elif stages and _LIST_WORD.search(f.text):
        scores["query_deals"] += 3
    if f.reports:
        scores["query_deals"] -= 4


def _adjust_work(f: Features, scores: dict[str, float], question: bool, task_noun: bool, project_noun: bool,
                 deal_noun: bool) -> None:
    if scores["create_task"] >= 5 and _REAL_QUESTION.search(f.text):
        scores["create_task"] -= 3
    if scores["list_tasks"] >= 5 and scores["create_task"] >= 5 and not question:
        scores["list_tasks"] -= 3
    if _implicit_task(f) and not question and not _REAL_QUESTION.search(f.text):
        scores["create_task"] += 3.5
    if question:
        scores["complete_task"] -= 3
    if task_noun and (f.dates or _MY.search(f.text)) and scores["create_task"] < 5 and scores["complete_task"] < 4:
        scores["list_tasks"] += 4
    percent_is_prob = _PROB_WORD.search(f.text) is not None
    if f.percents and not percent_is_prob and not deal_noun:
        scores["update_project"] += 3 if project_noun or scores["update_project"] > 0 else 1.5
        scores["complete_task"] -= 2
    if project_noun:
        scores["update_project"] += 1
        if scores["update_project"] >= 2 and not question and not f.channels:
            scores["update_project"] += 2  # "项目风险：需求变更": a statement about the project
        if question or scores["query_project"] > 0:
            scores["query_project"] += 2.5
        elif not f.percents and scores["update_project"] < 2:
            scores["query_project"] += 2.5  # "鼎新MES项目进展": a noun phrase asks
        if scores["update_project"] >= 2 and not question:
            scores["complete_task"] -= 3
    else:
        scores["query_project"] = min(scores["query_project"], 1)
        if not f.percents:
            scores["update_project"] = min(scores["update_project"], 1)
    if question and scores["query_project"] > 0:
        scores["update_project"] -= 2
    if f.channels and not task_noun and scores["complete_task"] < 5:
        scores["complete_task"] -= 2  # "demo done": an interaction; "cross off call acme" stays a task
    if task_noun and scores["complete_task"] >= 2:
        scores["complete_task"] += 1


def _adjust_crm(f: Features, scores: dict[str, float], question: bool, has_customer: bool, words: int) -> None:
    if _OVERDUE.search(f.text) and has_customer:
        scores["query_receivables"] += 4
    if f.amounts and (_SENT.search(f.text) or _GOT_FROM.search(f.text)):
        scores["record_payment"] += 3
    if f.emails or f.phones:
        scores["add_contact"] += 2 if scores["add_contact"] > 0 or re.search(r"\b(?:add|save)\b|存|加", f.text) else 1
    if question:
        scores["add_contact"] -= 3
    if f.channels:
        scores["log_interaction"] += 2.5
    elif _TALK.search(f.text) and has_customer:
        scores["log_interaction"] += 1.5
    if _PAST_VERB.search(f.text):
        scores["log_interaction"] += 1.5
    if has_customer and scores["log_interaction"] > 0:
        scores["log_interaction"] += 1
    if _NARRATIVE.search(f.text) and (scores["log_interaction"] > 0 or has_customer):
        scores["log_interaction"] += 1 if scores["log_interaction"] > 0 else 2
    if question and not _PAST_VERB.search(f.text):
        scores["log_interaction"] -= 2
    if has_customer and words <= 4 and max(scores.values(), default=0) < 2:
        # "acme?" alone asks about Acme; "globex… money… still waiting?" might ask many things.
        mention = f.customer
        rest = f.text[:mention.start] + f.text[mention.end:] if mention is not None else f.text
        scores["query_customer"] += 2.5 if not re.search(r"[A-Za-z\u4e00-\u9fff]{2,}", rest) else 1.5


def _stage_phrase(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 24): start]
    after = text[end: end + 8]
    if re.match(r"\s*(?:stage|phase|阶段|中)", after, _F) or re.search(r"[:：]\s*$", before):
        return True
    return _STAGE_PHRASE.search(before) is not None or re.search(
        r"(?:stage|阶段)\s*(?:[:：=]|->|→|=>|to)?\s*$", before, _F) is not None


def _implicit_task(f: Features) -> bool:
    """"tmr 3pm call globex", "明天下午三点给华东电力打电话": a future time, then something to do."""
    future = [d for d in f.dates if d.tense in ("future", "any") or (d.tense == "today" and d.has_time)]
    if not future or _PAST_VERB.search(f.text) or re.search(r"了(?!解)|过(?!来|去)", f.text):
        return False
    if f.amounts or deal_stages(f) or f.percents:
        return False  # "update soylent: amount $220k, close end of month" is about a deal
    first = min(f.dates, key=lambda d: d.start)
    lead = _TASK_LEAD.match(f.text)
    if first.start > (lead.end() if lead else 0) + 2:
        # No date first: only an English imperative ("call acme friday") reads as a to-do; "拜访美的 … 下周一前给报价"
        # is a visit note with a deadline in it.
        return _IMPERATIVE_START.match(f.text) is not None and not re.match(
            r"\S+\s+(?:with|w/?)\b", f.text, _F)
    rest = f.text[first.end:]
    rest = re.sub(r"^[\s,，:：\-]*(?:之前|以前|前|by|before|at|on)?[\s,，:：\-]*", "", rest, flags=_F)
    if re.match(r"(?:call|meeting|meet|mtg)\s+(?:with|w/?)\b", rest, _F):
        return False  # "call w massive dynamic": a call that happened
    return _ACTION.match(rest) is not None


def stage_is_other(text: str, start: int, end: int) -> bool:
    """成交概率, 签约时间, 方案要改, 'ops lead': stage words that are not about the stage."""
    after = text[end: end + 3]
    before = text[max(0, start - 6): start].lower()
    word = text[start:end]
    if re.match(r"率|概率|时间|日期|价|额|周期|金额", after):
        return True
    if word == "方案" and not re.match(r"阶段|报价", after):
        return True
    closing_soon = re.search(r"(?:预计|月底|年底|前|能|可以|下周|明天|就)\s*$", text[max(0, start - 4): start])
    if word.startswith("成交") and closing_soon:
        return True  # 预计月底成交: when it closes, not that it closed
    if word.lower() in ("lead", "leads") and re.search(r"(?:ops|team|tech|project|sales|product)\s$", before):
        return True
    return bool(word.lower() in ("signed", "won", "lost") and re.search(r"contract\s?$", before))


def _fallback(f: Features, has_customer: bool, question: bool, best: float) -> Decision:
    if has_customer:
        words = len(f.text.split())
        if question or words <= 3 or len(f.text) <= 8:
            return Decision("query_customer", 1.5, best)
        return Decision("log_interaction", 1.0, best)
    return Decision("unknown", 1.0, best)


def confidence(decision: Decision) -> float:
    score, margin = decision.score, decision.score - decision.runner_up
    if decision.intent == "unknown":
        # Injection or destructive text (9) and plain chit-chat (2.5+) are sure; "nothing matched" is not.
        return 0.95 if score >= 5 else 0.9 if score >= 2.5 else 0.5
    base = 0.94 if score >= 7 else 0.9 if score >= 5 else 0.82 if score >= 4 else 0.72 if score >= 3 else (
        0.6 if score >= 2 else 0.4)
    if margin < 1:
        base -= 0.2
    elif margin < 2:
        base -= 0.08
    return round(max(0.05, min(base, 0.98)), 2)
