"""Secrets stay secret: a whole session on both channels with recognisable secrets, then every log line (captured
at DEBUG) and every text and JSON column of the database is searched for them and for the invite codes used."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from sqlalchemy import select

from bot.bootstrap import App
from core.clock import FixedClock
from core.models import Base
from tests.e2e.slack_harness import ALICE as SLACK_ALICE
from tests.e2e.slack_harness import SlackHarness
from tests.e2e.telegram_support import Telegram, eventually
from tests.fakes import DEFAULT_GROUP, DEFAULT_USER, FakeTelegram
from tests.fakes import slack_events as se
from tests.fakes.slack_api import FakeSlack

TELEGRAM_TOKEN = "424242:TOKEN-XYZZY-telegram-0123456789abcdef"
WEBHOOK_SECRET = "WEBHOOK-XYZZY-secret"
SLACK_TOKEN = "xoxb-TOKEN-XYZZY-slack-bot"
SIGNING_SECRET = "SIGNING-XYZZY-secret"
APP_TOKEN = "xapp-TOKEN-XYZZY-app"
LLM_KEY = "sk-XYZZY-llm-api-key"
SECRETS = [TELEGRAM_TOKEN, WEBHOOK_SECRET, SLACK_TOKEN, SIGNING_SECRET, LLM_KEY, "XYZZY"]


def database_text(app: App) -> str:
    """Every value of every column of every table, as text (JSON columns as JSON)."""
    chunks: list[str] = []
    with app.core.system() as system:
        for table in Base.metadata.sorted_tables:
            for row in system.session.execute(select(table)):
                for value in row:
                    chunks.append(json.dumps(value, default=str, ensure_ascii=False) if isinstance(value, dict | list)
                                  else str(value))
    return "\n".join(chunks)


async def test_no_secret_or_invite_code_in_logs_or_database(
        make_app: Callable[..., App], clock: FixedClock, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    telegram_fake = await FakeTelegram.start(token=TELEGRAM_TOKEN)
    slack_fake = await FakeSlack.start(bot_token=SLACK_TOKEN)
    app = make_app(telegram_token=TELEGRAM_TOKEN, telegram_api_url=telegram_fake.root, telegram_mode="polling",
                   telegram_webhook_secret=WEBHOOK_SECRET, slack_bot_token=SLACK_TOKEN,
                   slack_signing_secret=SIGNING_SECRET, slack_api_url=slack_fake.api_url, llm_api_key=LLM_KEY)
    world = Telegram(telegram_fake, app, "polling")
    await world.start()
    assert world.server is not None
    slack = SlackHarness(slack_fake, app, world.server, clock)
    codes: list[str] = []
    try:
        world.add_user("Alice")
        world.add_user("Bob")
        world.add_customer("Alice", "Acme Corp")
        # Telegram: a code refused in a group (it stays valid), then linking privately; a chat; failures.
        refused = world.invite("Bob")
        codes.append(refused)
        await world.deliver(telegram_fake.command_update("start", refused, chat=DEFAULT_GROUP))
        await telegram_fake.wait_for_messages(DEFAULT_GROUP.id, 1)
        code = world.invite("Alice")
        codes.append(code)
        await world.deliver(telegram_fake.command_update("start", code))
        await telegram_fake.wait_for_messages(DEFAULT_USER.id, 1)
        telegram_fake.fail_next("sendMessage", 1, status=502)
        await world.deliver(telegram_fake.text_update("visited Acme today, they want a quote by Friday"))
        await eventually(lambda: any(r.attempts for r in world.outbox_rows()), what="a failed send")
        world.advance(600)
        card = (await telegram_fake.wait_for_messages(DEFAULT_USER.id, 2))[-1]
        telegram_fake.fail_next("sendMessage", 1, status=429, retry_after=3)
        await world.deliver(telegram_fake.callback_update(card, data=card.buttons()[0]["callback_data"]))
        await eventually(lambda: any(r.attempts for r in world.outbox_rows()[-1:]), what="a rate limit")
        world.advance(600)
        await world.wait_outbox_empty()
        # Slack: a wrong code, the right one, a conversation, an unsigned request, the Web API failing.
        wrong = "NotTheCode-0123456789abcd"
        codes.append(wrong)
        async def post(request: se.SlackRequest, signature: se.Signature = "valid") -> None:
            response = await se.post_to_app(slack.url, request, SIGNING_SECRET, signature=signature)
            assert response.status == (200 if signature == "valid" else 401)

        await post(se.event_request(se.message_event(f"link {wrong}")))
        slack_code = world.invite("Bob")
        codes.append(slack_code)
        await post(se.event_request(se.message_event(f"link {slack_code}")))
        await post(se.slash_command_request("/sales", f"link {slack_code}"))
        await post(se.event_request(se.message_event("help")))
        await eventually(lambda: len(slack_fake.messages) >= 4, timeout=10, what="slack replies")
        slack_fake.fail_next("chat.postMessage", 1, status=500, message="fatal_error")
        await post(se.event_request(se.message_event("tell me about Acme")))
        await post(se.event_request(se.message_event("help")), signature="wrong")
        await eventually(lambda: any(r.attempts for r in world.outbox_rows()[-1:]), what="a failed slack send")
        world.advance(600)
        await eventually(lambda: len(slack_fake.messages) >= 5, timeout=10, what="the retried reply")
        await slack.settle(timeout=10)
        assert SLACK_ALICE  # the default Slack user was linked to Bob above
    finally:
        await world.stop()
        await telegram_fake.stop()
        await slack_fake.stop()

    logs = caplog.text + "\n".join(str(r.__dict__) for r in caplog.records)
    stored = database_text(app)
    found_in_logs = [s for s in SECRETS + codes if s in logs]
    found_in_db = [s for s in SECRETS + codes if s in stored]
    leaks = [line[:300] for line in logs.splitlines() if any(s in line for s in found_in_logs)][:5]
    assert found_in_logs == [] and found_in_db == [], (found_in_logs, found_in_db, leaks)
    assert "getUpdates" not in caplog.text or TELEGRAM_TOKEN not in caplog.text
    assert len(stored) > 1000 and len(caplog.records) > 50  # the session did happen
