"""Installment reminders through the real engine on both databases: coming due (3 days ahead, to the customer's
owner), overdue and unpaid (to the owner and to finance), once per due day, and not said once paid."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.context import CoreGateway
from core.services import payments
from tests.integration.money_support import customer, signed_contract
from tests.notify_helpers import notes, person, texts, tick

SH = ZoneInfo("Asia/Shanghai")
CALM = ["suggestion", "daily_report", "deal_stale", "digest_daily", "digest_weekly"]


def test_installments_coming_due_and_overdue(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", mute=CALM, batching=False)
    fay = person(core, "Fay", "finance", telegram="200", mute=CALM, batching=False)
    person(core, "Bob", telegram="300", mute=CALM, batching=False)  # another rep hears nothing of Acme's money
    signed_contract(core, alice.id, "Acme Corp", "200000", plan="50% on 2026-11-24, 50% on 2026-11-28")
    report = tick(core, datetime(2026, 11, 25, 10, 0, tzinfo=SH))
    assert report.queued == 3
    due, overdue = notes(core, "installment_due"), notes(core, "installment_overdue")
    assert [(n.user_id, n.params["due_on"]) for n in due] == [(alice.id, "2026-11-28")]
    assert sorted((n.user_id, n.params["due_on"]) for n in overdue) == [(alice.id, "2026-11-24"),
                                                                        (fay.id, "2026-11-24")]
    said = "\n".join(texts(core))
    assert "Acme Corp: Installment 2 of contract HT-" in said and "falls due Sat 28 Nov" in said
    assert "was due Tue 24 Nov and is still unpaid (1 days)" in said
    assert tick(core, datetime(2026, 11, 25, 11, 0, tzinfo=SH)).queued == 0  # once per due day


def test_a_paid_installment_is_not_reminded(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", mute=CALM, batching=False)
    signed_contract(core, alice.id, "Acme Corp", "200000", plan="50% on 2026-11-24, 50% on 2027-03-01")
    acme = customer(core, alice.id, "Acme Corp")
    with core.unit(alice.id) as ctx:
        payments.record(ctx, acme, Decimal("100000"))
    assert tick(core, datetime(2026, 11, 25, 10, 0, tzinfo=SH)).queued == 0
    assert notes(core, "installment_overdue") == []


def test_chinese_reminder(core: CoreGateway) -> None:
    zhang = person(core, "张伟", telegram="100", lang="zh", mute=CALM, batching=False)
    signed_contract(core, zhang.id, "星辰科技", "100000", plan="首付30% 2026年11月28日, 尾款70% 2027年3月1日")
    assert tick(core, datetime(2026, 11, 25, 10, 0, tzinfo=SH)).queued == 1
    said = "\n".join(texts(core))
    assert "星辰科技:合同HT-" in said and "的首付(3万元)将于11月28日" in said


def test_the_manager_digest_carries_the_teams_receivables(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", mute=[*CALM, "installment_due", "installment_overdue"])
    zed = person(core, "Zed", team="North", telegram="300", mute=[*CALM, "installment_due", "installment_overdue"])
    person(core, "Wang", role="manager", telegram="900", lang="zh",
           mute=["suggestion", "deal_stale", "task_due", "installment_due", "installment_overdue"])
    signed_contract(core, alice.id, "Acme Corp", "200000", plan="50% on 2026-10-01, 50% on 2027-03-01")
    signed_contract(core, zed.id, "Northco", "900000", plan="100% on 2026-11-01")  # another team's money
    tick(core, datetime(2026, 11, 25, 8, 30, tzinfo=SH))
    [digest] = [text for text in texts(core) if text.startswith("📊")]
    assert "💰 应收款:10万元(逾期10万元)" in digest and "31–60天 10万元" in digest
    assert "Acme Corp:逾期10万元" in digest and "Northco" not in digest
