"""Voice clips and audio files (downloaded with the bot token), and files the bot cannot use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from bot.bootstrap import App
from bot.channels.slack.files import SlackFiles
from bot.messages import AudioRef
from bot.voice_jobs.fetch import FetchError
from core.clock import FixedClock
from core.i18n import t
from core.models import InboundMessage
from tests.e2e.slack_harness import ALICE, ALICE_DM, SlackHarness, slack, start_slack
from tests.fakes import LocalServer
from tests.fakes import slack_events as se
from tests.fakes.slack_api import FakeSlack
from tests.speech import TRANSCRIPTION_WAIT

__all__ = ["slack"]

AUDIO = Path(__file__).resolve().parents[1] / "data" / "audio"


def linked(slack: SlackHarness) -> None:
    alice = slack.add_user("Alice")
    slack.link(alice, ALICE)


async def test_a_voice_clip_is_downloaded_with_the_bot_token_and_answered(slack: SlackHarness) -> None:
    linked(slack)
    clip = slack.fake.add_file((AUDIO / "en_short.webm").read_bytes())
    await slack.post(se.event_request(se.audio_message_event(clip)))
    await slack.fake.wait_for_messages(ALICE_DM, 2, timeout=TRANSCRIPTION_WAIT)  # a real transcription runs
    ack, result = await slack.said(2)
    assert (ack.text or "").startswith("🎙")
    assert result.text  # the transcription job's answer (a proposal or a clear refusal)
    (download,) = slack.fake.calls_to("<download>")
    assert download.status == 200 and download.headers["Authorization"] == f"Bearer {slack.fake.bot_token}"
    (row,) = slack.inbound()
    assert row.status == "processed"


async def test_an_audio_file_stub_is_completed_with_files_info(slack: SlackHarness) -> None:
    linked(slack)
    info = slack.fake.add_file((AUDIO / "en_short.mp3").read_bytes(), name="visit.mp3", mimetype="audio/mpeg",
                               filetype="mp3", subtype=None)
    stub = {"id": info["id"], "file_access": "check_file_info"}
    await slack.post(se.event_request(se.message_event("", files=[stub])))
    # "transcribing…", then the job's answer (a real transcription): it has downloaded the file by then.
    await slack.fake.wait_for_messages(ALICE_DM, 2, timeout=TRANSCRIPTION_WAIT)
    await slack.said(2)
    assert slack.fake.calls_to("files.info") and slack.fake.calls_to("<download>")


async def test_an_oversized_file_gets_a_clear_reply_and_is_not_downloaded(
        make_app: Callable[..., App], fake_slack: FakeSlack, clock: FixedClock) -> None:
    harness = await start_slack(make_app, fake_slack, clock, max_upload_mb=1)
    try:
        linked(harness)
        big = fake_slack.add_file(b"\0" * (1024 * 1024 + 1))
        await harness.post(se.event_request(se.audio_message_event(big)))
        (reply,) = await harness.said(1)
        assert "1 MB" in (reply.text or "")
        assert fake_slack.calls_to("<download>") == []
    finally:
        await harness.server.stop()


async def test_an_unsupported_file_gets_a_clear_reply(slack: SlackHarness) -> None:
    linked(slack)
    # (Photos and PDFs are evidence to attach: tests/e2e/test_slack_attachments.py.)
    archive = slack.fake.add_file(b"PK\x03\x04", name="quote.zip", mimetype="application/zip", filetype="zip",
                                  subtype=None)
    await slack.post(se.event_request(se.message_event("", files=[archive])))
    (reply,) = await slack.said(1)
    assert "not supported" in (reply.text or "") or "isn't supported" in (reply.text or "")
    assert slack.fake.calls_to("<download>") == []


async def test_text_with_an_unsupported_file_still_answers_the_text(slack: SlackHarness) -> None:
    linked(slack)
    photo = slack.fake.add_file(b"\x89PNG", name="card.png", mimetype="image/png", filetype="png", subtype=None)
    await slack.post(se.event_request(se.message_event("help", files=[photo])))
    help_reply, note = await slack.said(2)
    assert "visit" in (help_reply.text or "").lower() and "supported" in (note.text or "")


async def test_a_failed_download_gets_a_clear_reply(slack: SlackHarness) -> None:
    linked(slack)
    clip = slack.fake.add_file(b"audio")
    slack.fake.fail_next("<download>", 1, status=404, message="file_not_found")
    await slack.post(se.event_request(se.audio_message_event(clip)))
    _ack, reply = await slack.said(2)
    assert reply.text == t("en", "voice.error.fetch_failed")


async def test_a_stranger_sending_audio_gets_only_the_access_reply(slack: SlackHarness) -> None:
    clip = slack.fake.add_file(b"audio", user="U0STRANGER")
    await slack.post(se.event_request(se.audio_message_event(clip, user="U0STRANGER")))
    (reply,) = await slack.said(1, se.dm_channel_for("U0STRANGER"))
    assert "link" in (reply.text or "")  # in the default language (zh): nothing tells us theirs
    assert slack.fake.calls_to("<download>") == []
    assert slack.count(InboundMessage, InboundMessage.status == "rejected") == 1


async def test_slacks_html_login_page_is_not_taken_for_audio() -> None:
    """Real Slack answers a url_private request it does not accept with its login page, status 200."""

    async def login_page(_: web.Request) -> web.Response:
        return web.Response(text="<html>Sign in to Slack</html>", content_type="text/html")

    app = web.Application()
    app.router.add_get("/files-pri/x", login_page)
    server = LocalServer(app)
    await server.start()
    try:
        from slack_sdk.web.async_client import AsyncWebClient

        files = SlackFiles(AsyncWebClient(token="xoxb-test"), max_upload_mb=1)
        try:
            await files.fetch(AudioRef(url=f"{server.url}/files-pri/x"))
        except FetchError as exc:
            assert "HTML" in str(exc)
        else:
            raise AssertionError("an HTML page was accepted as audio")
    finally:
        await server.stop()
