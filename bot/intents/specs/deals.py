"""Deals (商机): create_deal, update_deal, query_deals."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from bot.intents.command import CURRENCY, CUSTOMER, PERSON, Amount, Command, Percent, Text, When
from bot.intents.rules import slots_deals, slots_reads
from bot.intents.rules.features import Features
from bot.intents.rules.phrases import NEW_DEAL
from bot.intents.rules.signals import Signals
from bot.intents.spec import IntentSpec, L, R, cues
from bot.intents.vocabulary import Stage

_F = re.IGNORECASE
_TITLE = "what is being sold, the product words ('ERP rollout', '二期扩容'), without the customer"
_PROBABILITY = "the deal's win probability, 0-100"


class CreateDeal(Command):
    """A new sales opportunity."""

    intent: Literal["create_deal"] = "create_deal"
    customer: Text | None = Field(None, description=CUSTOMER)
    title: Text | None = Field(None, description=_TITLE)
    amount: Amount | None = Field(None, description="the deal's value")
    currency: str | None = Field(None, description=CURRENCY)
    stage: Stage | None = Field(None, description="the deal's stage")
    close_date: When | None = Field(None, description="when the deal is expected to close")
    probability: Percent | None = Field(None, description=_PROBABILITY)


class UpdateDeal(Command):
    """A change to an existing deal: stage, value, close date, probability."""

    intent: Literal["update_deal"] = "update_deal"
    customer: Text | None = Field(None, description=CUSTOMER)
    title: Text | None = Field(None, description="which deal, by its title as the message names it ('phase 2', "
                                                 "'数据平台'); it never renames the deal")
    stage: Stage | None = Field(None, description="the deal's new stage")
    amount: Amount | None = Field(None, description="the deal's new value")
    currency: str | None = Field(None, description=CURRENCY)
    close_date: When | None = Field(None, description="the new expected close")
    probability: Percent | None = Field(None, description=_PROBABILITY)
    summary: Text | None = Field(None, description="why it changed, in the user's words")


class QueryDeals(Command):
    """Deals the user may see: theirs (or a colleague's), by customer, stage, expected close or when won/lost."""

    intent: Literal["query_deals"] = "query_deals"
    customer: Text | None = Field(None, description=CUSTOMER)
    stage: Stage | None = Field(None, description="only deals in this stage")
    close_date: When | None = Field(None, description="only deals expected to close by this day (for a period such "
                                                      "as 'next month', its last day)")
    closing_from: When | None = Field(None, description="only deals expected to close on or after this day (for a "
                                                        "period such as 'next month', its first day)")
    moved_from: When | None = Field(None, description="with stage won or lost: only deals that moved into that stage "
                                                      "on or after this day ('won this month' → the 1st)")
    moved_until: When | None = Field(None, description="with stage won or lost: only deals that moved into that "
                                                       "stage by this day ('won this month' → its last day)")
    person: Text | None = Field(None, description=PERSON)
    by_rep: bool | None = Field(None, description="true for the pipeline per rep ('pipeline by rep', 按销售看管道)")


# -- create_deal: "new deal …" (shared with signals.new_deal_phrase), or a deal record typed as a list -----------
_FIRM_UPDATE = re.compile(
    rf"{L}(?:moved?|push(?:ed)?|bump(?:ed)?|slipp?(?:ed)?|changed?|update[ds]?|now|revised?|cut|raised|lowered|"
    rf"dropped|increased|reduced|instead){R}|改成|改为|改到|调到|调成|调整|推迟|推到|往后推|延期|延到|延后|提前到|更新|"
    r"砍到|砍成|降到|涨到|变成|进入|到了",
    _F,
)
_CLOSE_CUE = re.compile(rf"{L}(?:close|closing|expected close|to close|sign|signing){R}|签|成交", _F)


def _deal_record(f: Features, s: Signals) -> bool:
    """"Acme, CRM rollout, 80k, close Mar 3, 60%": money plus two of a close date, a probability, a deal word —
    with no change verb or story."""
    if not f.amounts or f.channels or s.hit(_FIRM_UPDATE):
        return False
    close = any(d.tense != "past" for d in f.dates) and s.hit(_CLOSE_CUE)
    probability = bool(f.percents) and s.probability_word
    return close + probability + s.deal_noun >= 2


def _score_create_deal(f: Features, s: Signals, own: float) -> float:
    score = own
    if score > 0 and f.amounts:
        score += 1
    if not s.question and not s.stages and _deal_record(f, s):
        score += 5
    return score


# -- update_deal ------------------------------------------------------------------------------------------------
_UPDATE_DEAL = cues(
    (rf"{L}(?:moved?|moving|push(?:ed)?|bump(?:ed)?|slipp?(?:ed)?|downsized?|upsized?|increased?|reduced?|"
     rf"changed?|updated?|set|mark(?:ed)?|now|is now|back to|progressed|advanced){R}", 1),
    (rf"{L}(?:close date|closing date|expected close|close by|closing|probability|likelihood|likely|chance|"
     rf"prob|deal value|deal size|amount){R}", 1),
    (r"改成|改为|改到|调到|调成|调为|调整|推迟|推到|往后推|延到|延后|顺延|提前到|更新|砍到|进入|到了|变成|降到|涨到|提高到|"
     r"阶段|概率|把握|"
     r"签约时间|预计.{0,6}签|成交时间", 1),
    # "金额调成95万", "amount changed to 1.1m": one of the deal's fields, changed.
    (rf"{L}(?:amount|deal value|deal size|value)\s+(?:changed|updated|revised|is now|now|to){R}|"
     r"(?:金额|预算|概率|签约日期|成交日期)(?:改|调|变|更新|下调|上调)", 2),
    # "天成钢铁 丢了", "acme - lost": a customer, then the deal's end.
    (r"^[^\s,，]{2,14}(?:的单子?)?\s*[-—,，:：]?\s*(?:丢了|输了|黄了|丢单了?|赢了|赢单了?|拿下了)", 2),
    (rf"{L}(?:we|i|we've|we have|just)\s+(?:won|lost|closed|signed|landed|bagged){R}|"
     r"(?:我们|咱们)(?:赢了|丢了|输了|签了|拿下了)", 3),
)
_STAGE_PHRASE = re.compile(
    rf"(?:{L}(?:moved?|moving|push(?:ed)?|set|change[ds]?|update[ds]?|mark(?:ed)?|now|is|are|at|to|back to|into|"
    rf"in){R}\s*(?:the |it |deal |them )?(?:(?:to|as|in|into|at)\s+)?$)|"
    r"(?:进入|改成|改为|到了|推进到|转为|变成|调到|已|在)\s*$",
    _F,
)


def _stage_phrase(text: str, start: int, end: int) -> bool:
    """"moved to proposal", "stage: proposal", 进入谈判: the stage word is a stage, not a document."""
    before = text[max(0, start - 24): start]
    after = text[end: end + 8]
    if re.match(r"\s*(?:stage|phase|阶段|中)", after, _F) or re.search(r"[:：]\s*$", before):
        return True
    return _STAGE_PHRASE.search(before) is not None or re.search(
        r"(?:stage|阶段)\s*(?:[:：=]|->|→|=>|to)?\s*$", before, _F) is not None


def _score_update_deal(f: Features, s: Signals, own: float) -> float:
    score = own
    if s.stages:
        # "won"/"丢单" are events; "proposal" is a stage only in a stage phrase ("moved to proposal").
        strong = any(st.value in ("won", "lost") or _stage_phrase(f.text, st.start, st.end) for st in s.stages)
        score += 3 if strong else 1
    if s.deal_noun:
        score += 1
    if s.deal_named and (s.stages or s.update_verb or f.amounts or f.percents or f.dates):
        score += 2.5  # "move phase 2 to won", 运输管理系统金额改成80万: a deal, by its title, changes
    if s.context_ref and (s.stages or s.update_verb):
        score += 2
    percent_is_prob = bool(f.percents) and s.probability_word
    if (f.amounts or percent_is_prob or f.dates) and (s.deal_noun or s.context_ref or s.customer) and (
        s.update_verb or score >= 2
    ):
        score += 1.5
    if not (s.customer or s.context_ref or s.deal_noun or s.deal_named):
        score -= 2
    if s.question and not s.context_ref:
        score -= 3
    if s.new_deal_phrase:
        score -= 2  # "new deal for acme, 80k, close friday" asks for a deal, it changes none
    return score


# -- query_deals --------------------------------------------------------------------------------------------------
_QUERY_DEALS = cues(
    (rf"{L}(?:pipeline|my deals|open deals|all deals|deal list|list deals|show deals){R}", 4),
    # "pipeline by rep", 按销售看管道: the pipeline per owner
    (slots_reads.gated(r"by|per|按|每个|各",
     rf"{L}(?:pipeline|deals|opps)\s+(?:by|per)\s+(?:rep|reps|owner|salesperson|sales ?rep|person|member){R}|"
     r"按(?:销售|人|负责人|业务员|成员|人员|销售员|个人).{0,6}(?:管道|漏斗|商机|单子|pipeline|业绩)|"
     r"(?:每个人|各个?销售|每个销售)的?.{0,4}(?:管道|商机|单子|pipeline)"), 6),
)
_WE = re.compile(rf"{L}(?:we|i|my|our|us|have){R}|我|我们", _F)
_LIST_WORD = re.compile(rf"{L}(?:list|show|which|how many){R}|列|哪些|有哪些|多少", _F)
# "globex deals", 蓝海物流的单子, "Alice's pipeline": a noun phrase that ends on the deals asks for them.
_HOW_MUCH = re.compile(rf"{L}how much{R}|多少钱|能签多少|签多少", _F)  # a forecast, not a list
_DEALS = re.compile(rf"{L}(?:deals|opps|opportunities){R}|哪些(?:单子|商机|单)", _F)
_DEALS_AT_END = re.compile(rf"(?:{L}(?:deals?|opps?|opportunities|pipeline){R}|单子|商机|管道|pipeline)\s*[?？!.。]*$",
                           _F)


def _score_query_deals(f: Features, s: Signals, own: float) -> float:
    score = own
    if s.deal_noun and s.question:
        score += 4
    elif s.deal_noun and not (f.amounts or s.update_verb or s.new_deal_phrase):
        score += 2.5 if not s.customer else 1.5
    listed = any(st.value not in ("won", "lost") for st in s.stages)
    if s.stages and s.question and (s.hit(_WE) or (listed and not (s.customer or s.context_ref))):
        score += 3  # "what's in negotiation?": the stage filters a list
    if s.stages and s.deal_noun and not s.customer and not s.context_ref and not s.update_verb:
        score += 3  # "线索阶段的商机": the stage filters a list
    elif s.stages and s.hit(_LIST_WORD):
        score += 3
    if not (f.amounts or f.reports or s.new_deal_phrase or s.reminder_phrase or s.context_ref or s.probability_word
            or s.hit(_FIRM_UPDATE) or s.hit(_HOW_MUCH)):
        span = slots_reads.period(f)
        asked = not s.customer or s.question or s.hit(_DEALS)  # "globex deal closing next month" tells
        if span is not None and asked and (s.stages or s.deal_noun or s.hit(slots_reads.CLOSING)):
            score += 4  # "what's closing next month", 这个月赢单的: a period filters a list
        elif f.dates and s.hit(slots_reads.CLOSING) and (s.question or s.hit(_DEALS)) and not s.customer:
            score += 4  # "deals closing by dec 15"
        if s.hit(_DEALS_AT_END) and not s.update_verb:
            score += 2  # "globex deals", 张伟的单子
        if s.deal_noun and slots_reads.person(f):
            score += 2  # "Bob's pipeline"
    if f.reports:
        score -= 4
    return score


SPECS = (
    IntentSpec(
        name="create_deal", command=CreateDeal, writes=True, order=130, required=("customer",), cues=NEW_DEAL,
        scorer=_score_create_deal, filler=slots_deals.create_deal, help="help.create_deal",
        examples={"en": ("new deal for Acme, ERP rollout, 500k, closing end of month",),
                  "zh": ("新建商机 华东电力 二期扩容 120万 方案报价阶段",)},
        handler="bot.handlers.deals:CreateDealHandler",
    ),
    IntentSpec(
        name="update_deal", command=UpdateDeal, writes=True, order=140, cues=_UPDATE_DEAL,
        scorer=_score_update_deal, filler=slots_deals.update_deal, help="help.update_deal",
        examples={"en": ("Acme moved to negotiation", "move it to won"),
                  "zh": ("星辰的单子进入谈判", "这个单子赢单了")},
        handler="bot.handlers.deals:UpdateDealHandler",
    ),
    IntentSpec(
        name="query_deals", command=QueryDeals, writes=False, order=150, cues=_QUERY_DEALS,
        scorer=_score_query_deals, filler=slots_reads.query_deals, help="help.query_deals",
        examples={"en": ("my pipeline", "what's closing next month", "deals in proposal", "Alice's pipeline",
                         "pipeline by rep"),
                  "zh": ("看看我的商机", "下个月要签的单子", "这个月赢单的", "张伟的单子", "按销售看一下管道")},
        handler="bot.handlers.deals:QueryDealsHandler",
    ),
)
