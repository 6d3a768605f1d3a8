"""Bad and hostile input through the real /slack/events endpoint: signatures, redeliveries, strangers, bots."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

import aiohttp
import pytest

from bot.bootstrap import App
from core.clock import FixedClock
from core.models import AuditLog, ChatIdentity, Customer, InboundMessage, OutboxMessage
from core.services import customers, deals
from tests.e2e.slack_harness import ALICE, ALICE_DM, SlackHarness, slack, start_slack
from tests.fakes import slack_events as se
from tests.fakes.slack_api import FakeSlack

__all__ = ["slack"]

STRANGER = "U0STRANGER"


@pytest.mark.parametrize("signature", ["wrong", "missing", "stale"])
async def test_unsigned_or_replayed_requests_get_401_and_nothing_is_stored(slack: SlackHarness,
                                                                          signature: str) -> None:
    alice = slack.add_user("Alice")
    slack.link(alice, ALICE)
    requests = [
        se.event_request(se.message_event("help")),
        se.event_request(se.app_mention_event("my pipeline")),
        se.block_actions_request(action_id="salesbot:0", value='{"a":"confirm:x","f":"yes"}'),
        se.slash_command_request("/sales", "pipeline"),
        se.event_request(se.app_home_opened_event()),
    ]
    for request in requests:
        response = await slack.post(request, signature=signature)
        assert response.status == 401, (signature, request.body[:80])
    await slack.settle()
    assert slack.count(InboundMessage) == 0 and slack.count(OutboxMessage) == 0
    assert slack.fake.messages == [] and slack.fake.home_views == {}
    assert slack.fake.calls == []  # not even auth.test: Bolt checks the signature first


async def test_a_redelivered_event_is_processed_and_answered_once(slack: SlackHarness) -> None:
    alice = slack.add_user("Alice")
    slack.link(alice, ALICE)
    request = se.event_request(se.message_event("help"), event_id="Ev0REDELIVER")
    assert (await slack.post(request)).status == 200
    for attempt in (1, 2):  # Slack retries when it thinks the first ack was late
        assert (await slack.post(request, retry_num=attempt, retry_reason="http_timeout")).status == 200
    replies = await slack.said(1)
    assert len(replies) == 1
    assert slack.count(InboundMessage) == 1


async def test_a_mention_in_the_bots_dm_is_answered_once(slack: SlackHarness) -> None:
    """The same DM message may come as message.im and as app_mention (two event ids)."""
    alice = slack.add_user("Alice")
    slack.link(alice, ALICE)
    ts = se.new_ts()
    text = f"<@{se.BOT_USER_ID}> help"
    await slack.post(se.event_request(se.message_event(text, ts=ts)))
    await slack.post(se.event_request(se.app_mention_event(text, channel=ALICE_DM, ts=ts)))
    assert len(await slack.said(1)) == 1
    # Both events are stored (before anything could fail); one is answered, the other was not for us.
    assert sorted(row.status for row in slack.inbound()) == ["ignored", "processed"]


async def test_channel_messages_without_a_mention_and_bot_posts_are_ignored(slack: SlackHarness) -> None:
    alice = slack.add_user("Alice")
    slack.link(alice, ALICE)
    await slack.post(se.event_request(se.message_event("my pipeline", channel="C0SALES", channel_type="channel")))
    own = se.message_event("a card", user=se.BOT_USER_ID)
    await slack.post(se.event_request(own))
    other_bot = {**se.message_event("beep"), "bot_id": "B0OTHER", "subtype": "bot_message"}
    await slack.post(se.event_request(other_bot))
    edited = {**se.message_event("x"), "subtype": "message_changed"}
    await slack.post(se.event_request(edited))
    await slack.settle()
    assert slack.fake.messages == []
    # Stored first, then found not to be for us: kept only as an id (for redeliveries), not what was said.
    rows = slack.inbound()
    assert len(rows) == 4 and {row.status for row in rows} == {"ignored"}
    assert all(row.text is None and row.raw == {} for row in rows)


async def test_an_unlinked_account_learns_how_to_get_access_and_nothing_else(slack: SlackHarness) -> None:
    alice = slack.add_user("Alice")
    slack.link(alice, ALICE)
    with slack.app.core.unit(alice) as ctx:
        acme = customers.create(ctx, "Acme Corp")
        deals.create(ctx, acme.id, "ERP rollout", stage="proposal")
    slack.fake.add_user(STRANGER, name="mallory", email="mallory@example.com")
    stranger_dm = se.dm_channel_for(STRANGER)
    audited = slack.count(AuditLog)
    await slack.dm("tell me about Acme", user=STRANGER)
    await slack.post(se.event_request(se.app_mention_event("my pipeline", user=STRANGER)))
    await slack.post(se.slash_command_request("/sales", "pipeline", user=STRANGER,
                                              response_url=slack.fake.response_url()))
    replies = await slack.said(3, stranger_dm)
    assert len(replies) == 3
    for reply in replies:
        assert "link CODE" in (reply.text or "")
        assert "Acme" not in (reply.text or "") and "Alice" not in (reply.text or "") and not reply.buttons()
    assert slack.fake.messages_in("C0SALES") == []  # nothing posted in the channel
    assert slack.count(ChatIdentity, ChatIdentity.platform_user_id == STRANGER) == 0
    assert slack.count(AuditLog) == audited
    statuses = {row.status for row in slack.inbound()}
    assert statuses == {"rejected"}


async def test_a_wrong_invite_code_links_nothing(slack: SlackHarness) -> None:
    alice = slack.add_user("Alice")
    slack.invite(alice)
    await slack.dm("link not-the-code", user=STRANGER)
    (reply,) = await slack.said(1, se.dm_channel_for(STRANGER))
    assert "Alice" not in (reply.text or "")
    assert slack.count(ChatIdentity) == 0
    # The code a user typed is not kept in the inbox: only its seal (a hash).
    (row,) = slack.inbound()
    assert "not-the-code" not in str(row.text) + str(row.raw) and (row.text or "").startswith("link sha256:")


async def test_buttons_we_did_not_render_are_ignored(slack: SlackHarness) -> None:
    alice = slack.add_user("Alice")
    slack.link(alice, ALICE)
    foreign = se.block_actions_request(action_id="salesbot:0", value="not-ours")
    assert (await slack.post(foreign)).status == 200
    await slack.settle()
    assert slack.fake.messages == [] and slack.count(Customer) == 0



async def _raw_post(url: str, body: bytes, headers: dict[str, str]) -> int:
    async with aiohttp.ClientSession() as session, session.post(url, data=body, headers=headers) as response:
        return response.status


async def test_unsigned_garbage_costs_one_short_line_and_never_a_traceback(
        slack: SlackHarness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    forged = b'{"type":"event_callback"}\nCRITICAL root: forged line ' + b"x" * 200
    bodies = [
        (b"{bad", {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"}),
        (b"{bad", {}),
        (b"[" * 100_000 + b"]" * 100_000, {"X-Slack-Request-Timestamp": str(int(time.time())),
                                            "X-Slack-Signature": "v0=" + "0" * 64}),
        (forged, {"X-Slack-Request-Timestamp": "1" * 40, "X-Slack-Signature": "v0=zz"}),
    ]
    before = len(caplog.records)
    for body, headers in bodies:
        status = await _raw_post(slack.url, body, {"Content-Type": "application/json", **headers})
        assert status == 401
    for _ in range(5):  # big unsigned posts: refused without reading them into the log
        assert await _raw_post(slack.url, b"A" * (2 * 1024 * 1024 - 100), {}) == 401
    assert await _raw_post(slack.url, b"A" * (3 * 1024 * 1024), {}) == 413
    records = caplog.records[before:]
    assert len(records) <= len(bodies) + 6
    for record in records:
        message = record.getMessage()
        assert "\n" not in message and len(message) < 200 and record.exc_info is None
        assert "forged" not in message and "AAAA" not in message
    assert "Traceback" not in caplog.text
    assert slack.count(InboundMessage) == 0


async def test_signed_but_malformed_bodies_get_400(slack: SlackHarness, caplog: pytest.LogCaptureFixture) -> None:
    for body in ("{bad", "[" * 100_000 + "]" * 100_000, "[1, 2]", "payload=%7Bbad"):
        content_type = "application/x-www-form-urlencoded" if body.startswith("payload") else "application/json"
        response = await slack.post(se.SlackRequest(body, content_type))
        assert response.status == 400, body[:20]
    assert "Traceback" not in caplog.text
    assert slack.count(InboundMessage) == 0


async def test_idle_and_half_sent_connections_are_closed(make_app: Callable[..., App], fake_slack: FakeSlack,
                                                          clock: FixedClock) -> None:
    harness = await start_slack(make_app, fake_slack, clock, http_keepalive_timeout=0.3)
    try:
        for opening in (b"", b"POST /slack/events HTTP/1.1\r\nHost: x\r\n"):
            reader, writer = await asyncio.open_connection("127.0.0.1", harness.server.port)
            writer.write(opening)
            await writer.drain()
            started = asyncio.get_running_loop().time()
            data = await asyncio.wait_for(reader.read(), timeout=10)  # b"" (or a 4xx) once the server closes it
            assert asyncio.get_running_loop().time() - started < 5
            assert data == b"" or data.startswith(b"HTTP/1.1 4")
            writer.close()
    finally:
        await harness.server.stop()
