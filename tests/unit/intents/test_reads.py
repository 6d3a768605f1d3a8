"""The reads reps and managers ask for, class by class, in English and Chinese: periods, overdue, a colleague's work,
a customer at a glance or its contacts, "my customers", who has not reported, what the team did — and the writes
that look like them and must stay writes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.intents.base import ParseContext, Parsed
from bot.intents.rules import RuleParser

from .conftest import DATA, NOW, TZ, names_from


@pytest.fixture(scope="module")
def ask() -> Callable[[str], Parsed]:
    parser = RuleParser()
    context = ParseContext(now=NOW, timezone=TZ, customer_names=names_from(DATA / "customers.txt"))
    return lambda text: parser.parse(text, context)


def check(ask: Callable[[str], Parsed], text: str, intent: str, slots: dict[str, Any]) -> None:
    parsed = ask(text)
    assert parsed.command.intent == intent, (text, parsed)
    assert parsed.confidence >= 0.6, (text, parsed)  # answered, not asked about
    assert parsed.command.slots() == slots, (text, parsed.command.slots())


NOV = {"closing_from": "2026-11-01", "close_date": "2026-11-30"}
DEC = {"closing_from": "2026-12-01", "close_date": "2026-12-31"}
WON_NOV = {"stage": "won", "moved_from": "2026-11-01", "moved_until": "2026-11-30"}
THIS_WEEK = {"due": "2026-11-23", "due_until": "2026-11-29"}
NEXT_WEEK = {"due": "2026-11-30", "due_until": "2026-12-06"}


@pytest.mark.parametrize(("text", "slots"), [
    ("what's closing next month", DEC),
    ("deals closing this month?", NOV),
    ("which opps close in december", DEC),
    ("deals closing by dec 15", {"close_date": "2026-12-15"}),
    ("下个月要签的单子", DEC),
    ("12月要签的单子有哪些", DEC),
    ("下个月 closing 的 deals", DEC),
])
def test_closing_in_a_period(ask: Callable[[str], Parsed], text: str, slots: dict[str, Any]) -> None:
    check(ask, text, "query_deals", slots)


@pytest.mark.parametrize(("text", "slots"), [
    ("what did we win this month", WON_NOV),
    ("deals we closed this month", WON_NOV),
    ("这个月赢单的", WON_NOV),
    ("本月签了哪些单子", WON_NOV),
    ("this month 赢单的", WON_NOV),
    ("上个月丢了哪些单", {"stage": "lost", "moved_from": "2026-10-01", "moved_until": "2026-10-31"}),
])
def test_won_or_lost_in_a_period_reads_the_stage_history(ask: Callable[[str], Parsed], text: str,
                                                         slots: dict[str, Any]) -> None:
    check(ask, text, "query_deals", slots)


@pytest.mark.parametrize(("text", "intent", "slots"), [
    ("Alice的单子", "query_deals", {"person": "Alice"}),
    ("张伟的单子", "query_deals", {"person": "张伟"}),
    ("show me 张伟's pipeline", "query_deals", {"person": "张伟"}),
    ("Bob's pipeline", "query_deals", {"person": "Bob"}),
    ("pipeline for jenny pls", "query_deals", {"person": "Jenny"}),
    ("看看李娜的商机", "query_deals", {"person": "李娜"}),
    ("刘洋手上有哪些单子", "query_deals", {"person": "刘洋"}),
    ("Alice的任务", "list_tasks", {"person": "Alice"}),
    ("alice's tasks", "list_tasks", {"person": "Alice"}),
    ("tasks for bob", "list_tasks", {"person": "Bob"}),
    ("李娜这周有什么任务", "list_tasks", {"person": "李娜", **THIS_WEEK}),
    ("xiaoming's tasks", "list_tasks", {"person": "Xiaoming"}),  # any name before someone's work
    ("小王的任务", "list_tasks", {"person": "小王"}),
    ("老李的单子", "query_deals", {"person": "老李"}),
    ("alice's customers", "list_customers", {"person": "Alice"}),
    ("张伟的客户有哪些", "list_customers", {"person": "张伟"}),
    ("看看Alice的日报", "query_reports", {"person": "Alice"}),
    ("Alice最近拜访了哪些客户", "query_activity", {"person": "Alice", "channel": "visit"}),
    ("who did alice visit this week", "query_activity",
     {"person": "Alice", "channel": "visit", "since": "2026-11-23", "until": "2026-11-29"}),
])
def test_a_colleagues_work_names_the_person(ask: Callable[[str], Parsed], text: str, intent: str,
                                            slots: dict[str, Any]) -> None:
    check(ask, text, intent, slots)


@pytest.mark.parametrize(("text", "slots"), [
    ("globex deals", {"customer": "Globex Inc"}),
    ("蓝海物流的单子", {"customer": "蓝海物流"}),
    ("acme's deals", {"customer": "Acme Corp"}),  # a customer's possessive is the customer, never a person
])
def test_a_customers_deals(ask: Callable[[str], Parsed], text: str, slots: dict[str, Any]) -> None:
    check(ask, text, "query_deals", slots)


@pytest.mark.parametrize(("text", "slots"), [
    ("pipeline by rep", {"by_rep": True}),
    ("show the pipeline per salesperson", {"by_rep": True}),
    ("按销售看一下管道", {"by_rep": True}),
    ("每个人的单子情况", {"by_rep": True}),
])
def test_pipeline_by_rep(ask: Callable[[str], Parsed], text: str, slots: dict[str, Any]) -> None:
    check(ask, text, "query_deals", slots)


@pytest.mark.parametrize(("text", "slots"), [
    ("overdue tasks", {"overdue": True}),
    ("whats overdue", {"overdue": True}),
    ("what am i behind on", {"overdue": True}),
    ("逾期的任务", {"overdue": True}),
    ("哪些任务逾期了", {"overdue": True}),
    ("tasks next week", NEXT_WEEK),
    ("tasks this week", THIS_WEEK),
    ("这周的任务", THIS_WEEK),
    ("下周的安排", NEXT_WEEK),
    ("what do i have tmr", {"due": "2026-11-26"}),
    ("acme tasks", {"customer": "Acme Corp"}),
    ("蓝海物流的任务", {"customer": "蓝海物流"}),
])
def test_task_lists_with_filters(ask: Callable[[str], Parsed], text: str, slots: dict[str, Any]) -> None:
    check(ask, text, "list_tasks", slots)


@pytest.mark.parametrize(("text", "slots"), [
    ("星辰的情况", {"customer": "星辰科技有限公司"}),
    ("看看蓝海物流", {"customer": "蓝海物流"}),
    ("华东电力怎么样了", {"customer": "华东电力集团"}),
    ("how's initech doing", {"customer": "Initech"}),
    ("金桥的联系人", {"customer": "金桥建设集团", "part": "contacts"}),
    ("who are our contacts at acme", {"customer": "Acme Corp", "part": "contacts"}),
    ("globex contacts", {"customer": "Globex Inc", "part": "contacts"}),
    ("瑞丰金融的跟进记录", {"customer": "瑞丰金融服务有限公司", "part": "interactions"}),
])
def test_a_customer_at_a_glance_or_its_contacts(ask: Callable[[str], Parsed], text: str,
                                               slots: dict[str, Any]) -> None:
    parsed = ask(text)
    assert parsed.command.intent == "query_customer" and parsed.confidence >= 0.6, (text, parsed)
    got = parsed.command.slots()
    assert got.get("part") == slots.get("part"), (text, got)


@pytest.mark.parametrize("text", ["my customers", "list my clients", "我的客户", "我有哪些客户", "客户列表",
                                  "我的 customers"])
def test_my_customers(ask: Callable[[str], Parsed], text: str) -> None:
    check(ask, text, "list_customers", {})


@pytest.mark.parametrize(("text", "slots"), [
    ("who hasn't sent a daily report", {}),
    ("who hasn't sent a daily report today", {"day": "2026-11-25"}),
    ("has everyone sent their daily report", {}),
    ("谁还没交日报", {}),
    ("昨天谁没写日报", {"day": "2026-11-24"}),
    ("日报都交了吗", {}),
])
def test_who_has_not_reported_is_a_question_not_a_report(ask: Callable[[str], Parsed], text: str,
                                                         slots: dict[str, Any]) -> None:
    check(ask, text, "query_reports", slots)


@pytest.mark.parametrize(("text", "slots"), [
    ("what did the team do today", {"since": "2026-11-25", "until": "2026-11-25"}),
    ("今天团队做了什么", {"since": "2026-11-25", "until": "2026-11-25"}),
    ("my visits last week", {"channel": "visit", "since": "2026-11-16", "until": "2026-11-22"}),
    ("我这周拜访了几家客户", {"channel": "visit", "since": "2026-11-23", "until": "2026-11-29"}),
])
def test_what_was_logged(ask: Callable[[str], Parsed], text: str, slots: dict[str, Any]) -> None:
    check(ask, text, "query_activity", slots)


@pytest.mark.parametrize(("text", "intent"), [
    ("daily report: visited acme", "daily_report"),
    ("submit my daily report", "daily_report"),
    ("generate today's daily report", "daily_report"),
    ("今天的日报", "daily_report"),
    ("remind me to check bob's tasks tomorrow", "create_task"),
    ("明天的任务：给蓝海物流打电话", "create_task"),
    ("明天提醒我跟进一下星辰", "create_task"),
    ("task: call acme next week", "create_task"),
    ("add Crestview Hotels to our customers", "create_customer"),
    ("add contact at globex: Jim, CFO", "add_contact"),
    ("contact for acme: Dr. Alan Grant, CMO, agrant@acme.example", "add_contact"),
    ("星辰的单子进入谈判", "update_deal"),
    ("visited globex, they're closing next month", "log_interaction"),
    ("拜访了蓝海物流 聊了下个月的方案", "log_interaction"),
])
def test_writes_that_look_like_reads_stay_writes(ask: Callable[[str], Parsed], text: str, intent: str) -> None:
    assert ask(text).command.intent == intent, (text, ask(text))


@pytest.mark.parametrize("text", ["show overdue invoices", "overdue payments?", "有哪些客户逾期未付款",
                                  "查一下所有逾期未回款的客户"])
def test_money_that_is_late_is_no_task_list(ask: Callable[[str], Parsed], text: str) -> None:
    assert ask(text).command.intent not in ("list_tasks", "list_customers"), (text, ask(text))
