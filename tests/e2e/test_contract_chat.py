"""Lead to contract through `salesbot chat` (SQLite and PostgreSQL): "we won Acme" → a contract
for Acme → the manager approves → finance approves → sent for signature → signed; with the bad input on the way
(an amount other than the deal's, approving twice or without the right, an illegal move, an unknown customer)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.cli_process import run_salesbot

NOW = "2026-11-25T10:00"
Talk = Callable[[str, list[str]], str]


@pytest.fixture
def chat(database_url: str, tmp_path: Path) -> Talk:
    env = {"SALESBOT_DATABASE_URL": database_url, "SALESBOT_DATA_DIR": str(tmp_path)}

    def run(*args: str, stdin: str = "") -> str:
        result = run_salesbot(*args, env=env, stdin=stdin, cwd=tmp_path)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        return result.stdout

    run("demo")
    run("user", "add", "Fay", "--role", "finance", "--team", "华东销售部", "--lang", "en")
    return lambda user, lines: run("chat", "--as", user, "--now", NOW, stdin="\n".join(lines) + "\n")


def test_won_deal_to_signed_contract(chat: Talk) -> None:
    out = chat("Alice", ["we won the Acme ERP rollout", "yes", "new contract for Acme 450k", "yes"])
    assert "now won" in out
    card = out.split("> new contract for Acme 450k", 1)[1]
    assert "New contract · Acme Corp" in card and "from the won deal" in card  # warned, not refused:
    assert "the won deal is ¥500,000, the contract says ¥450,000" in card
    assert "C-2026-001" in card and "sent for approval to 王芳" in card

    # Alice cannot approve her own contract; the manager sees it waiting and approves it.
    assert "not yours to decide" in chat("Alice", ["approve contract C-2026-001"])
    out = chat("王芳", ["待我审批的", "批准合同C-2026-001", "确认"])
    assert "待你审批(1)" in out and "C-2026-001" in out
    assert "你已批准" in out and "Fay" in out
    twice = chat("王芳", ["批准合同C-2026-001"])
    assert "已经审批过了" in twice

    # Sending before finance approved is an illegal move, said plainly.
    early = chat("Alice", ["send contract C-2026-001 for signature"])
    assert "waiting for approval: only an approved contract can be sent for signature" in early

    out = chat("Fay", ["what's waiting for my approval?", "approve contract C-2026-001", "yes"])
    assert "You approved" in out and "fully approved" in out and "Alice" in out

    out = chat("Alice", ["send contract C-2026-001 for signature", "yes", "the Acme contract is signed", "yes"])
    assert "is out for signature" in out and "is signed" in out
    assert "signed → " not in out


def test_reject_asks_why_and_unknown_customer_is_said(chat: Talk) -> None:
    chat("Alice", ["new contract for Acme, support renewal, 120k", "yes"])
    out = chat("王芳", ["驳回合同C-2026-001", "价格太低", "确认"])
    assert "驳回" in out and "理由" in out and "价格太低" in out and "你已驳回" in out
    out = chat("Alice", ["new contract for Hooli 300k"])
    assert "Hooli" in out and "Confirm" not in out
    rep = chat("张伟", ["批准合同C-2026-001"])
    assert "C-2026-001" in rep and "确认" not in rep  # another team's rep: not found, no card


def test_from_we_won_acme_to_who_owes_us_money(chat: Talk) -> None:
    """The whole lead-to-cash path in one story: the win starts a project, the contract carries its plan, two
    approvals, signature, money comes in, and the receivables show what is left."""
    out = chat("Alice", ["we won the Acme ERP rollout", "yes", "how is the Acme project", "2"])
    assert "now won" in out and "Project “ERP rollout” created" in out
    status = out.split("> 2", 1)[1]  # Acme has two projects (the demo's pilot too): the user picks
    assert "ERP rollout · Acme Corp" in status and "gantt" in status
    out = chat("Alice", ["new contract for Acme ERP rollout 500k, 30% on signing, 70% on 2026-12-31", "yes"])
    assert "¥150,000 (signing)" in out and "¥350,000" in out and "C-2026-001" in out
    chat("王芳", ["批准合同C-2026-001", "确认"])
    chat("Fay", ["approve contract C-2026-001", "yes"])
    out = chat("Alice", ["send contract C-2026-001 for signature", "yes", "the Acme contract is signed", "yes"])
    assert "is signed" in out
    out = chat("Fay", ["received 150k from Acme today", "yes", "who owes us money"])
    paid, owed = out.split("> who owes us money", 1)
    assert "Acme" in paid and "¥150,000" in paid
    assert "Nobody owes us money" in owed  # the first installment is paid; the second is not invoiced yet
    out = chat("Fay", ["invoice Acme for the last installment", "yes", "who owes us money"])
    invoiced, owed = out.split("> who owes us money", 1)
    assert "INV-2026-0002" in invoiced and "¥350,000" in invoiced
    assert "Acme Corp" in owed and "¥350,000" in owed and "¥500,000" not in owed
