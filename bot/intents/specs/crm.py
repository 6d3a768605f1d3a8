"""Customers, their people, and every touch a rep logs: log_interaction, create_customer, add_contact,
query_customer."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from bot.intents.command import CURRENCY, CUSTOMER, PERSON, Amount, Command, Text, When
from bot.intents.rules import slots_crm, slots_log, slots_reads
from bot.intents.rules.features import Features
from bot.intents.rules.signals import Signals
from bot.intents.spec import IntentSpec, L, R, cues
from bot.intents.vocabulary import Channel

_F = re.IGNORECASE


class LogInteraction(Command):
    """A visit, call, e-mail, meeting or message with a customer that already happened."""

    intent: Literal["log_interaction"] = "log_interaction"
    customer: Text | None = Field(None, description=CUSTOMER)
    contact: Text | None = Field(None, description="the person at the customer the rep dealt with")
    contact_title: Text | None = Field(None, description="that person's job title, when the message gives it")
    contact_email: Text | None = Field(None, description="that person's e-mail, when the message gives it")
    contact_phone: Text | None = Field(None, description="that person's phone number, when the message gives it")
    channel: Channel | None = Field(None, description="how it happened")
    date: When | None = Field(None, description="when it happened")
    summary: Text | None = Field(None, description="the gist: what the customer said or wants, in the user's words")
    next_step: Text | None = Field(None, description="our next action, verb first ('send the quote', '重新报价')")
    follow_up: When | None = Field(None, description="when to follow up, or the customer's deadline")
    amount: Amount | None = Field(None, description="the customer's budget, when the message gives one")
    currency: str | None = Field(None, description=CURRENCY)


class CreateCustomer(Command):
    """A new customer company to add."""

    intent: Literal["create_customer"] = "create_customer"
    name: Text | None = Field(None, description="the new company's name, without the request words")
    industry: Text | None = Field(None, description="its industry ('manufacturing', '物流')")
    city: Text | None = Field(None, description="the city it is in")


class AddContact(Command):
    """A person at a customer to add as a contact."""

    intent: Literal["add_contact"] = "add_contact"
    contact: Text | None = Field(None, description="the person's name")
    customer: Text | None = Field(None, description=CUSTOMER)
    title: Text | None = Field(None, description="the person's job title ('CTO', '采购经理')")
    phone: Text | None = Field(None, description="phone number as written")
    email: Text | None = Field(None, description="e-mail address")


class QueryCustomer(Command):
    """What we know about one customer: the whole card, or only its contacts or its recent interactions."""

    intent: Literal["query_customer"] = "query_customer"
    customer: Text | None = Field(None, description=CUSTOMER)
    part: Literal["contacts", "interactions"] | None = Field(
        None, description="only this part of the customer: 'contacts' (X的联系人, 'who are our contacts at X'), "
                          "'interactions' (the recent visits and calls, 'when did we last talk to X')")


class ListCustomers(Command):
    """The customers the user looks after (or a colleague's, for a manager)."""

    intent: Literal["list_customers"] = "list_customers"
    person: Text | None = Field(None, description=PERSON)


# -- log_interaction: no command phrase of its own; channels, past verbs and narrative words add up ----------
_TALK = re.compile(
    rf"{L}(?:talked|spoke|chatted|caught up|catch up|discussed|discussion|conversation|follow[- ]?up|feedback|"
    rf"they|he|she|client|customer|demo|demoed|presentation|presented|pitch|pitched){R}|"
    r"聊|谈|沟通|吃饭|对方|客户|反馈|他们|他说|她说|演示|宣讲",
    _F,
)
_NARRATIVE = re.compile(
    rf"{L}(?:they|they're|theyre|he|she|he's|she's|client|customer|wants?|wanted|said|says|asked|needs?|liked|"
    rf"loved|interested|keen|happy|unhappy|concerned|agreed|confirmed|feedback){R}|"
    r"对方|客户|他们|他说|她说|说|想|要求|反馈|满意|感兴趣|同意|确认|觉得|表示",
    _F,
)


def _score_log_interaction(f: Features, s: Signals, own: float) -> float:
    score = own
    if f.channels:
        score += 2.5
    elif s.customer and s.hit(_TALK):
        score += 1.5
    if s.past_verb:
        score += 1.5
    if s.customer and score > 0:
        score += 1
    if s.hit(_NARRATIVE) and (score > 0 or s.customer):
        score += 1 if score > 0 else 2
    if s.question and not s.past_verb:
        score -= 2
    if s.new_party and f.channels:
        score += 1  # "called a new prospect": the call is the news
    if s.meeting_done:
        score += 4  # "site visit done": an interaction, not a finished task
    if s.planned:
        score -= 5  # "meeting with Globex next Tue 3pm": nothing happened yet
    elif s.implicit_task:
        score -= 2  # "need to prep the demo for vantage by next wed": something to do, nothing happened yet
    return score


# -- create_customer ------------------------------------------------------------------------------------------
_CREATE_CUSTOMER = cues(
    (rf"{L}(?:new (?:customer|client|account|acct|cust|prospect)|add (?:a |the )?(?:new )?(?:customer|client|"
     rf"account|acct|cust)|create (?:a |an )?(?:new )?(?:customer|client|account|acct)|"
     rf"set up (?:a )?(?:new )?(?:customer|client|account)|(?:customer|client) record for|"
     rf"prospect company|onboard (?:a )?new (?:customer|client)|"
     rf"(?:add|set up|setup|create|register|onboard|put|enter)\b.{{1,40}}\bas (?:a |an )?(?:new )?"
     rf"(?:customer|client|account|prospect)|(?:add|put)\b.{{1,40}}\bto (?:the |our |my )?"
     rf"(?:customers|clients|accounts|crm)){R}", 5),
    (rf"{L}create\b.{{0,8}}\b(?:customer|client|account){R}|(?:新建|新增|添加|录入|建个?|加(?:一)?个|录个?|创建)(?:新)?"
     r"\s?(?:客户|customer|client)|新客户|add\s?客户", 5),
)


def _score_create_customer(f: Features, s: Signals, own: float) -> float:
    # "called a new prospect": the counterpart of what the message does, not a request to create it.
    return own - 5 if s.new_party else own


# -- add_contact ----------------------------------------------------------------------------------------------
_ADD_CONTACT = cues(
    (rf"{L}(?:add (?:a )?(?:new )?contact|new contact|contact[:：]|add\b.{{1,30}}\bto\b.{{0,30}}\bcontacts?|"
     rf"(?:add|save) (?:her|him)|is (?:the |our )?new [\w ]{{2,30}} (?:at|@|for)|"
     rf"(?:add|save)\s+(?-i:[A-Z][a-z]+ [A-Z][a-z]+)\s+(?:to|at)(?=\s)"
     rf"(?!\s+(?:the |our |my )?(?:crm|customers?|clients?|accounts?|system|database|pipeline){R})|"
     rf"as (?:a )?contact|save\b.{{1,40}}\b(?:number|phone|email|contact)|contact (?:person|info) for|"
     rf"add\s+[\w&.-]+(?:\s+[\w&.-]+)?\s+contact){R}|"
     # "kestrel's new head of IT is Sven Olsen": a new person in a role, by name.
     rf"{L}new\s+(?:[\w&/-]+\s+){{1,5}}is\s+(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s*[.!]?$", 5),
    (r"(?:添加|新增|新建|加个?|存个?|记一下|录入)(?:一个)?(?:联系人|联络人|对接人)|(?:联系人|联络人|对接人)[:：]|"
     r"(?:加|存)到联系人|新的?(?:联系人|联络人|对接人)|换了?(?:个|一个)?(?:新的?)?(?:联系人|联络人|对接人)|"
     r"^\S{2,12}\s+联系人\s?[\u4e00-\u9fff]{2,3}\s|"
     r"存一下.{0,16}(?:电话|手机|号码|邮箱)|对接人是(?!谁)|"
     r"(?:add|new|save|create)\s?(?:a\s)?(?:new\s)?联系人", 5),
    (rf"{L}contacts?{R}|联系人", 1),
)
# Case-sensitive on purpose: "Add" opens other requests.
_ADD_OR_SAVE = re.compile(r"\b(?:add|save)\b|存|加|记一下|记下|录一下")


def _score_add_contact(f: Features, s: Signals, own: float) -> float:
    score = own
    if f.emails or f.phones:
        score += 2 if score > 0 or s.hit(_ADD_OR_SAVE) else 1
    if s.question:
        score -= 3
    return score


# -- query_customer (a bare customer name is the registry's fallback rule) -------------------------------------
_QUERY_CUSTOMER = cues(
    (rf"{L}(?:tell me about|info (?:on|about|for)|information (?:on|about)|details (?:on|for|about)|"
     rf"customer (?:info|details|profile|record)|pull up|look ?up|profile|what do we know|"
     rf"who(?:'s| is| are)? (?:our |the )?(?:contacts?|account owner|owner|poc|decision maker)|address|"
     rf"when did (?:we|i) last|last (?:talked|spoke|contact)|background on|brief(?:ing)?\s+(?:me\s+)?on|"
     rf"rundown on|prep me (?:on|for)){R}", 5),
    (rf"{L}(?:details|info){R}", 2),
    (r"客户信息|客户资料|资料|详情|档案|联系人是谁|对接人是谁|是做什么的|做什么的|(?:电话|手机|邮箱)(?:是)?多少|在哪个?城市|"
     r"在哪里|地址|上次.{0,6}(?:跟进|联系|拜访|沟通).{0,6}(?:什么时候|哪天)|介绍一下|基本信息|怎么联系", 5),
)
# 星辰的情况, 北方重工怎么样了, 看看蓝海物流, "how's acme doing": the customer at a glance (when nothing else is asked).
_OVERVIEW = re.compile(
    rf"的?(?:情况|近况|现状|最新情况|最新进展)|怎么样了?|咋样了?|如何了|什么情况|啥情况|进展如何|"
    rf"^\W*(?:帮我|请|给我)?(?:看看|看一下|看下|查查|查一下|查下|瞧瞧|了解一下)|"
    rf"{L}(?:how'?s|how is|how are|what'?s up with|what'?s new with|what'?s happening with|status of|update on|"
    rf"overview of|show me|show|check on|check){R}",
    _F,
)
# 星辰的联系人, "who are our contacts at acme", "acme contacts": its people.
# 瑞丰金融的跟进记录, 星辰的拜访记录, "acme history": what happened with it lately.
_HISTORY_OF = re.compile(rf"(?:跟进|拜访|沟通|联系|互动)记录|{L}(?:history|interactions|activity log){R}", _F)
_LABEL_COLON = re.compile(r"[:：]")  # "contact for harbor health: Dr. Alan Grant, CMO" adds one
_CONTACTS_OF = re.compile(
    rf"(?:的)?(?:联系人|对接人|联系方式)(?:有哪些|有谁|都有谁|是谁|[?？]|呢|$)|{L}contacts?\s+(?:at|for|of|in)\b|"
    rf"{L}contacts?\s*(?:是谁|有哪些|有谁)|"
    rf"{L}(?:our|the|their|my)\s+contacts?{R}|{L}contacts?\s*[?？]*$|{L}who\s+(?:do we|we)\s+know{R}",
    _F,
)


def _score_query_customer(f: Features, s: Signals, own: float) -> float:
    score = own
    if s.customer and not (s.deal_noun or s.task_noun or f.amounts or s.new_deal_phrase or s.reminder_phrase) and (
            s.hit(_HISTORY_OF)):
        return score + 4  # 瑞丰金融的跟进记录, "acme history": its recent interactions
    if s.customer and not (s.deal_noun or s.task_noun or s.project_noun or f.amounts or f.channels or s.past_verb
                           or s.new_deal_phrase or s.reminder_phrase or s.report_query):
        if s.hit(_CONTACTS_OF) and not (s.hit(_ADD_OR_SAVE) or f.emails or f.phones or s.hit(_LABEL_COLON)):
            score += 5  # 星辰的联系人, "who are our contacts at acme"
        elif s.hit(_OVERVIEW):
            score += 4  # 星辰的情况, 看看蓝海物流, 北方重工怎么样了
    return score


# -- list_customers ---------------------------------------------------------------------------------------------
_LIST_CUSTOMERS = cues(
    (slots_reads.gated(r"customers|clients|accounts|customer|client|account",
     rf"{L}(?:my|our|all(?: my| our| the)?|list(?: my| all| our)?|show(?: me)?(?: my| all| our)?|which|what)\s+"
     rf"(?:customers|clients|accounts){R}|{L}(?:customer|client|account) list{R}|"
     rf"{L}(?:customers|clients|accounts) (?:do i have|i have|i own|i look after|i manage){R}|"
     rf"{L}how many (?:customers|clients|accounts){R}|['’]s\s+(?:customers|clients|accounts){R}|"
     rf"{L}(?:customers|clients|accounts)\s+(?:of|owned by)\s+\w+\s*[?？]*$"), 6),
    (slots_reads.gated(r"客户|customers|clients|accounts",
     r"我的\s?(?:所有|全部)?(?:客户|customers|clients|accounts)(?!资料|信息|详情|档案)|(?:我|[\u4e00-\u9fffA-Za-z]{2,4})(?:有|负责|跟|管|手上有|名下有)的?(?:哪些|几个|多少|几家)客户|客户(?:列表|清单|名单)|"
     r"(?:所有|全部)(?:的)?客户(?!资料|信息|详情|档案)|(?:名下|手上|手里|负责)的?(?:所有)?客户(?:有哪些|列表|[?？]|$)|"
     r"的客户(?:有哪些|列表|名单|[?？]|呢|$)|有哪些客户"), 6),
)


_MONEY_LATE = re.compile(rf"{L}(?:invoices?|payments?|paid|pay|owes?|owed|receivables?|money){R}|"
                         r"回款|付款|款项|尾款|欠|账款|应收", _F)


_MAKE_CUSTOMER = re.compile(rf"{L}(?:add|new|create|put|set up|setup|register|onboard|enter){R}|"
                            r"新建|新增|添加|加个|加一个|录入|创建|建个", _F)


def _score_list_customers(f: Features, s: Signals, own: float) -> float:
    if own and s.hit(_MAKE_CUSTOMER):
        return own - 6  # "add Crestview Hotels to our customers" creates one
    if own and s.hit(_MONEY_LATE):
        return own - 4  # "有哪些客户逾期未付款": receivables
    if own and s.customer:
        return own - 4  # "星辰的客户资料", "acme's customers": about that customer
    if own and (s.past_verb or f.channels):
        return own - 4  # "Alice最近拜访了哪些客户": her visits
    return own


SPECS = (
    IntentSpec(
        name="log_interaction", command=LogInteraction, writes=True, order=210, required=("customer",),
        scorer=_score_log_interaction, filler=slots_log.log_interaction, help="help.log_interaction",
        examples={"en": ("visited Acme today, met Li Wei, they want a quote by Friday",
                         "called globex, no answer, try again tmr"),
                  "zh": ("今天拜访了星辰,见了王总,对方周五前要报价", "昨天给蓝海物流打了电话 王经理说预算还没批下来")},
        handler="bot.handlers.interactions:LogInteractionHandler",
    ),
    IntentSpec(
        name="create_customer", command=CreateCustomer, writes=True, order=170, required=("name",),
        cues=_CREATE_CUSTOMER, scorer=_score_create_customer, filler=slots_crm.create_customer,
        help="help.create_customer",
        examples={"en": ("new customer Bramble Tea Co, food & beverage, Shanghai",),
                  "zh": ("新客户 松涛纺织有限公司,纺织行业,苏州",)},
        handler="bot.handlers.customers:CreateCustomerHandler",
    ),
    IntentSpec(
        name="add_contact", command=AddContact, writes=True, order=160, required=("contact",),
        cues=_ADD_CONTACT, scorer=_score_add_contact, filler=slots_crm.add_contact, help="help.add_contact",
        examples={"en": ("add contact Li Wei at Acme, CTO, li.wei@acme.com",),
                  "zh": ("星辰加个联系人 王总,总经理,13800138000",)},
        handler="bot.handlers.customers:AddContactHandler",
    ),
    IntentSpec(
        name="query_customer", command=QueryCustomer, writes=False, order=200, cues=_QUERY_CUSTOMER,
        scorer=_score_query_customer, filler=slots_reads.query_customer, help="help.query_customer",
        examples={"en": ("tell me about Acme", "who are our contacts at Acme"),
                  "zh": ("星辰的客户资料", "星辰的情况", "看看蓝海物流", "华东电力怎么样了", "星辰的联系人")},
        handler="bot.handlers.customers:QueryCustomerHandler",
    ),
    IntentSpec(
        name="list_customers", command=ListCustomers, writes=False, order=195, cues=_LIST_CUSTOMERS,
        scorer=_score_list_customers, filler=slots_reads.list_customers, help="help.list_customers",
        examples={"en": ("my customers", "Alice's customers"), "zh": ("我的客户", "张伟的客户有哪些")},
        handler="bot.handlers.customers:ListCustomersHandler",
    ),
)
