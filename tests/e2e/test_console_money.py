"""From a signed contract to "who owes us money", through `salesbot chat` (SQLite and
PostgreSQL): the receivables with their aging, an invoice for the first installment (with its printable HTML),
a partial payment, an overpayment asked about and nothing written, and the bad inputs in both languages."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.context import CoreGateway
from core.models import Payment
from core.services import users
from tests.e2e.cli_process import run_salesbot
from tests.integration.money_support import signed_contract

NOW = "2026-11-25T10:00"  # a Wednesday in Shanghai
Talk = Callable[[str, list[str]], str]


@pytest.fixture
def chat(database_url: str, tmp_path: Path, core: CoreGateway) -> Talk:
    env = {"SALESBOT_DATABASE_URL": database_url, "SALESBOT_DATA_DIR": str(tmp_path)}

    def run(*args: str, stdin: str = "") -> str:
        result = run_salesbot(*args, env=env, stdin=stdin, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        return result.stdout

    run("demo")
    with core.system() as system:
        alice = users.find_by_name(system, "Alice")
        assert alice is not None
        alice_id = alice.id
    # Signed in September: 30% was due on 1 Oct (55 days ago), 60% falls due on 20 Dec, 10% on acceptance.
    signed_contract(core, alice_id, "Acme Corp", "500000", signed_on=date(2026, 9, 20),
                    plan="30% on 2026-10-01, 60% on 2026-12-20, 10% on acceptance")
    return lambda user, lines: run("chat", "--as", user, "--now", NOW, stdin="\n".join(lines) + "\n")


def _payments(core: CoreGateway) -> int:
    with core.system() as system:
        return int(system.session.scalar(select(func.count()).select_from(Payment)) or 0)


def test_from_a_signed_contract_to_who_owes_us_money(chat: Talk, core: CoreGateway, tmp_path: Path) -> None:
    out = chat("Alice", [
        "who owes us money",
        "invoice Acme for the first installment",
        "yes",
        "Acme paid 100k yesterday",
        "yes",
        "Acme paid 500k",
        "2",
        "how much does acme still owe us?",
    ])
    owes, rest = out.split("> invoice Acme", 1)
    assert "Receivables: ¥150,000 from 1 customer(s)" in owes and "Acme Corp: ¥150,000 (overdue ¥150,000)" in owes
    assert "31–60 days late ¥150,000" in owes
    invoice, rest = rest.split("> Acme paid 100k", 1)
    assert "Issue invoice · Acme Corp" in invoice and "installment 1 (Installment 1)" in invoice
    assert "¥150,000, 6% VAT included" in invoice
    assert "Invoice INV-2026-0001 issued: ¥150,000" in invoice
    saved = Path(re.findall(r"^(/\S+INV-2026-0001\.html)$", invoice, re.M)[0])
    page = saved.read_text("utf-8")
    assert "INV-2026-0001" in page and "Acme Corp" in page and "150,000.00 CNY" in page and "8,490.57" in page
    payment, rest = rest.split("> Acme paid 500k", 1)
    assert "Record payment · Acme Corp · ¥100,000" in payment and "received Tue 24 Nov" in payment
    assert "→ INV-2026-0001: ¥100,000 of ¥150,000" in payment
    assert "Recorded ¥100,000 from Acme Corp" in payment and "Still owed: ¥400,000." in payment
    over, owed_now = rest.split("> how much does acme", 1)
    assert "owes ¥400,000 in all, but the payment is ¥500,000 — ¥100,000 more" in over
    assert "Overpayment" in over and "Wrong customer" in over
    assert "nothing was recorded" in over
    assert _payments(core) == 1
    assert "Acme Corp owes ¥50,000 (overdue: ¥50,000)" in owed_now
    assert "INV-2026-0001 · ¥50,000 · due Thu 1 Oct" in owed_now and "55 days late" in owed_now
    assert "Installment 2 · ¥300,000 · due Sun 20 Dec" in owed_now
    assert "due when its milestone is done" in owed_now


def test_an_overpayment_kept_as_credit(chat: Talk, core: CoreGateway) -> None:
    out = chat("Alice", ["Acme paid 520k", "1", "yes"])
    assert "¥20,000 more" in out
    assert "left as the customer's credit: ¥20,000" in out
    assert "Acme Corp owes nothing more." in out
    assert _payments(core) == 1


def test_bad_payments_in_english(chat: Talk, core: CoreGateway) -> None:
    out = chat("Alice", ["Globex paid 50k", "Acme paid 0 yuan", "Acme paid -5000", "Zyxwv Ltd paid 10k"])
    globex, rest = out.split("> Acme paid 0", 1)
    assert "Globex Inc has no open invoice or installment to pay — nothing was recorded" in globex
    zero, rest = rest.split("> Acme paid -5000", 1)
    negative, unknown = rest.split("> Zyxwv", 1)
    assert "must be more than zero" in zero and "can't be negative" in negative
    assert "Zyxwv" in unknown and "Record payment" not in unknown
    assert _payments(core) == 0


def test_payments_and_receivables_in_chinese(chat: Talk, core: CoreGateway) -> None:
    with core.system() as system:
        zhang = users.find_by_name(system, "张伟")
        assert zhang is not None
        zhang_id = zhang.id
    # Signed on 1 Nov: the down payment (首付) was due that day, the rest when the project is accepted.
    signed_contract(core, zhang_id, "星辰科技有限公司", "200000", plan="首付30% 尾款70%", signed_on=date(2026, 11, 1))
    out = chat("张伟", ["谁还欠我们钱", "星辰科技回款五万", "确认", "海尔回款2万", "星辰科技回款0元",
                       "星辰科技回款100万", "2", "星辰科技还欠多少"])
    owes, rest = out.split("> 星辰科技回款五万", 1)
    assert "应收款:1个客户,共6万元" in owes and "逾期1–30天 6万元" in owes
    paid, rest = rest.split("> 海尔回款2万", 1)
    assert "登记回款 · 星辰科技有限公司 · 5万元" in paid and "→ 首付:5万元(共6万元)" in paid
    assert "已登记星辰科技有限公司回款5万元" in paid and "仍欠:15万元。" in paid
    unknown, rest = rest.split("> 星辰科技回款0元", 1)
    assert "海尔" in unknown and "登记回款" not in unknown
    zero, rest = rest.split("> 星辰科技回款100万", 1)
    assert "金额必须大于零" in zero
    over, owed_now = rest.split("> 星辰科技还欠多少", 1)
    assert "全部应收为15万元,这笔回款是100万元,多出85万元。是多付了,还是客户弄错了?" in over
    assert "没有记录任何内容" in over
    assert "星辰科技有限公司应收1万元(逾期:1万元)" in owed_now and "尾款 · 14万元 · 里程碑完成后到期" in owed_now
    assert _payments(core) == 1
