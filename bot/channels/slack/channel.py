"""SlackChannel: slack-bolt AsyncApp over HTTP events (/slack/events) or Socket Mode, plus the outbound port.

Every listener acknowledges first and works afterwards: Bolt acks events before running their listener
(process_before_response=False), and our action and command listeners call ack() before anything else.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, Literal

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.blocks import ACTION_PREFIX, escape, render
from bot.channels.slack.errors import delivery_errors
from bot.channels.slack.files import SlackFiles
from bot.channels.slack.flow import Inbound
from bot.channels.slack.home import HomeTab
from bot.channels.slack.people import People
from bot.dispatch import Dispatcher
from bot.linking import Linker
from bot.messages import AudioRef
from core.outbound import PermanentFailure, Reply

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    from bot.bootstrap import App

log = logging.getLogger(__name__)

JSON = dict[str, Any]
EVENTS_PATH = "/slack/events"
CALL_TIMEOUT = 15  # seconds per Web API call; the outbox retries what times out
STOP_GRACE = 10.0


class SlackChannel:
    name = "slack"

    def __init__(self, app: App, dispatcher: Dispatcher, linker: Linker) -> None:
        settings = app.settings
        if not settings.slack_bot_token:
            raise ValueError("SALESBOT_SLACK_BOT_TOKEN is not set")
        self.mode: Literal["http", "socket"] = "socket" if settings.slack_app_token else "http"
        if self.mode == "http" and not settings.slack_signing_secret:
            raise ValueError("Slack over HTTP needs SALESBOT_SLACK_SIGNING_SECRET "
                             "(or set SALESBOT_SLACK_APP_TOKEN to use Socket Mode)")
        self.app_token = settings.slack_app_token
        base_url = settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"
        # No session is created here: AsyncWebClient opens one per call, so nothing connects before start().
        self.client = AsyncWebClient(token=settings.slack_bot_token, base_url=base_url, timeout=CALL_TIMEOUT)
        self.bolt = AsyncApp(client=self.client, signing_secret=settings.slack_signing_secret or "", name="salesbot",
                             logger=logging.getLogger("salesbot.slack.bolt"))
        self.files = SlackFiles(self.client, settings.max_upload_mb)
        self.people = People(app.core, self.client, linker, default_language=settings.default_language,
                             link_by_email=settings.slack_link_by_email)
        self.home = HomeTab(app.core, self.client, self.people)
        self.inbound = Inbound(dispatcher, linker, self.people, self.files, self.home)
        self.socket: AsyncSocketModeHandler | None = None
        self._inflight: set[asyncio.Task[Any]] = set()
        self._register()

    # -- receiving --------------------------------------------------------------------------------------

    async def start(self, http: web.Application) -> None:
        if self.mode == "socket":
            self.socket = self.socket_handler()
            await self.socket.connect_async()  # type: ignore[no-untyped-call]
            log.info("slack: socket mode connected")
            return
        http.router.add_post(EVENTS_PATH, self.handle_http)
        log.info("slack: HTTP events at %s", EVENTS_PATH)

    def socket_handler(self) -> AsyncSocketModeHandler:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        assert self.app_token is not None
        return AsyncSocketModeHandler(self.bolt, self.app_token)

    async def stop(self) -> None:
        if self.socket is not None:
            await self.socket.close_async()  # type: ignore[no-untyped-call]
            self.socket = None
        # Let work that was already acknowledged finish: its replies are queued, not lost.
        pending = [task for task in self._inflight if not task.done()]
        if pending:
            await asyncio.wait(pending, timeout=STOP_GRACE)

    async def handle_http(self, request: web.Request) -> web.Response:
        """POST /slack/events: Bolt checks the signature (401 when missing, wrong or older than 5 minutes)."""
        return await to_aiohttp_response(await self.bolt.async_dispatch(await to_bolt_request(request)))

    def _register(self) -> None:
        bolt, flow = self.bolt, self.inbound

        @bolt.event("message")
        async def on_message(body: JSON, event: JSON, context: AsyncBoltContext) -> None:
            await self._work(flow.on_message(body, event, context.bot_user_id))

        @bolt.event("app_mention")
        async def on_mention(body: JSON, event: JSON, context: AsyncBoltContext) -> None:
            await self._work(flow.on_mention(body, event, context.bot_user_id))

        @bolt.event("app_home_opened")
        async def on_home(event: JSON) -> None:
            await self._work(flow.on_home_opened(event))

        # A voice clip arrives as a message (file_share) too; an unanswered file_shared would get Bolt's
        # 404, which Slack counts as a failure and redelivers.
        @bolt.event("file_shared")
        async def on_file_shared() -> None:
            return None

        @bolt.action(re.compile("^" + re.escape(ACTION_PREFIX)))
        async def on_action(ack: AsyncAck, body: JSON) -> None:
            await ack()
            await self._work(flow.on_action(body))

        @bolt.command("/sales")
        async def on_command(ack: AsyncAck, command: JSON) -> None:
            note = await flow.command_ack_text(command)
            await (ack(text=note) if note else ack())
            await self._work(flow.on_command(command))

    async def _work(self, work: Awaitable[None]) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._inflight.add(task)
        try:
            await work
        except Exception:
            log.exception("slack: handling an event failed")
        finally:
            if task is not None:
                self._inflight.discard(task)

    # -- sending (the outbox calls these) ---------------------------------------------------------------

    async def send(self, chat_id: str, reply: Reply) -> str:
        async with delivery_errors():
            if reply.image is None:
                return await self._post(chat_id, reply)
            if reply.choices:
                message_id = await self._post(chat_id, reply)
                await self.files.upload_image(chat_id, reply.image, None)
                return message_id
            file_id = await self.files.upload_image(chat_id, reply.image, escape(reply.text) or None)
            return f"file:{file_id}"

    async def _post(self, chat_id: str, reply: Reply) -> str:
        rendered = render(reply)
        response = await self.client.chat_postMessage(channel=chat_id, text=rendered.text, blocks=rendered.blocks,
                                                      unfurl_links=False, unfurl_media=False)
        # The channel travels with the ts: a post to a user id lands in a DM whose id chat.update needs.
        return f"{response.get('channel') or chat_id}:{response['ts']}"

    async def edit(self, chat_id: str, message_id: str, reply: Reply) -> None:
        if message_id.startswith("file:"):
            raise PermanentFailure("a shared file has no message text to edit")
        channel, _, ts = message_id.partition(":")
        if not ts:
            channel, ts = chat_id, message_id
        rendered = render(reply)
        async with delivery_errors():
            await self.client.chat_update(channel=channel, ts=ts, text=rendered.text, blocks=rendered.blocks)

    async def fetch_audio(self, ref: AudioRef) -> bytes:
        """The bytes of a voice clip or audio file (for transcription); raises FetchError."""
        return await self.files.fetch(ref)
