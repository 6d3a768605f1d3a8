"""Scoring reads: a deal's win probability (with its reasons), high-intent customers, churn risk.

Setting a probability by hand ("set the win probability of the acme deal to 80%", 把Acme的赢率改成80%) is an
`update_deal` with a probability: its card says the value then overrides the model."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from bot.intents.command import CUSTOMER, Command, Text
from bot.intents.rules import slots_common, slots_deals
from bot.intents.rules.deal_refs import deal_reference
from bot.intents.rules.features import Features
from bot.intents.rules.signals import Signals
from bot.intents.spec import IntentSpec, L, R, cues

_F = re.IGNORECASE


class QueryWinProbability(Command):
    """How likely a deal (or each open deal) is to be won, and why."""

    intent: Literal["query_win_probability"] = "query_win_probability"
    customer: Text | None = Field(None, description=CUSTOMER + " (whose deal)")
    title: Text | None = Field(None, description="which deal, by its title as the message names it ('phase 2', "
                                                 "'数据平台')")


class QueryHighIntent(Command):
    """Customers showing buying intent now (website visits, product page views, email opens, downloads)."""

    intent: Literal["query_high_intent"] = "query_high_intent"


class QueryChurnRisk(Command):
    """Active customers at risk of leaving, with why (falling activity, overdue payments, negative notes)."""

    intent: Literal["query_churn_risk"] = "query_churn_risk"
    customer: Text | None = Field(None, description=CUSTOMER + " (when one customer is asked about)")


# -- query_win_probability ---------------------------------------------------------------------------------------
_WIN_PROBABILITY = cues(
    (rf"{L}(?:win(?:ning)?[- ]?(?:probability|prob|chances?|odds|likelihood)|chances? (?:of|at) (?:winning|closing)|"
     rf"(?:likelihood|probability|odds) (?:of|to) (?:win(?:ning)?|clos(?:e|ing))|chances? (?:we|to) (?:win|close)|"
     rf"(?:chances?|odds) (?:on|for|of) (?:this|that|the|it|winning)\b|"
     rf"how likely (?:are we|is it|we are) to (?:win|close)|how likely .{{0,30}}\bto (?:win|close)){R}", 5),
    (r"赢率|赢单(?:概率|率|可能性)|成交(?:概率|可能性)|胜算|能赢吗|能不能赢|有几成把握|把握(?:有)?多大|能拿下吗", 5),
)
_SETS = re.compile(rf"{L}(?:set|change|make|put|update|mark|raise|lower|bump)\b|"
                   r"改成|改为|调到|调成|设为|设成|改到|设置", _F)


def _score_win_probability(f: Features, s: Signals, own: float) -> float:
    if own <= 0:
        return 0
    if s.hit(_SETS) or (f.percents and not s.question):
        return own - 5  # "set the win probability to 80%": a change (update_deal), not a question
    about_a_deal = s.customer or s.deal_noun or s.context_ref or s.deal_named
    if f.reports and not about_a_deal:
        return 0  # 这个月赢率多少, "win rate this quarter": the team's win-rate report, not a deal's estimate
    return own + (1.5 if about_a_deal else 0)


def _fill_win_probability(f: Features) -> dict[str, object]:
    slots: dict[str, object] = dict(slots_common.customer_slot(f, guess=False))
    named = deal_reference(f)
    if named is not None:
        slots["title"] = named.title
    if not slots and slots_deals.refers_to_context(f):
        slots["refers_to_context"] = True  # "what are the chances on this deal?"
    return slots


# -- query_high_intent -------------------------------------------------------------------------------------------
_HIGH_INTENT = cues(
    (rf"{L}(?:high[- ](?:potential|intent)|hot (?:leads?|prospects?|customers?|accounts?)|"
     rf"(?:buying|purchase) (?:intent|signals?)|(?:showing|show) (?:buying )?intent|warm(?:est)? leads?|"
     rf"most engaged (?:customers?|accounts?|leads?)|who(?:'s| is) (?:hot|engaged|interested)(?: right now)?){R}", 6),
    (r"高潜力|高潜|高意向|意向(?:强|高|最强|最高)|购买意向|热门(?:客户|线索)|最活跃的客户|潜力(?:大|高)的客户|"
     r"哪些客户.{0,4}(?:有意向|感兴趣)", 6),
)

# -- query_churn_risk ----------------------------------------------------------------------------------------------
_CHURN = cues(
    (rf"{L}(?:churn(?:ing)?(?: risks?)?|at[- ]risk (?:customers?|accounts?|clients?)|(?:customers?|accounts?|clients?)"
     rf" at risk|risk of (?:losing|leaving|churn)|might (?:leave|churn)|about to leave|likely to (?:leave|churn)){R}",
     6),
    (r"流失|可能(?:会)?走|要跑|风险客户|客户风险|会不会丢|可能丢的客户", 6),
)


def _score_churn(f: Features, s: Signals, own: float) -> float:
    return own if own > 0 else 0


def _fill_churn(f: Features) -> dict[str, object]:
    return dict(slots_common.customer_slot(f, guess=False))


SPECS = (
    IntentSpec(
        name="query_win_probability", command=QueryWinProbability, writes=False, order=146,
        cues=_WIN_PROBABILITY, scorer=_score_win_probability, filler=_fill_win_probability,
        help="help.query_win_probability",
        examples={"en": ("win probability of the Acme deal", "what are my chances of winning each deal?"),
                  "zh": ("Acme这个单子赢率多少", "我的单子成交概率")},
        handler="bot.handlers.scoring:QueryWinProbabilityHandler",
    ),
    IntentSpec(
        name="query_high_intent", command=QueryHighIntent, writes=False, order=147, cues=_HIGH_INTENT,
        help="help.query_high_intent",
        examples={"en": ("high potential customers", "who's showing buying intent?"),
                  "zh": ("高潜力客户", "哪些客户意向最强")},
        handler="bot.handlers.scoring:QueryHighIntentHandler",
    ),
    IntentSpec(
        name="query_churn_risk", command=QueryChurnRisk, writes=False, order=148, cues=_CHURN,
        scorer=_score_churn, filler=_fill_churn, help="help.query_churn_risk",
        examples={"en": ("churn risk", "which customers might churn?"),
                  "zh": ("流失风险客户", "哪些客户可能流失")},
        handler="bot.handlers.scoring:QueryChurnRiskHandler",
    ),
)
