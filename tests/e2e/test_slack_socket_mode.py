"""Socket Mode is chosen when SALESBOT_SLACK_APP_TOKEN is set (the fakes cannot speak it, so no connection)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.bootstrap import App
from bot.channels.slack import SlackChannel
from bot.serve import build_server
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
