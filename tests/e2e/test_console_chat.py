"""Whole conversations scripted through `salesbot chat` (tests/e2e/cli_process.py), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.cli_process import CliResult, run_salesbot

NOW = "2026-11-25T10:00"  # a Wednesday in Shanghai
Run = Callable[..., CliResult]


@pytest.fixture
def salesbot(database_url: str, tmp_path: Path) -> Run:
    env = {"SALESBOT_DATABASE_URL": database_url, "SALESBOT_DATA_DIR": str(tmp_path)}

    def run(*args: str, stdin: str = "", extra_env: dict[str, str] | None = None) -> CliResult:
        return run_salesbot(*args, env={**env, **(extra_env or {})}, stdin=stdin, cwd=tmp_path)

    return run


@pytest.fixture
def chat(salesbot: Run) -> Callable[[str, list[str]], str]:
    demo = salesbot("demo")
    assert demo.returncode == 0, demo.stderr

    def talk(user: str, lines: list[str]) -> str:
        result = salesbot("chat", "--as", user, "--now", NOW, stdin="\n".join(lines) + "\n")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        return result.stdout

    return talk


def test_log_a_visit_confirm_and_see_it_everywhere(chat: Callable[[str, list[str]], str]) -> None:
    out = chat("Alice", [
        "visited acme today, met Li Wei, they want a quote by Friday, budget 500k",
        "1",
        "what's on friday",
        "tell me about acme",
    ])
    card, rest = out.split("> 1", 1)
    assert "Log visit · Acme Corp" in card and "Li Wei" in card and "Fri 27 Nov" in card
    assert "[1] ✅ Confirm" in card
    assert "Logged for Acme Corp." in rest and "Follow-up task" in rest
    tasks, acme = rest.split("> tell me about acme", 1)
    assert "Fri 27 Nov" in tasks
    assert "🏢 Acme Corp" in acme and "Li Wei" in acme and "ERP rollout" in acme


def test_create_a_deal_move_it_and_read_the_pipeline(chat: Callable[[str, list[str]], str]) -> None:
    out = chat("Alice", [
        "new deal for Globex, WMS expansion, 300k, closing end of month",
        "yes",
        "move it to negotiation",
        "yes",
        "my pipeline",
    ])
    assert "New deal" in out and "Globex Inc" in out and "Mon 30 Nov" in out
    assert "→ negotiation" in out and "now negotiation" in out
    pipeline = out.split("> my pipeline", 1)[1]
    assert "Your pipeline" in pipeline and "negotiation" in pipeline


def test_chinese_user_gets_chinese_replies_and_confirms_with_a_word(chat: Callable[[str, list[str]], str]) -> None:
    out = chat("张伟", ["今天拜访了星辰 王总说下周二前要方案", "确认", "我的待办"])
    assert "记录拜访 · 星辰科技有限公司" in out
    assert "12月1日(周二)" in out
    assert "已记录到 星辰科技有限公司" in out


def test_reps_cannot_see_each_others_customers(chat: Callable[[str, list[str]], str]) -> None:
    out = chat("张伟", ["acme的情况"])
    # The owned-customer answer: the name only (names are known to everyone), nothing about it.
    assert "其他同事负责" in out
    assert "Li Wei" not in out and "ERP" not in out and "Manufacturing" not in out and "Emma Zhou" not in out
    out = chat("Alice", ["tell me about 星辰"])
    assert "王总" not in out and "数据平台" not in out


def test_undo_reverts_the_last_change(chat: Callable[[str, list[str]], str]) -> None:
    out = chat("Alice", [
        "new customer Zenith Labs, biotech, Shenzhen",
        "yes",
        "undo",
        "yes",
        "tell me about zenith labs",
    ])
    assert "Created customer Zenith Labs." in out
    assert "Undone" in out
    assert "🏢 Zenith Labs" not in out.split("> tell me about zenith labs", 1)[1]


def test_cancel_and_bad_values_write_nothing(chat: Callable[[str, list[str]], str]) -> None:
    out = chat("Alice", ["new deal for Acme, amount -5k", "new customer Foo Bar", "no", "tell me about foo bar"])
    assert "Created" not in out
    assert "can't be negative" in out.split("> new customer Foo Bar", 1)[0]
    assert "nothing was saved" in out


def test_unknown_user_is_told_how_to_get_access(chat: Callable[[str, list[str]], str]) -> None:
    out = chat("Mallory", ["my pipeline"])
    assert "don't know you yet" in out and "Acme" not in out


def test_database_unreachable_is_one_clear_line(salesbot: Run) -> None:
    result = salesbot("user", "list", extra_env={"SALESBOT_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/x"})
    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot reach the database")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_database_not_migrated_is_one_clear_line(salesbot: Run, tmp_path: Path) -> None:
    env = {"SALESBOT_DATABASE_URL": f"sqlite:///{tmp_path}/empty.db", "SALESBOT_AUTO_MIGRATE": "false"}
    result = salesbot("user", "list", extra_env=env)
    assert result.returncode == 2
    assert "salesbot db upgrade" in result.stderr and "Traceback" not in result.stderr
    upgraded = salesbot("db", "upgrade", extra_env=env)
    assert upgraded.returncode == 0
    assert salesbot("user", "list", extra_env=env).returncode == 0
