"""`salesbot token create|list|revoke --as USER` and `salesbot webhook add|list|remove` on a real database: the
token is printed once (in the user's language) and is never shown again; secrets never reach a log line."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from core.context import CoreGateway
from core.redaction import redact
from core.services import api_tokens
from tests.factories import add_user

TOKEN = re.compile(r"sb_[0-9a-f]{12}_[A-Za-z0-9_-]+")
SECRET = re.compile(r"whsec_[A-Za-z0-9_-]+")


@pytest.fixture
def run(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("SALESBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("SALESBOT_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # no stray .env
    return CliRunner()


def test_token_lifecycle_from_the_command_line(run: CliRunner, core: CoreGateway) -> None:
    alice = add_user(core, "Alice", lang="en")
    add_user(core, "Wang", lang="zh")
    created = run.invoke(main, ["token", "create", "crm-sync", "--as", "Alice"])
    assert created.exit_code == 0, created.output
    assert "shown only once" in created.output
    (token,) = TOKEN.findall(created.output)
    zh = run.invoke(main, ["token", "create", "同步", "--as", "Wang"])
    assert "只显示这一次" in zh.output
    with core.system() as system:
        assert api_tokens.authenticate(system, token) == alice.id
    listed = run.invoke(main, ["token", "list", "--as", "Alice"])
    assert "crm-sync" in listed.output and "active" in listed.output
    assert token not in listed.output  # never shown again
    assert run.invoke(main, ["token", "list", "--as", "Wang"]).output.count("\n") == 1  # only Wang's own
    again = run.invoke(main, ["token", "create", "crm-sync", "--as", "Alice"])
    assert again.exit_code != 0 and "already have an API token named crm-sync" in again.output
    revoked = run.invoke(main, ["token", "revoke", "crm-sync", "--as", "Alice"])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    with core.system() as system:
        assert api_tokens.authenticate(system, token) is None
    assert "revoked" in run.invoke(main, ["token", "list", "--as", "Alice"]).output
    assert run.invoke(main, ["token", "revoke", "crm-sync", "--as", "Alice"]).exit_code != 0
    assert run.invoke(main, ["token", "create", "x", "--as", "Nobody"]).exit_code != 0


def test_webhook_subscriptions_from_the_command_line(run: CliRunner, core: CoreGateway) -> None:
    added = run.invoke(main, ["webhook", "add", "https://erp.example.com/hooks",
                              "--events", "deal.won,payment.received"])
    assert added.exit_code == 0, added.output
    assert len(SECRET.findall(added.output)) == 1
    listed = run.invoke(main, ["webhook", "list"])
    assert "https://erp.example.com/hooks" in listed.output and "deal.won,payment.received" in listed.output
    assert "whsec_" not in listed.output
    bad = run.invoke(main, ["webhook", "add", "https://x.example", "--events", "deal.lost"])
    assert bad.exit_code != 0 and "deal.lost" in bad.output
    assert run.invoke(main, ["webhook", "add", "ftp://x.example", "--events", "deal.won"]).exit_code != 0
    assert run.invoke(main, ["webhook", "remove", "1"]).exit_code == 0
    assert "没有 webhook" in run.invoke(main, ["webhook", "list"]).output  # the team default language (zh)


def test_tokens_and_webhook_secrets_are_masked_in_logs(caplog: pytest.LogCaptureFixture) -> None:
    token = "sb_0123456789ab_" + "x" * 43
    secret = "whsec_" + "y" * 43
    assert token not in redact(f"Authorization: Bearer {token}")
    assert secret not in redact(f"signing with {secret}")
    from core.redaction import install

    install()
    with caplog.at_level(logging.INFO):
        logging.getLogger("salesbot.test").info("request with %s and %s", token, secret)
    assert token not in caplog.text and secret not in caplog.text
