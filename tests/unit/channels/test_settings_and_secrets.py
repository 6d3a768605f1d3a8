"""The settings sections (env names unchanged, secrets as SecretStr, bad values as one line) and the redaction
of secrets and invite codes in log records and stored text."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from bot.channels.slack.envelope import envelope, seal_link_code, verified
from bot.channels.telegram.intake import BadUpdate, entry, group_chatter
from bot.settings import Settings
from core import redaction
from core.services.invites import seal
from core.settings import ConfigError

TOKEN = "987654:SECRET-TOKEN-abcdefghijklmnopqrstuvwxyz"


def test_each_package_reads_its_section_under_the_documented_names(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"SALESBOT_TELEGRAM_TOKEN": TOKEN, "SALESBOT_TELEGRAM_MODE": "webhook", "SALESBOT_SLACK_BOT_TOKEN": "xoxb-1",
           "SALESBOT_SLACK_SIGNING_SECRET": "SIG-VALUE-1", "SALESBOT_HTTP_PORT": "9999", "SALESBOT_MAX_UPLOAD_MB": "5",
           "SALESBOT_LLM_PROVIDER": "openai", "SALESBOT_LLM_API_KEY": "sk-1", "SALESBOT_WHISPER_MODEL": "small",
           "SALESBOT_SCHEDULER_ENABLED": "false", "SALESBOT_DEFAULT_LANGUAGE": "en", "SALESBOT_RETRY_AFTER_CAP": "60"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings = Settings(_env_file=None)
    assert settings.channels.telegram.token is not None
    assert settings.channels.telegram.token.get_secret_value() == TOKEN and TOKEN not in repr(settings)
    assert settings.channels.telegram.mode == "webhook" and settings.channels.http_port == 9999
    assert settings.channels.slack.signing_secret is not None and "SIG-VALUE-1" not in str(settings.channels.slack)
    assert settings.channels.max_upload_mb == 5 and settings.channels.retry_after_cap == 60
    assert settings.llm.provider == "openai" and settings.voice.whisper_model == "small"
    assert settings.notifications.scheduler_enabled is False and settings.core.default_language == "en"
    assert sorted(settings.secrets()) == sorted([TOKEN, "xoxb-1", "SIG-VALUE-1", "sk-1"])
    assert not hasattr(settings.core, "telegram_token")  # core holds no channel, speech or LLM settings


def test_a_bad_value_is_one_line_naming_the_variable_never_the_value() -> None:
    with pytest.raises(ConfigError) as bad_port:
        Settings(_env_file=None, http_port="eighty")
    assert str(bad_port.value).startswith("invalid setting SALESBOT_HTTP_PORT:") and "\n" not in str(bad_port.value)
    with pytest.raises(ConfigError, match="SALESBOT_TELEGRAM_MODE"):
        Settings(_env_file=None, telegram_mode="carrier-pigeon")
    with pytest.raises(ConfigError, match="unknown setting"):
        Settings(_env_file=None, telegram_tokn="x")


def test_the_cli_exits_2_with_one_line_on_a_bad_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.cli import main

    monkeypatch.setenv("SALESBOT_HTTP_PORT", "eighty")
    monkeypatch.setenv("SALESBOT_TELEGRAM_TOKEN", TOKEN)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [lines[0]] and "SALESBOT_HTTP_PORT" in lines[0] and TOKEN not in result.output


def test_log_records_never_show_a_secret_or_an_invite_code(caplog: pytest.LogCaptureFixture) -> None:
    redaction.install(["configured-XYZZY-secret"])
    log = logging.getLogger("tests.redaction")
    with caplog.at_level(logging.INFO):
        log.info("GET http://x/bot%s/getUpdates with %s", TOKEN, "configured-XYZZY-secret")
        log.info("user wrote %r", "/start Abcdefgh_ijklmnop-123")
        log.info("xoxb-1234-abcdef and xapp-1-A0-22")
        log.warning("refused %s", "body\nCRITICAL root: forged" + "x" * 10_000)
        try:
            raise RuntimeError(f"failed: https://api.telegram.org/bot{TOKEN}/sendMessage")
        except RuntimeError:
            log.exception("boom")
    text = caplog.text
    assert TOKEN not in text and "configured-XYZZY-secret" not in text and "Abcdefgh_ijklmnop" not in text
    assert "xoxb-1234" not in text and "xapp-1-A0" not in text
    assert "/start [redacted]" in text and "Traceback" in text and "failed:" in text
    assert "\n" not in caplog.records[0].getMessage()
    forged = caplog.records[3].getMessage()
    assert "\n" not in forged and "\\nCRITICAL" in forged and len(forged) < 4100
    assert redaction.redact(f"retry: {TOKEN}") == "retry: [redacted]"


def test_stored_slack_payloads_keep_no_token_response_url_or_invite_code() -> None:
    code = "Q2BpQV55h6JGT-cpaedgsFrL"
    found = envelope({"type": "event_callback", "event_id": "Ev1", "token": "verification-token",
                      "authorizations": [{"team_id": "T"}],
                      "event": {"type": "message", "user": "U1", "channel": "D1", "text": f"link {code}",
                                "blocks": [{"type": "rich_text", "text": code}]}})
    assert found is not None and found.key == "ev:Ev1" and found.sender == "U1" and found.chat == "D1"
    assert code not in str(found) and "verification-token" not in str(found) and "blocks" not in str(found)
    assert found.payload["event"]["text"] == f"link {seal(code)}"
    command = envelope({"command": "/sales", "text": f"link {code}", "user_id": "U1", "channel_id": "C1",
                        "trigger_id": "t1", "token": "verification-token", "response_url": "https://hooks/x"})
    assert command is not None and command.key == "cmd:t1" and code not in str(command)
    assert "hooks" not in str(command) and "verification-token" not in str(command)
    assert seal_link_code("<@U0BOT> link abc") == f"<@U0BOT> link {seal('abc')}"
    assert seal_link_code("link the deal to Acme") == "link the deal to Acme"  # not one word: not a code
    assert envelope({"type": "view_submission"}) is None


def test_signatures_are_checked_without_trusting_any_header() -> None:
    body = b'{"type":"event_callback"}'
    for headers in ({}, {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=1"},
                    {"X-Slack-Request-Timestamp": "9" * 40, "X-Slack-Signature": "v0=1"},
                    {"X-Slack-Request-Timestamp": "1700000000", "X-Slack-Signature": ""}):
        assert verified("secret", body, headers, now=1700000000) is False
    assert verified("", body, {}, now=1) is False


def test_telegram_entries_seal_codes_and_refuse_unreadable_updates() -> None:
    code = "AcCxDxTe4nySjX_lvGPtu2sV"
    update = {"update_id": 7, "message": {"message_id": 3, "date": 1, "chat": {"id": -100, "type": "supergroup"},
                                          "from": {"id": 5, "is_bot": False, "first_name": "A"},
                                          "text": f"/start@salesbot_test_bot {code}"}}
    found = entry(update)
    assert found is not None and found.key == "-100:3" and found.sender_id == "5" and code not in str(found)
    assert found.update["message"]["text"].endswith(seal(code))
    assert entry({"update_id": 8, "edited_message": {}}) is None
    for bad in ({"update_id": 9, "message": {"message_id": 1}}, {"update_id": "x"}, [1],
                {"update_id": 1, "callback_query": {"from": {"id": 1}}}):
        with pytest.raises(BadUpdate):
            entry(bad)


def test_group_chatter_is_recognised_from_the_raw_update() -> None:
    def group(text: str, entities: list[dict[str, object]]) -> dict[str, object]:
        return {"update_id": 1, "message": {"message_id": 1, "date": 1, "chat": {"id": -1, "type": "group"},
                                            "from": {"id": 5}, "text": text, "entities": entities}}

    assert group_chatter(group("my pipeline", []), "salesbot_test_bot", 42)
    mention = "🙂 @salesbot_test_bot help"
    assert not group_chatter(group(mention, [{"type": "mention", "offset": 3, "length": 18}]),
                             "salesbot_test_bot", 42)
    assert not group_chatter(group("/help", [{"type": "bot_command", "offset": 0, "length": 5}]), "x", 42)
    assert group_chatter(group("/help@other_bot", [{"type": "bot_command", "offset": 0, "length": 15}]), "x", 42)
