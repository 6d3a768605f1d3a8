"""A Slack voice clip through the real slack-bolt app and the fake Web API: the voice job downloads it with the
bot token (the channel's `fetch_audio`) and answers in the DM with the proposal."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from core.i18n import t
from core.models import VoiceJob
from core.services import customers
from tests.e2e.slack_harness import ALICE, ALICE_DM, SlackHarness, slack
from tests.fakes import slack_events as se
from tests.speech import TRANSCRIPTION_WAIT, WER_VISIT, reference, wer

__all__ = ["slack"]

AUDIO = Path(__file__).resolve().parents[1] / "data" / "audio"


async def test_a_slack_clip_is_fetched_with_the_token_and_ends_as_a_proposal(slack: SlackHarness) -> None:
    alice = slack.add_user("Alice")
    slack.link(alice, ALICE)
    with slack.app.core.unit(alice) as ctx:
        customers.create(ctx, "Northwind Traders Ltd")
    clip = slack.fake.add_file((AUDIO / "en_visit.m4a").read_bytes(), name="audio_message.m4a",
                               mimetype="audio/mp4", filetype="m4a")
    await slack.post(se.event_request(se.audio_message_event(clip)))
    await slack.fake.wait_for_messages(ALICE_DM, 2, timeout=TRANSCRIPTION_WAIT)
    ack, card = await slack.said(2)
    assert ack.text == t("en", "voice.received")
    assert "Log visit · Northwind Traders Ltd" in (card.text or "") and "🎙" in (card.text or "")
    downloads = slack.fake.calls_to("<download>")
    assert len(downloads) == 1  # fetched once, by the job
    assert all(d.headers["Authorization"] == f"Bearer {slack.fake.bot_token}" for d in downloads)
    with slack.app.core.system() as system:
        session = system.session
        job = session.scalars(select(VoiceJob)).one()
        assert (job.status, job.source_url) == ("done", None)
        assert wer(reference("en_visit"), job.transcript or "") <= WER_VISIT, job.transcript
