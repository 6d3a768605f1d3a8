"""Outgoing Slack messages go through the persisted outbox: outages, rate limits, restarts, dead channels."""

from __future__ import annotations

import base64
from datetime import timedelta

from sqlalchemy import select

from bot.messages import IncomingMessage
from bot.serve import build_server
from core.models import OutboxMessage
from core.outbound import Choice, DocumentRef, ImageRef, Reply, reply_payload
from core.services import outbox
from tests.e2e.slack_harness import ALICE, ALICE_DM, SlackHarness, slack
from tests.fakes import slack_events as se

__all__ = ["slack"]

# A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def rows(slack: SlackHarness) -> list[OutboxMessage]:
    with slack.app.core.system() as system:
        session = system.session
        found = list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all())
        session.expunge_all()
        return found


async def linked_and_warm(slack: SlackHarness) -> int:
    """Alice is linked and one exchange happened (the channel knows its identity from auth.test)."""
    alice = slack.add_user("Alice")
    slack.link(alice, ALICE)
    await slack.dm("help")
    await slack.said(1)
    return alice


async def test_an_outage_keeps_the_reply_until_slack_is_back_and_a_restart_sends_nothing_twice(
        slack: SlackHarness) -> None:
    await linked_and_warm(slack)
    slack.fake.set_down(True)
    await slack.dm("help")
    await slack.fake.wait_until(lambda: [c for c in slack.fake.calls_to("chat.postMessage") if c.status == 503],
                                what="a failed post")
    await slack.settle()
    assert len(slack.fake.messages_in(ALICE_DM)) == 1 and slack.unsent() == 1
    waiting = rows(slack)[-1]
    assert waiting.status == "pending" and waiting.attempts == 1 and "503" in (waiting.last_error or "")

    slack.fake.set_down(False)
    slack.clock.advance(timedelta(minutes=6))  # past any backoff
    slack.server.worker.wake()
    assert len(await slack.said(2)) == 2
    assert slack.unsent() == 0

    # A restart (a new server on the same database) finds nothing left to send.
    await slack.server.stop()
    slack.server = build_server(slack.app)
    await slack.server.start()
    assert (await slack.server.worker.deliver_once()).sent == 0
    await slack.settle()
    assert len(slack.fake.messages_in(ALICE_DM)) == 2


async def test_refused_connections_are_retried_not_lost(slack: SlackHarness) -> None:
    await linked_and_warm(slack)
    await slack.fake.refuse_connections()
    try:
        await slack.dm("help")
        await slack.settle()
        (waiting,) = [r for r in rows(slack) if r.status == "pending"]
        assert waiting.attempts == 1
    finally:
        await slack.fake.accept_connections()
    slack.clock.advance(timedelta(minutes=6))
    slack.server.worker.wake()
    assert len(await slack.said(2)) == 2


async def test_a_rate_limit_waits_as_long_as_slack_says(slack: SlackHarness) -> None:
    await linked_and_warm(slack)
    slack.fake.fail_next("chat.postMessage", 1, status=429, retry_after=42)
    await slack.dm("help")
    await slack.fake.wait_until(lambda: [c for c in slack.fake.calls_to("chat.postMessage") if c.status == 429],
                                what="a rate-limited post")
    await slack.settle()
    waiting = rows(slack)[-1]
    assert waiting.status == "pending"
    assert waiting.next_attempt_at == slack.clock.now() + timedelta(seconds=42)
    slack.clock.advance(timedelta(seconds=41))
    assert (await slack.server.worker.deliver_once()).sent == 0
    slack.clock.advance(timedelta(seconds=1))
    assert (await slack.server.worker.deliver_once()).sent == 1
    assert len(slack.fake.messages_in(ALICE_DM)) == 2


async def test_a_channel_that_is_gone_fails_permanently(slack: SlackHarness) -> None:
    await linked_and_warm(slack)
    slack.fake.fail_next("chat.postMessage", 1, status=200, message="channel_not_found")
    await slack.dm("help")
    await slack.fake.wait_until(lambda: len(slack.fake.calls_to("chat.postMessage")) >= 2, what="second post")
    await slack.settle()
    assert rows(slack)[-1].status == "failed" and "channel_not_found" in (rows(slack)[-1].last_error or "")


async def test_an_image_reply_is_shared_with_files_upload_v2(slack: SlackHarness) -> None:
    await linked_and_warm(slack)
    message = IncomingMessage(channel="slack", chat_id=ALICE_DM, sender_id=ALICE, message_id="chart")
    chart = Reply(text="Pipeline by stage", image=ImageRef(data=PNG, filename="pipeline.png", caption="Pipeline"))
    await slack.server.dispatcher.deliver(message, [chart])
    (upload,) = await slack.fake.wait_for_uploads(1)
    assert upload.data == PNG and upload.channel == ALICE_DM and upload.filename == "pipeline.png"
    assert upload.initial_comment == "Pipeline by stage"
    await slack.settle()
    assert [c.method for c in slack.fake.calls if c.method.startswith("files.") or c.method == "<upload>"] == [
        "files.getUploadURLExternal", "<upload>", "files.completeUploadExternal"]
    assert rows(slack)[-1].status == "sent"


async def test_bot_messages_never_ping_anyone(slack: SlackHarness) -> None:
    await linked_and_warm(slack)
    message = IncomingMessage(channel="slack", chat_id=ALICE_DM, sender_id=ALICE, message_id="x")
    await slack.server.dispatcher.deliver(message, [Reply(text="Customer <!channel> & <@U0BOSS>")])
    messages = await slack.said(2)
    assert messages[-1].text == "Customer &lt;!channel&gt; &amp; &lt;@U0BOSS&gt;"
    assert se.BOT_USER_ID not in (messages[-1].text or "")


async def test_a_decision_edits_a_push_card_that_was_addressed_to_the_user_id(slack: SlackHarness) -> None:
    """Pushes go to the user id (Slack puts them in the DM, whose id differs); the decision comes from the DM.
    The card is found by its proposal and its recipient, and edited where it landed."""
    alice = await linked_and_warm(slack)
    card = Reply(text="Follow up with Acme?", proposal_id="p-push-1",
                 choices=[Choice(label="✅ Confirm", action="confirm:p-push-1", fallback="yes")])
    with slack.app.core.system() as system:
        outbox.enqueue(system, channel="slack", chat_id=ALICE, payload=reply_payload(card), user_id=alice)
    slack.server.worker.wake()
    pushed = (await slack.said(2))[-1]
    assert pushed.channel == ALICE_DM and pushed.buttons()
    decided = IncomingMessage(channel="slack", chat_id=ALICE_DM, sender_id=ALICE, message_id="decide")
    await slack.server.dispatcher.deliver(decided, [Reply(text="Done.", resolves="p-push-1")])
    await slack.fake.wait_for_calls("chat.update")
    await slack.said(3)
    assert pushed.buttons() == [] and pushed.text == "Follow up with Acme?"


async def test_a_document_reply_is_shared_as_a_file_and_buttons_stay_on_a_message(slack: SlackHarness) -> None:
    await linked_and_warm(slack)
    message = IncomingMessage(channel="slack", chat_id=ALICE_DM, sender_id=ALICE, message_id="doc")
    pdf = b"%PDF-1.4\n%%EOF\n"
    signed = Reply(text="📎 C-2026-001", document=DocumentRef(data=pdf, filename="signed.pdf",
                                                              media_type="application/pdf"))
    asked = Reply(text="Approve?", choices=[Choice(label="OK", action="confirm:x", fallback="yes")],
                  document=DocumentRef(data=pdf, filename="draft.pdf", media_type="application/pdf"))
    await slack.server.dispatcher.deliver(message, [signed, asked])
    first, second = await slack.fake.wait_for_uploads(2)
    assert (first.data, first.filename, first.initial_comment) == (pdf, "signed.pdf", "📎 C-2026-001")
    assert second.filename == "draft.pdf" and not second.initial_comment
    await slack.settle()
    posted = [m for m in slack.fake.messages if m.text and m.text.startswith("Approve?")]
    assert posted and posted[-1].buttons(), [m.text for m in slack.fake.messages]
    assert [row.status for row in rows(slack)[-2:]] == ["sent", "sent"]
