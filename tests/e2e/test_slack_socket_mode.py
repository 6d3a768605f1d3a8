"""Socket Mode is chosen when SALESBOT_SLACK_APP_TOKEN is set (the fakes cannot speak it, so no connection), and
acknowledges an envelope only once it is stored."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.bootstrap import App
from bot.channels.slack import SlackChannel
from bot.serve import build_server
from core.services import users
from tests.fakes import slack_events as se
from tests.fakes.slack_api import FakeSlack


async def test_the_app_token_selects_socket_mode_and_no_http_route(
        make_app: Callable[..., App], fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> None:
    connected: list[AsyncSocketModeHandler] = []
    closed: list[AsyncSocketModeHandler] = []

    async def connect(self: AsyncSocketModeHandler) -> None:
        connected.append(self)

    async def close(self: AsyncSocketModeHandler) -> None:
        closed.append(self)

    monkeypatch.setattr(AsyncSocketModeHandler, "connect_async", connect)
    monkeypatch.setattr(AsyncSocketModeHandler, "close_async", close)
    app = make_app(slack_bot_token=fake_slack.bot_token, slack_app_token="xapp-1-A0FAKE-1-fake",
                   slack_api_url=fake_slack.api_url)  # no signing secret: Socket Mode does not need one
    server = build_server(app)
    channel = server.channels["slack"]
    assert isinstance(channel, SlackChannel) and channel.mode == "socket"
    await server.start()
    try:
        assert len(connected) == 1 and connected[0].app is channel.bolt
        assert connected[0].app_token == "xapp-1-A0FAKE-1-fake"
        async with aiohttp.ClientSession() as http:
            base = f"http://127.0.0.1:{server.port}"
            async with http.post(f"{base}/slack/events", data=b"{}") as response:
                assert response.status in (404, 405)
            async with http.get(f"{base}/healthz") as response:
                assert response.status == 200
    finally:
        await server.stop()
    assert closed == connected
    assert fake_slack.calls == []  # nothing was called while starting


def test_http_events_are_the_default_and_need_the_signing_secret(make_app: Callable[..., App]) -> None:
    app = make_app(slack_bot_token="xoxb-1", slack_signing_secret="s")
    channel = build_server(app).channels["slack"]
    assert isinstance(channel, SlackChannel) and channel.mode == "http"
    with pytest.raises(ValueError, match="SIGNING_SECRET"):
        build_server(make_app(slack_bot_token="xoxb-1"))


def test_nothing_connects_at_import_or_construction(make_app: Callable[..., App]) -> None:
    app = make_app(slack_bot_token="xoxb-1", slack_signing_secret="s", slack_api_url="http://127.0.0.1:9/api/")
    server = build_server(app)  # outside an event loop, with an unreachable API: must not fail
    channel: Any = server.channels["slack"]
    assert channel.socket is None


class _Client:
    """What the handler sees of slack_sdk's SocketModeClient: where the acks go."""

    def __init__(self) -> None:
        self.acks: list[SocketModeResponse] = []

    async def send_socket_mode_response(self, response: SocketModeResponse) -> None:
        self.acks.append(response)


async def test_socket_mode_acks_an_envelope_only_once_it_is_stored(
        make_app: Callable[..., App], fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AsyncSocketModeHandler, "connect_async", lambda self: asyncio.sleep(0))
    monkeypatch.setattr(AsyncSocketModeHandler, "close_async", lambda self: asyncio.sleep(0))
    app = make_app(slack_bot_token=fake_slack.bot_token, slack_app_token="xapp-1-A0FAKE-1-fake",
                   slack_api_url=fake_slack.api_url)
    with app.core.system() as system:
        alice = users.add_user(system, "Alice", role="rep", team="East", language="en")
        users.link(system, alice, "slack", se.DEFAULT_USER_ID)
    server = build_server(app)
    channel = server.channels["slack"]
    assert isinstance(channel, SlackChannel)
    await server.start()
    try:
        handler = channel.socket
        assert handler is not None
        client = _Client()
        payload = se.event_callback(se.message_event("help"), event_id="Ev0SOCKET")

        real_store = channel.backlog.store

        async def down(**_: Any) -> int | None:
            raise OSError("database unreachable")

        monkeypatch.setattr(channel.backlog, "store", down)
        await handler.handle(client, SocketModeRequest(type="events_api", envelope_id="env-1", payload=payload))
        assert client.acks == []  # not stored, not acknowledged: Slack sends it again
        monkeypatch.setattr(channel.backlog, "store", real_store)
        await handler.handle(client, SocketModeRequest(type="events_api", envelope_id="env-1", payload=payload))
        assert [ack.envelope_id for ack in client.acks] == ["env-1"]
        (reply,) = await fake_slack.wait_for_messages(se.dm_channel_for(se.DEFAULT_USER_ID), 1)
        assert reply.text
    finally:
        await server.stop()
