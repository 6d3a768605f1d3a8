"""slack_sdk ``AsyncWebClient`` directly against ``FakeSlack``: uploads,
private downloads, rate limits and outages."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes import FakeSlack
from tests.fakes import slack_events as se

pytestmark = pytest.mark.asyncio


def client_for(fake: FakeSlack, **kwargs: object) -> AsyncWebClient:
    return AsyncWebClient(token=fake.bot_token, base_url=fake.api_url, **kwargs)  # type: ignore[arg-type]


async def test_files_upload_v2_and_private_download(fake_slack: FakeSlack) -> None:
    client = client_for(fake_slack)
    result = await client.files_upload_v2(
        channel="D0USER",
        content=b"%PDF-1.4 offer",
        filename="offer.pdf",
        title="Offer",
        initial_comment="here",
    )
    assert [c.method for c in fake_slack.calls] == [
        "files.getUploadURLExternal",
        "<upload>",
        "files.completeUploadExternal",
    ]
    (upload,) = fake_slack.uploads
    assert (upload.channel, upload.title, upload.data) == ("D0USER", "Offer", b"%PDF-1.4 offer")
    assert upload.initial_comment == "here"
    file_obj = result["file"]
    assert file_obj["id"] == upload.file_id

    info = await client.files_info(file=upload.file_id)
    url = info["file"]["url_private_download"]
    async with aiohttp.ClientSession() as http:
        async with http.get(url) as anonymous:
            assert anonymous.status == 401
        async with http.get(url, headers={"Authorization": f"Bearer {fake_slack.bot_token}"}) as authed:
            assert authed.status == 200 and await authed.read() == b"%PDF-1.4 offer"


async def test_misc_methods(fake_slack: FakeSlack) -> None:
    client = client_for(fake_slack)
    fake_slack.add_user("U0BOB", name="bob", email="bob@example.com")
    assert (await client.users_info(user="U0BOB"))["user"]["profile"]["email"] == "bob@example.com"
    with pytest.raises(SlackApiError) as missing:
        await client.users_info(user="U0NOBODY")
    assert missing.value.response["error"] == "user_not_found"
    channel = (await client.conversations_open(users="U0BOB"))["channel"]["id"]
    await client.chat_postEphemeral(channel=channel, user="U0BOB", text="only you")
    assert fake_slack.ephemeral[0].ephemeral_user == "U0BOB"
    with pytest.raises(SlackApiError, match="invalid_auth"):
        await AsyncWebClient(token="xoxb-wrong", base_url=fake_slack.api_url).auth_test()


async def test_429_surfaces_as_slack_api_error_by_default(fake_slack: FakeSlack) -> None:
    client = client_for(fake_slack)  # default retry handlers: connection errors only
    fake_slack.fail_next("chat.postMessage", 1, status=429, retry_after=30)
    with pytest.raises(SlackApiError) as caught:
        await client.chat_postMessage(channel="C0SALES", text="hi")
    response = caught.value.response
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "30"
    assert response["error"] == "ratelimited"
    await client.chat_postMessage(channel="C0SALES", text="hi")  # next one passes
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [429, 200]


async def test_opt_in_rate_limit_retry_handler_waits_retry_after(fake_slack: FakeSlack) -> None:
    client = client_for(fake_slack, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)])
    # It sleeps Retry-After + random(0..1) s; 0 keeps the test fast.
    fake_slack.fail_next("chat.postMessage", 1, status=429, retry_after=0)
    await client.chat_postMessage(channel="C0SALES", text="hi")
    first, second = fake_slack.calls_to("chat.postMessage")
    assert (first.status, second.status) == (429, 200)


async def test_outages(fake_slack: FakeSlack) -> None:
    client = client_for(fake_slack)
    fake_slack.set_down(True)
    with pytest.raises(SlackApiError) as caught:
        await client.chat_postMessage(channel="C0SALES", text="hi")
    assert caught.value.response.status_code == 503
    fake_slack.set_down(False)

    await fake_slack.refuse_connections()
    # The default AsyncConnectionErrorRetryHandler retries once (after ~0.5 s),
    # then the raw aiohttp error escapes -- it is NOT a SlackApiError.
    (handler,) = client.retry_handlers
    retries: list[int] = []
    real_prepare = handler.prepare_for_next_attempt_async

    async def counting_prepare(**kwargs: Any) -> None:
        retries.append(kwargs["state"].current_attempt)
        await real_prepare(**kwargs)

    handler.prepare_for_next_attempt_async = counting_prepare  # type: ignore[method-assign]
    with pytest.raises(aiohttp.ClientConnectionError):
        await client.chat_postMessage(channel="C0SALES", text="hi")
    assert retries == [0]  # one retry, then the error
    await fake_slack.accept_connections()
    await client.chat_postMessage(channel="C0SALES", text="back")
    assert [m.text for m in fake_slack.messages_in("C0SALES")] == ["back"]
    assert se.TEAM_ID in fake_slack.response_url()
