"""Socket Mode that loses nothing it acknowledged: each envelope is stored before its ack goes back to Slack.

Bolt's own handler acknowledges after dispatching; here the payload goes through `SlackChannel.accept` (store,
then process in the background) and the envelope is acknowledged only once stored. An envelope that cannot be
stored is not acknowledged, so Slack sends it again.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

if TYPE_CHECKING:
    from bot.channels.slack.channel import SlackChannel

log = logging.getLogger(__name__)


class StoringSocketModeHandler(AsyncSocketModeHandler):
    def __init__(self, channel: SlackChannel, app_token: str) -> None:
        super().__init__(channel.bolt, app_token, web_client=channel.client)
        self.channel = channel

    async def handle(self, client: AsyncBaseSocketModeClient, req: SocketModeRequest) -> None:
        payload: Any = req.payload
        if not isinstance(payload, dict):
            await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        note = await self.channel.accept(payload)
        if note is None:
            return  # not stored: no ack, so Slack delivers it again
        body = {"text": note} if note else None
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id, payload=body))
