"""A photo or PDF shared with the bot in Slack (downloaded with the bot token) becomes an attachment of the
customer talked about; a file too big is refused before download."""

from __future__ import annotations

from collections.abc import Callable

from bot.bootstrap import App
from core.clock import FixedClock
from core.services import attachments, conversation, customers
from tests.e2e.slack_harness import ALICE, ALICE_DM, SlackHarness, slack, start_slack
from tests.fakes import slack_events as se
from tests.fakes.slack_api import FakeSlack

__all__ = ["slack"]

JPEG = b"\xff\xd8\xff\xe0" + b"\x01" * 200


def alice_on_acme(slack: SlackHarness) -> tuple[int, int]:
    alice = slack.add_user("Alice")
    slack.link(alice, ALICE)
    with slack.app.core.unit(alice) as ctx:
        acme = customers.create(ctx, "Acme Corp").id
        conversation.Conversation(ctx, "slack", ALICE_DM).remember(conversation.Memory(customer_id=acme))
    return alice, acme


async def test_a_shared_photo_is_kept_on_the_customer(slack: SlackHarness) -> None:
    alice, acme = alice_on_acme(slack)
    photo = slack.fake.add_file(JPEG, name="site.jpg", mimetype="image/jpeg", filetype="jpg", subtype=None)
    await slack.post(se.event_request(se.message_event("", files=[photo])))
    (reply,) = await slack.said(1)
    assert reply.text == "📎 Kept site.jpg on Acme Corp's file."
    (download,) = slack.fake.calls_to("<download>")
    assert download.headers["Authorization"] == f"Bearer {slack.fake.bot_token}"
    with slack.app.core.reading(alice) as ctx:
        assert [a.filename for a in attachments.of_customer(ctx, acme)] == ["site.jpg"]


async def test_a_file_over_the_limit_is_not_downloaded(make_app: Callable[..., App], fake_slack: FakeSlack,
                                                       clock: FixedClock) -> None:
    harness = await start_slack(make_app, fake_slack, clock, max_upload_mb=1)
    try:
        alice_on_acme(harness)
        big = harness.fake.add_file(b"%PDF-" + b"0" * (2 * 1024 * 1024), name="scan.pdf",
                                    mimetype="application/pdf", filetype="pdf", subtype=None)
        await harness.post(se.event_request(se.message_event("", files=[big])))
        (reply,) = await harness.said(1)
        assert "1 MB" in (reply.text or "") and harness.fake.calls_to("<download>") == []
    finally:
        await harness.server.stop()
