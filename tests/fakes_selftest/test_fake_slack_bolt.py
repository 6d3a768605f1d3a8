"""slack-bolt ``AsyncApp`` served on a local aiohttp server, signed requests
from ``slack_events``, Web API calls answered by ``FakeSlack``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond, AsyncSay
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes import FakeSlack, LocalServer
from tests.fakes import slack_events as se

pytestmark = pytest.mark.asyncio

SIGNING_SECRET = "fake-signing-secret"


def build_bolt_app(fake: FakeSlack) -> AsyncApp:
    # AsyncApp has no token_verification_enabled (sync App only): it never
    # calls auth.test at construction, only lazily on the first request.
    client = AsyncWebClient(token=fake.bot_token, base_url=fake.api_url)
    app = AsyncApp(client=client, signing_secret=SIGNING_SECRET)

    @app.event("message")
    async def on_message(event: dict[str, Any], say: AsyncSay, client: AsyncWebClient) -> None:
        if event.get("subtype") == "file_share":  # e.g. a voice clip
            audio = event["files"][0]
            headers = {"Authorization": f"Bearer {client.token}"}
            async with aiohttp.ClientSession() as http, http.get(audio["url_private"], headers=headers) as r:
                data = await r.read()
            await say(f"transcribing {len(data)} bytes")
            return
        profile = (await client.users_info(user=event["user"]))["user"]["profile"]
        await say(
            text=f"hi {profile['email']}: {event['text']}",
            blocks=[
                {"type": "section", "text": {"type": "mrkdwn", "text": "Interested?"}},
                {
                    "type": "actions",
                    "block_id": "deal",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": "buy",
                            "value": "deal-7",
                            "text": {"type": "plain_text", "text": "Buy"},
                        }
                    ],
                },
            ],
        )

    @app.action("buy")
    async def on_buy(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        value = body["actions"][0]["value"]
        await client.chat_update(
            channel=body["container"]["channel_id"], ts=body["message"]["ts"], text=f"Bought {value}"
        )

    @app.event("app_mention")
    async def on_mention(event: dict[str, Any], say: AsyncSay) -> None:
        await say(text="on it", thread_ts=event["ts"])

    @app.event("app_home_opened")
    async def on_home(event: dict[str, Any], client: AsyncWebClient) -> None:
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Pipeline*"}}]
        await client.views_publish(user_id=event["user"], view={"type": "home", "blocks": blocks})

    @app.command("/deal")
    async def on_deal(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        await ack("looking it up")
        await respond(f"deal {command['text']}: 3 open tasks")

    return app


@pytest_asyncio.fixture
async def bolt_url(fake_slack: FakeSlack) -> AsyncIterator[str]:
    app = build_bolt_app(fake_slack)

    async def slack_events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    web_app = web.Application()
    web_app.router.add_post("/slack/events", slack_events)
    server = LocalServer(web_app)
    await server.start()
    try:
        yield f"{server.url}/slack/events"
    finally:
        await server.stop()


async def post(url: str, request: se.SlackRequest, **kwargs: Any) -> se.AppResponse:
    return await se.post_to_app(url, request, SIGNING_SECRET, **kwargs)


async def test_dm_event_button_press_and_update(fake_slack: FakeSlack, bolt_url: str) -> None:
    response = await post(bolt_url, se.event_request(se.message_event("need a quote")))
    assert response.status == 200
    (reply,) = await fake_slack.wait_for_messages(se.dm_channel_for(se.DEFAULT_USER_ID))
    assert reply.text == "hi alice@example.com: need a quote"
    assert reply.button(action_id="buy")["value"] == "deal-7"
    assert [c.method for c in fake_slack.calls[:2]] == ["auth.test", "users.info"]

    press = se.block_actions_request(action_id="buy", value="deal-7", message=reply.message)
    response = await post(bolt_url, press)
    assert response.status == 200  # the ack
    await fake_slack.wait_for_calls("chat.update")
    assert reply.text == "Bought deal-7"
    assert reply.history[0]["text"] == "hi alice@example.com: need a quote"


async def test_signatures_are_enforced(fake_slack: FakeSlack, bolt_url: str) -> None:
    request = se.event_request(se.message_event("hello"))
    for signature in ("wrong", "missing", "stale"):
        response = await post(bolt_url, request, signature=signature)
        assert response.status == 401, signature
    challenge = await post(bolt_url, se.url_verification_request("abc123"))
    assert challenge.status == 200 and challenge.json() == {"challenge": "abc123"}
    assert fake_slack.messages == []


async def test_retries_are_redelivered_and_self_events_ignored(fake_slack: FakeSlack, bolt_url: str) -> None:
    request = se.event_request(se.message_event("dup?"))
    await post(bolt_url, request)
    # Bolt does NOT drop Slack's redeliveries: the app must dedupe (event_id)
    # or ack them based on X-Slack-Retry-Num.
    await post(bolt_url, request, retry_num=1, retry_reason="http_timeout")
    await fake_slack.wait_for_messages(se.dm_channel_for(se.DEFAULT_USER_ID), 2)

    own = se.message_event("my own post", user=se.BOT_USER_ID, channel="C0SALES")
    await post(bolt_url, se.event_request(own))  # bot user id known from auth.test
    await post(bolt_url, se.event_request(se.app_mention_event("price?")))
    (thread_reply,) = await fake_slack.wait_for_messages("C0SALES")
    assert thread_reply.text == "on it" and thread_reply.thread_ts is not None


async def test_home_tab_slash_command_and_voice_clip(fake_slack: FakeSlack, bolt_url: str) -> None:
    await post(bolt_url, se.event_request(se.app_home_opened_event()))
    await fake_slack.wait_until(lambda: fake_slack.home_views.get(se.DEFAULT_USER_ID), what="home view")

    command = se.slash_command_request("/deal", "ACME", response_url=fake_slack.response_url())
    response = await post(bolt_url, command)
    assert response.status == 200 and response.body == "looking it up"
    (posted,) = await fake_slack.wait_for_responses(1)
    assert posted.payload["text"] == "deal ACME: 3 open tasks"

    clip = fake_slack.add_file(b"\x1aE\xdf\xa3" + b"\x00" * 1000)  # webm voice clip
    await post(bolt_url, se.event_request(se.audio_message_event(clip)))
    (reply,) = await fake_slack.wait_for_messages(se.dm_channel_for(se.DEFAULT_USER_ID))
    assert reply.text == "transcribing 1004 bytes"
    assert fake_slack.calls_to("<download>")[0].status == 200
