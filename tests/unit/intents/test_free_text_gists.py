"""Free-text slots as short gists (our own examples): a task without the reminder wrapper or the customer that
has its own slot, a summary without lead-ins or the parts that became other slots, the next step as the action.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.intents.base import Parsed


def check(parse: Callable[[str], Parsed], text: str, intent: str, expected: dict[str, Any]) -> None:
    parsed = parse(text)
    assert parsed.command.intent == intent, (text, parsed)
    slots = parsed.command.slots()
    for name, value in expected.items():
        if value is None:
            assert name not in slots, (text, name, slots)
        else:
            assert slots.get(name) == value, (text, name, slots)


@pytest.mark.parametrize(("text", "expected"), [
    ("remind me to send apex dynamics the revised SOW on friday",
     {"task": "send the revised SOW", "customer": "Apex Dynamics", "due": "2026-11-27"}),
    ("remind me in 2 days to follow up w/ granite bank", {"task": "follow up", "customer": "Granite Bank"}),
    ("todo: draft the renewal for lumen energy by friday", {"task": "draft the renewal", "customer": "Lumen Energy"}),
    ("提醒我后天给天虹商场寄样品", {"task": "寄样品", "customer": "天虹商场", "due": "2026-11-27"}),
    # the person after the customer keeps its 给: "给刘老师回电话"
    ("明天下午两点提醒我给博远教育刘老师回电话", {"task": "给刘老师回电话", "due": "2026-11-26T14:00"}),
    # only the due date leaves the task
    ("today 8pm remind me to prep tomorrow's demo deck",
     {"task": "prep tomorrow's demo deck", "due": "2026-11-25T20:00"}),
    ("need to chase juniper labs on the invoice this fri, put it on my list",
     {"task": "chase on the invoice", "customer": "Juniper Labs", "due": "2026-11-27"}),
])
def test_task_is_what_to_do(parse: Callable[[str], Parsed], text: str, expected: dict[str, Any]) -> None:
    check(parse, text, "create_task", expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("log 3h on the juniper labs data migration", {"task": "data migration", "customer": "Juniper Labs"}),
    ("给天虹商场做培训花了两个小时 记一下工时", {"task": "做培训", "customer": "天虹商场", "hours": 2}),
    ("trained the keystone retail team for 2 hours, log it", {"task": "trained the team"}),
])
def test_logged_time_task(full_parse: Callable[[str], Parsed], text: str, expected: dict[str, Any]) -> None:
    check(full_parse, text, "log_time", expected)  # log_time is written, not registered: the full contract


@pytest.mark.parametrize(("text", "task"), [
    ("printed the brochures, you can close that task", "printed the brochures"),
    ("样品寄了 任务关掉吧", "寄样品"),  # named verb first
    ("把 send invoice 标成 done", "send invoice"),
])
def test_completed_task_is_the_clause_that_names_it(parse: Callable[[str], Parsed], text: str, task: str) -> None:
    check(parse, text, "complete_task", {"task": task})


@pytest.mark.parametrize(("text", "expected"), [
    # who said it, and the budget that became `amount`, are not the gist
    ("visited 远航物流, 他们说明年要扩仓 预算大概两百万", {"summary": "明年要扩仓", "amount": 2000000}),
    ("跟金石资本的李总电话沟通了一下 他说合同下周能签", {"summary": "合同下周能签", "contact": "李总"}),
    ("called granite bank, spoke to Ana in finance - they're happy with the pilot, budget around 50k",
     {"summary": "happy with the pilot", "contact": "Ana", "amount": 50000}),
    ("just got off the phone with juniper labs and um she said they are still evaluating two vendors",
     {"summary": "still evaluating two vendors", "channel": "call"}),
    ("Maria from apex dynamics texted 🙏 Maria wants a call back tomorrow",
     {"summary": "wants a call back", "contact": "Maria", "follow_up": "2026-11-26"}),
    ("跟天虹商场的 Lisa 微信聊了下 she said 预算 around 500k", {"summary": "预算 around 500k", "contact": "Lisa"}),
    ("拜访华夏银行 见了李总和技术负责人 对方明确说竞品便宜20%", {"summary": "竞品便宜20%", "contact": "李总"}),
    # leftovers of the header and of the follow-up date are no story
    ("博远教育那边回复邮件了 要求补充发票 后天之前", {"summary": "要求补充发票", "follow_up": "2026-11-27"}),
    # a name that is the subject of something else stays
    ("brightwave media emailed - they need the deck before the 3rd, Tom presents to the board that day",
     {"summary": "they need the deck, Tom presents to the board that day", "follow_up": "2026-12-03"}),
    # our own next step leaves the story
    ("emailed keystone retail, they need the security review done, i need to send the pen test report by thursday",
     {"summary": "they need the security review done", "next_step": "send the pen test report",
      "follow_up": "2026-11-26"}),
    ("东方电气 电话沟通 需要重新报价", {"next_step": "重新报价"}),
    ("华夏银行来电 要我们下周一前把报价单发过去", {"next_step": "发报价单", "follow_up": "2026-11-30"}),
])
def test_summary_is_the_gist(parse: Callable[[str], Parsed], text: str, expected: dict[str, Any]) -> None:
    check(parse, text, "log_interaction", expected)


def test_the_follow_up_is_the_date_an_action_is_attached_to(parse: Callable[[str], Parsed]) -> None:
    check(parse, "quick call w lumen energy: board meets on the 2nd, decision after that. call them back on the 4th",
          "log_interaction", {"follow_up": "2026-12-04", "next_step": "call them back",
                              "summary": "board meets on the 2nd, decision after that"})


def test_a_weekday_in_the_clause_that_tells_what_happened_is_when(parse: Callable[[str], Parsed]) -> None:
    check(parse, "met juniper labs at their office on Monday, reviewed the rollout plan", "log_interaction",
          {"date": "2026-11-23", "channel": "visit", "follow_up": None, "summary": "reviewed the rollout plan"})


def test_daily_report_keeps_report_words_inside_the_report(parse: Callable[[str], Parsed]) -> None:
    check(parse, "提交日报 上午拜访了天虹商场 下午写方案", "daily_report", {"summary": "上午拜访了天虹商场 下午写方案"})
    check(parse, "generate today's daily report", "daily_report", {"summary": None})


@pytest.mark.parametrize(("text", "title"), [
    ("signed with granite bank, 60k contract for lobby kiosks, pls record it", "lobby kiosks"),
    ("新建商机 新客户白岭矿业 矿区调度 30万", "矿区调度"),
    ("log a new deal for a company not in the system yet, Ferro Tools, tooling audit, 40k", "tooling audit"),
])
def test_deal_and_contract_titles(full_parse: Callable[[str], Parsed], text: str, title: str) -> None:
    assert full_parse(text).command.slots().get("title") == title  # contracts: the full contract
