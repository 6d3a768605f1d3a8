"""Contracts and money: create_contract, record_payment, query_receivables, create_invoice, query_margin."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from bot.intents.command import CURRENCY, CUSTOMER, Amount, Command, Percent, Text, When
from bot.intents.rules import slots_deals, slots_money
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
    payment_plan: Text | None = Field(None, description="how it is paid, as written: '30/60/10', "
                                                        "'30% on signing, 70% on go-live', '首付30% 中期60% 尾款10%'")


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
    overdue: bool | None = Field(None, description="true when only overdue (late) money is asked about")


class CreateInvoice(Command):
    """An invoice to issue to a customer, for an installment of its contract's payment plan or for a sum."""

    intent: Literal["create_invoice"] = "create_invoice"
    customer: Text | None = Field(None, description=CUSTOMER)
    installment: str | None = Field(None, description="which installment of the payment plan: '1', '2', … for "
                                    "the first, second …; 'last' (尾款); 'next'; empty for the next not invoiced")
    amount: Amount | None = Field(None, description="the invoice's total when it is for a sum, not an installment")
    currency: str | None = Field(None, description=CURRENCY)
    tax_rate: Percent | None = Field(None, description="VAT rate in percent when the message names one (6 for 6%)")


class QueryMargin(Command):
    """A project's profitability: contract revenue against hours and expenses."""

    intent: Literal["query_margin"] = "query_margin"
    customer: Text | None = Field(None, description=CUSTOMER + " (whose project)")


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
     rf"received|recieved|recived|got (?:a |the )?payment|payment from|collected|installment|deposit came|"
     rf"(?:record|log|enter|add) (?:a |the )?payment){R}", 3),
    (rf"{L}payments?{R}|(?:payment|款)\s?(?:到了|到账|收到了?|已到)", 1.5),
    (r"回款|打款|到账|收到.{0,10}款|付了|付款了|回了|汇款|转账|首付款|首期款|尾款|进账|收款", 3),
    (r"打过?来了?(?:一笔|一部分|第[一二三四\d]笔)?(?:款|钱)", 3),  # 昨天打过来一笔款
)
_SENT = re.compile(rf"{L}(?:sent|transferred|wired){R}", _F)
_GOT_FROM = re.compile(rf"{L}(?:got|received|recieved|recived|collected)\b.{{0,25}}\bfrom{R}|收到", _F)


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
     r"收回来|回款逾期|逾期.{0,4}(?:回款|付款|未付|没付)|(?:还有)?多少(?:款|钱)没(?:回|付|到|收)", 4),
)
_OVERDUE = re.compile(rf"{L}overdue{R}", _F)


def _score_query_receivables(f: Features, s: Signals, own: float) -> float:
    score = own
    if f.amounts and not s.question:
        score -= 1  # a sum in a statement reports money, it does not ask about it
    if s.customer and s.hit(_OVERDUE):
        score += 4
    return score


# -- create_invoice ---------------------------------------------------------------------------------------------
_CREATE_INVOICE = cues(
    (rf"{L}(?:invoice|bill)\b.{{0,40}}\b(?:for|installment|tranche|payment){R}|"
     rf"{L}(?:issue|send|raise|create|make|cut|draw up)\b.{{0,12}}\binvoices?{R}|{L}invoice (?:them|it){R}", 5),
    (rf"{L}invoices?{R}", 1.5),
    (r"开.{0,10}发票|发票.{0,6}(?:开|出)|出(?:一张)?发票|开票", 5),
)


# "mark send invoice as done", "把 send invoice 标成 done": a to-do about an invoice, not one to issue.
_DONE = re.compile(rf"{L}(?:done|finished|complete[d]?|tick(?:ed)? off|check(?:ed)? off){R}|"
                   r"完成|搞定|标成|标记|做完", _F)


def _score_create_invoice(f: Features, s: Signals, own: float) -> float:
    score = own - 3 if s.question else own
    return score - 5 if s.hit(_DONE) else score


# -- query_margin -----------------------------------------------------------------------------------------------
_QUERY_MARGIN = cues(
    (rf"{L}(?:margins?|profitab(?:le|ility)|profits?|gross profit|make money on|earn(?:ed|ing)? on){R}", 5),
    (r"利润|毛利|盈利|赚了多少|赚不赚钱|赚钱吗|亏不亏|亏损", 5),
)


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
        cues=_RECORD_PAYMENT, scorer=_score_record_payment, filler=slots_money.record_payment,
        help="help.record_payment",
        examples={"en": ("Acme paid 50k yesterday",), "zh": ("星辰科技回款二十万",)},
        handler="bot.handlers.money:RecordPaymentHandler",
    ),
    IntentSpec(
        name="query_receivables", command=QueryReceivables, writes=False, order=100,
        cues=_QUERY_RECEIVABLES, scorer=_score_query_receivables, filler=slots_money.query_receivables,
        help="help.query_receivables",
        examples={"en": ("how much does Globex still owe us?", "who owes us money", "overdue payments"),
                  "zh": ("华东电力还欠多少", "谁还欠我们钱")},
        handler="bot.handlers.money_reads:QueryReceivablesHandler",
    ),
    IntentSpec(
        name="create_invoice", command=CreateInvoice, writes=True, order=107, required=("customer",),
        cues=_CREATE_INVOICE, scorer=_score_create_invoice, filler=slots_money.create_invoice,
        help="help.create_invoice",
        examples={"en": ("invoice Acme for the first installment",), "zh": ("给星辰科技开发票",)},
        handler="bot.handlers.invoices:CreateInvoiceHandler",
    ),
    IntentSpec(
        name="query_margin", command=QueryMargin, writes=False, order=103,
        cues=_QUERY_MARGIN, filler=slots_money.query_margin,
        help="help.query_margin",
        examples={"en": ("what's the margin on the Acme project?",), "zh": ("星辰科技项目利润多少",)},
        handler="bot.handlers.money_reads:QueryMarginHandler",
    ),
)
