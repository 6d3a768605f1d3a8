"""Contracts and money: create_contract, record_payment, query_receivables. Written, not registered yet."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from bot.intents.command import CURRENCY, CUSTOMER, Amount, Command, Text, When
from bot.intents.rules import slots_deals
from bot.intents.rules.features import Features
from bot.intents.rules.signals import Signals
from bot.intents.spec import IntentSpec, L, R, cues

_F = re.IGNORECASE


class CreateContract(Command):
    """A signed contract to record."""

    intent: Literal["create_contract"] = "create_contract"
    customer: Text | None = Field(None, description=CUSTOMER)
    title: Text | None = Field(None, description="what the contract covers, without the customer")
    amount: Amount | None = Field(None, description="the contract's value")
    currency: str | None = Field(None, description=CURRENCY)


class RecordPayment(Command):
    """Money a customer paid us."""

    intent: Literal["record_payment"] = "record_payment"
    customer: Text | None = Field(None, description=CUSTOMER)
    amount: Amount | None = Field(None, description="the sum received")
    currency: str | None = Field(None, description=CURRENCY)
    date: When | None = Field(None, description="when it arrived")


class QueryReceivables(Command):
    """Who owes us what (all customers, or one)."""

    intent: Literal["query_receivables"] = "query_receivables"
    customer: Text | None = Field(None, description=CUSTOMER)


# -- create_contract --------------------------------------------------------------------------------------------
_CREATE_CONTRACT = cues(
    (rf"{L}(?:new|create|add|draft|record|log|enter|set up|register)\b.{{0,20}}\bcontracts?{R}|"
     rf"{L}contracts?\b.{{0,12}}\b(?:new|created|added){R}|{L}contract[:：]", 4),
    (rf"{L}contracts?{R}", 1.5),
    (rf"{L}contracts?\b.{{0,50}}\b(?:add|create|record|log|enter) (?:it|this|that|the contract){R}", 4),
    (r"(?:新建|新增|新|建|录入|录|起草|登记|添加|加|创建)(?:一份|一个|个|份|一下)?.{0,8}合同|"
     r"合同.{0,12}(?:新建|录一下|录入|建一下|登记)|合同.{0,40}(?:录进去|录进系统|录上|记上|登记一下|帮我录)", 4),
    (r"合同", 1.5),
)


def _score_create_contract(f: Features, s: Signals, own: float) -> float:
    if s.question:
        return own - 2
    return own + 1.5 if f.amounts and own > 0 else own


# -- record_payment ---------------------------------------------------------------------------------------------
_RECORD_PAYMENT = cues(
    (rf"{L}(?:paid|wired|transferred|remitted|settled|payment (?:came in|is in|has come in|received|in)|"
     rf"received|got (?:a |the )?payment|payment from|collected|installment|deposit came|"
     rf"(?:record|log|enter|add) (?:a |the )?payment){R}", 3),
    (rf"{L}payments?{R}|(?:payment|款)\s?(?:到了|到账|收到了?|已到)", 1.5),
    (r"回款|打款|到账|收到.{0,10}款|付了|付款了|回了|汇款|转账|首付款|首期款|尾款|进账|收款", 3),
)
_SENT = re.compile(rf"{L}(?:sent|transferred|wired){R}", _F)
_GOT_FROM = re.compile(rf"{L}(?:got|received|collected)\b.{{0,25}}\bfrom{R}|收到", _F)


def _score_record_payment(f: Features, s: Signals, own: float) -> float:
    score = own
    if s.question:
        score -= 2
    elif f.amounts and score > 0:
        score += 2
    if f.amounts and (s.hit(_SENT) or s.hit(_GOT_FROM)):
        score += 3  # "globex wired 200k", "收到星辰20万"
    return score


# -- query_receivables ------------------------------------------------------------------------------------------
_QUERY_RECEIVABLES = cues(
    (rf"{L}(?:owes?|owed|owing|outstanding|unpaid|not (?:yet )?paid|receivables?|collections?|"
     rf"overdue (?:payments?|invoices?|amounts?|bills?)|payments? (?:overdue|outstanding|due)|a/r|ar){R}", 4),
    (rf"{L}(?:has|have|did)\b.{{1,30}}\bpaid{R}|{L}paid (?:yet|already)\?|{L}paid\?|"
     rf"{L}(?:behind on|late on|late with|missed) (?:\w+ )?payments?{R}|{L}payment status{R}|{L}paid up{R}|"
     rf"{L}(?:left|still|yet|remaining) to (?:collect|be collected|be paid|invoice){R}|{L}uncollected{R}|"
     rf"{L}outstanding balance{R}", 4),
    (r"应收|欠(?:我们|款|钱|多少|着)|还欠|回款(?:情况|进度|状态|怎么样)|(?:没|未)(?:付款|回款|付钱|结清|到账)|"
     r"收了没|付了没|到账了?(?:吗|没)|回了没|尾款.{0,4}(?:没|吗)|欠款|账款|款.{0,3}没收|没收回|未收回|钱没付|没付|"
     r"收回来", 4),
)
_OVERDUE = re.compile(rf"{L}overdue{R}", _F)


def _score_query_receivables(f: Features, s: Signals, own: float) -> float:
    score = own
    if f.amounts and not s.question:
        score -= 1  # a sum in a statement reports money, it does not ask about it
    if s.customer and s.hit(_OVERDUE):
        score += 4
    return score


SPECS = (
    IntentSpec(
        name="create_contract", command=CreateContract, writes=True, order=120, required=("customer",),
        cues=_CREATE_CONTRACT, scorer=_score_create_contract, filler=slots_deals.create_contract,
        help="help.create_contract",
        examples={"en": ("new contract for Acme, support renewal, 120k",),
                  "zh": ("新建合同 博睿教育 在线课程平台 30万",)},
        handler="bot.handlers.contracts:CreateContractHandler",
    ),
    IntentSpec(
        name="record_payment", command=RecordPayment, writes=True, order=110, required=("amount",),
        cues=_RECORD_PAYMENT, scorer=_score_record_payment, filler=slots_deals.record_payment,
        help="help.record_payment",
        examples={"en": ("Acme paid 50k yesterday",), "zh": ("星辰科技回款二十万",)},
        handler=None,  # payments have no handler yet
    ),
    IntentSpec(
        name="query_receivables", command=QueryReceivables, writes=False, order=100,
        cues=_QUERY_RECEIVABLES, scorer=_score_query_receivables, filler=slots_deals.query_receivables,
        help="help.query_receivables",
        examples={"en": ("how much does Globex still owe us?",), "zh": ("华东电力还欠多少",)},
        handler=None,  # receivables have no handler yet
    ),
)
