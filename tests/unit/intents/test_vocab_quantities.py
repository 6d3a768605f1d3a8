"""Stages, channels, report kinds, durations, percentages, e-mails and phone numbers."""

from __future__ import annotations

import pytest

from bot.intents.lexers.quantities import find_emails, find_hours, find_percents, find_phones
from bot.intents.lexers.vocab import find_channel, find_report_kind, find_stage


@pytest.mark.parametrize(("text", "stage"), [
    ("moved to negotiation", "negotiation"), ("in negotation", "negotiation"), ("谈判中", "negotiation"),
    ("初步接触", "qualified"), ("方案报价阶段", "proposal"), ("proposal stage", "proposal"), ("签约了", "won"),
    ("赢单", "won"), ("成交了", "won"), ("closed won", "won"), ("丢单了", "lost"), ("输单", "lost"),
    ("瑞丰那单黄了", "lost"), ("closed lost", "lost"), ("线索", "lead"), ("just a lead", "lead"),
    ("moved from proposal to negotiation", "negotiation"), ("qualified", "qualified"),
])
def test_stages(text: str, stage: str) -> None:
    found = find_stage(text)
    assert found is not None and found.value == stage


@pytest.mark.parametrize(("text", "channel"), [
    ("visited acme", "visit"), ("拜访了星辰", "visit"), ("onsite at stark", "visit"), ("called globex", "call"),
    ("rang hooli", "call"), ("打了电话", "call"), ("emailed stark", "email"), ("发邮件", "email"),
    ("mtg w/ northwind", "meeting"), ("开了个会", "meeting"), ("视频会议", "meeting"), ("texted mike", "message"),
    ("微信说", "message"), ("quick wechat", "message"), ("call了一下", "call"), ("开了个meeting", "meeting"),
])
def test_channels(text: str, channel: str) -> None:
    found = find_channel(text)
    assert found is not None and found.value == channel


@pytest.mark.parametrize(("text", "kind"), [
    ("sales funnel", "funnel"), ("销售漏斗", "funnel"), ("leaderboard", "ranking"), ("团队业绩排名", "ranking"),
    ("q4 forecast", "forecast"), ("销售预测", "forecast"), ("win rate", "win_rate"), ("close rate", "win_rate"),
    ("赢单率", "win_rate"), ("profit margins", "profit"), ("项目利润率", "profit"), ("CLV", "clv"),
    ("customer lifetime value", "clv"), ("客户生命周期价值", "clv"), ("AR aging", "aging"), ("账龄", "aging"),
])
def test_report_kinds(text: str, kind: str) -> None:
    found = find_report_kind(text)
    assert found is not None and found.value == kind


@pytest.mark.parametrize(("text", "hours"), [
    ("spent 2h", 2), ("90 minutes", 1.5), ("90 min", 1.5), ("3 hrs", 3), ("45 mins", 0.75), ("half an hour", 0.5),
    ("半小时", 0.5), ("两个半小时", 2.5), ("一个半小时", 1.5), ("3个小时", 3), ("30分钟", 0.5), ("花了3h", 3),
    ("1 hour 30 minutes", 1.5),
])
def test_hours(text: str, hours: float) -> None:
    found = find_hours(text)
    assert found is not None and found.value == pytest.approx(hours)


@pytest.mark.parametrize(("text", "value"), [("60%", 60), ("40 percent", 40), ("百分之四十", 40), ("把握70%", 70),
                                             ("七成", 70), ("百分之八十五", 85)])
def test_percents(text: str, value: float) -> None:
    assert [p.value for p in find_percents(text)] == [value]


def test_emails_and_phones() -> None:
    text = "mike.chen@contoso.com, +1 415 555 0199, 手机15900002222, 电话021-55556666, tel 186 0000 3333"
    assert [e.value for e in find_emails(text)] == ["mike.chen@contoso.com"]
    assert [p.value for p in find_phones(text)] == ["+1 415 555 0199", "15900002222", "021-55556666", "186 0000 3333"]
