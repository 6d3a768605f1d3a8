"""SlackChannel: slack-bolt AsyncApp over HTTP events (/slack/events) or Socket Mode, plus the outbound port.

Nothing Slack acknowledged is lost. A request is verified (signature over the exact bytes, before any parsing),
stored in the inbox (`Backlog`), and only then acknowledged; processing runs afterwards through Bolt, from the
stored payload. Processing needs the bot's identity (`auth.test`): while Slack cannot be reached the event stays
stored and the backlog retries it until Slack answers. A request that cannot be stored (the database is down)
gets 503, so Slack delivers it again; redeliveries (`X-Slack-Retry-Num`) are deduplicated by the inbox key.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from typing import TYPE_CHECKING, Any, Literal

import aiohttp
from aiohttp import web
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.backlog import Backlog, Outcome
from bot.channels.slack import envelope as env
from bot.channels.slack.blocks import ACTION_PREFIX, escape, render
from bot.channels.slack.errors import delivery_errors
from bot.channels.slack.files import SlackFiles
from bot.channels.slack.flow import INBOUND_KEY, Inbound
from bot.channels.slack.home import HomeTab
from bot.channels.slack.people import People
from bot.dispatch import Dispatcher
from bot.http import SlowBody, read_body
from bot.linking import Linker
from bot.messages import AudioRef
from core.outbound import PermanentFailure, Reply
from core.services.inbox import Stored

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    from bot.bootstrap import App

log = logging.getLogger(__name__)

JSON = dict[str, Any]
EVENTS_PATH = "/slack/events"
CALL_TIMEOUT = 15  # seconds per Web API call; the outbox retries what times out
STOP_GRACE = 10.0
# Web API failures that mean "Slack cannot be reached now", not "this event is bad".
UNREACHABLE = (TimeoutError, SlackClientError, aiohttp.ClientError, OSError)


class ProcessingFailed(RuntimeError):
    """Bolt answered a stored event with a server error (a listener raised): counted, retried, then failed."""


class SlackChannel:
    name = "slack"

    def __init__(self, app: App, dispatcher: Dispatcher, linker: Linker) -> None:
        settings = app.settings.channels.slack
        limits = app.settings.channels
        if settings.bot_token is None:
            raise ValueError("SALESBOT_SLACK_BOT_TOKEN is not set")
        self.mode: Literal["http", "socket"] = "socket" if settings.app_token else "http"
        if self.mode == "http" and settings.signing_secret is None:
            raise ValueError("Slack over HTTP needs SALESBOT_SLACK_SIGNING_SECRET "
                             "(or set SALESBOT_SLACK_APP_TOKEN to use Socket Mode)")
        self.signing_secret = settings.signing_secret.get_secret_value() if settings.signing_secret else ""
        self.app_token = settings.app_token.get_secret_value() if settings.app_token else None
        base_url = settings.api_url if settings.api_url.endswith("/") else settings.api_url + "/"
        # No session is created here: AsyncWebClient opens one per call, so nothing connects before start().
        self.client = AsyncWebClient(token=settings.bot_token.get_secret_value(), base_url=base_url,
                                     timeout=CALL_TIMEOUT)
        # Bolt only dispatches what we stored and verified ourselves: it never checks signatures, and it never
        # calls auth.test (whose failure it would answer with a 200 and drop the event) — `_authorize` hands it
        # the identity we asked for before dispatching.
        async def authorize(enterprise_id: str | None = None, team_id: str | None = None) -> AuthorizeResult:
            # Only called for events dispatched after `_identify` succeeded.
            assert self._identity is not None
            return self._identity

        self.bolt = AsyncApp(client=AsyncWebClient(base_url=base_url, timeout=CALL_TIMEOUT),
                             authorize=authorize, request_verification_enabled=False,
                             process_before_response=True, name="salesbot",
                             logger=logging.getLogger("salesbot.slack.bolt"))
        self.files = SlackFiles(self.client, limits.max_upload_mb)
        self.people = People(app.core, self.client, linker, default_language=app.settings.core.default_language,
                             link_by_email=settings.link_by_email)
        self.home = HomeTab(app.core, self.client, self.people)
        self.inbound = Inbound(dispatcher, linker, self.people, self.files, self.home)
        self.backlog = Backlog(app.core, self.name, self._process)
        self.socket: AsyncSocketModeHandler | None = None
        self._identity: AuthorizeResult | None = None
        self._stop = asyncio.Event()
        self._sweeper: asyncio.Task[None] | None = None
        self._register()

    # -- receiving --------------------------------------------------------------------------------------

    async def start(self, http: web.Application) -> None:
        self._stop.clear()
        self._sweeper = asyncio.create_task(self.backlog.run(self._stop))
        if self.mode == "socket":
            self.socket = self.socket_handler()
            await self.socket.connect_async()  # type: ignore[no-untyped-call]
            log.info("slack: socket mode connected")
            return
        http.router.add_post(EVENTS_PATH, self.handle_http)
        log.info("slack: HTTP events at %s", EVENTS_PATH)

    def socket_handler(self) -> AsyncSocketModeHandler:
        from bot.channels.slack.socket import StoringSocketModeHandler

        assert self.app_token is not None
        return StoringSocketModeHandler(self, self.app_token)

    async def stop(self) -> None:
        if self.socket is not None:
            await self.socket.close_async()  # type: ignore[no-untyped-call]
            self.socket = None
        self._stop.set()
        if self._sweeper is not None:
            with contextlib.suppress(Exception):
                await self._sweeper
            self._sweeper = None
        # Let work that was already acknowledged finish: its replies are queued, not lost (and what does not
        # finish stays stored, for the next start).
        await self.backlog.drain(STOP_GRACE)

    async def handle_http(self, request: web.Request) -> web.Response:
        """POST /slack/events: verify, store, acknowledge — then process (see the module's docstring)."""
        try:
            body = await read_body(request)
        except SlowBody:
            return web.Response(status=408)
        if not env.verified(self.signing_secret, body, request.headers):
            log.warning("slack: request with a missing, wrong or stale signature refused (401)")
            return web.Response(status=401)
        try:
            data = env.parse(body, request.content_type)
        except env.BadRequest as exc:
            log.warning("slack: signed request with an unreadable body refused (400, %s)", exc)
            return web.Response(status=400)
        if data.get("type") == "url_verification":
            return web.json_response({"challenge": str(data.get("challenge") or "")})
        note = await self.accept(data)
        if note is None:
            return web.Response(status=503)  # not stored: Slack must deliver it again
        return web.Response(text=note) if note else web.Response()

    async def accept(self, data: JSON) -> str | None:
        """Store a verified payload and start processing it. Returns the acknowledgement's text ("" for none),
        or None when it could not be stored (then it must not be acknowledged)."""
        envelope = env.envelope(data)
        if envelope is None:
            log.info("slack: payload of type %s ignored", env.short(data.get("type") or data.get("command")))
            return ""
        try:
            inbound_id = await self.backlog.store(key=envelope.key, chat_id=envelope.chat, sender_id=envelope.sender,
                                                  text=envelope.text, raw=envelope.payload)
        except Exception as exc:
            log.error("slack: could not store %s (%s); Slack will deliver it again", env.short(envelope.key),
                      type(exc).__name__)
            return None
        if inbound_id is not None:
            self.backlog.submit(inbound_id, envelope.sender)
        elif data.get("type") == "event_callback":
            log.info("slack %s already received", env.short(envelope.key))  # a redelivery (X-Slack-Retry-Num)
        if envelope.kind == "command":
            return await self.inbound.command_ack_text(data) or ""
        return ""

    # -- processing (from the store) ----------------------------------------------------------------------

    async def _process(self, stored: Stored) -> Outcome:
        if not await self._identify():
            return Outcome.LATER
        request = AsyncBoltRequest(body=stored.raw, mode="socket_mode", context={INBOUND_KEY: stored.id})
        response = await self.bolt.async_dispatch(request)
        if response.status >= 500:
            raise ProcessingFailed(f"bolt answered {response.status}")
        return Outcome.DONE

    async def _identify(self) -> bool:
        """The bot's identity (auth.test), asked once; False while Slack cannot be reached."""
        if self._identity is not None:
            return True
        try:
            response = await self.client.auth_test()
        except UNREACHABLE as exc:
            log.warning("slack: auth.test failed (%s); stored events wait until Slack answers", type(exc).__name__)
            return False
        self._identity = AuthorizeResult.from_auth_test_response(bot_token=self.client.token,
                                                                  auth_test_response=response)
        log.info("slack: identified as %s", self._identity.bot_user_id)
        return True


    def _register(self) -> None:
        bolt, flow = self.bolt, self.inbound

        @bolt.event("message")
        async def on_message(body: JSON, event: JSON, context: AsyncBoltContext) -> None:
            await flow.on_message(body, event, context.bot_user_id, context.get(INBOUND_KEY))

        @bolt.event("app_mention")
        async def on_mention(body: JSON, event: JSON, context: AsyncBoltContext) -> None:
            await flow.on_mention(body, event, context.bot_user_id, context.get(INBOUND_KEY))

        @bolt.event("app_home_opened")
        async def on_home(event: JSON) -> None:
            await flow.on_home_opened(event)

        # A voice clip arrives as a message (file_share) too.
        @bolt.event("file_shared")
        async def on_file_shared() -> None:
            return None

        @bolt.action(re.compile("^" + re.escape(ACTION_PREFIX)))
        async def on_action(ack: AsyncAck, body: JSON, context: AsyncBoltContext) -> None:
            await ack()
            await flow.on_action(body, context.get(INBOUND_KEY))

        @bolt.command("/sales")
        async def on_command(ack: AsyncAck, command: JSON, context: AsyncBoltContext) -> None:
            await ack()  # the real acknowledgement (with its note) was sent when the command was stored
            await flow.on_command(command, context.get(INBOUND_KEY))

    @property
    def busy(self) -> bool:
        return self.backlog.busy

    # -- sending (the outbox calls these) ---------------------------------------------------------------

    async def send(self, chat_id: str, reply: Reply) -> str:
        async with delivery_errors():
            if reply.document is not None:
                return await self._send_document(chat_id, reply)
            if reply.image is None:
                return await self._post(chat_id, reply)
            if reply.choices:
                message_id = await self._post(chat_id, reply)
                await self.files.upload_image(chat_id, reply.image, None)
                return message_id
            file_id = await self.files.upload_image(chat_id, reply.image, escape(reply.text) or None)
            return f"file:{file_id}"

    async def _send_document(self, chat_id: str, reply: Reply) -> str:
        """A file (a signed contract, a photo sent back): shared with the text as its comment; with buttons, the
        message goes first (it is what a decision edits), then the file (and an image the reply also carries)."""
        document = reply.document
        assert document is not None
        if reply.choices or reply.image is not None:
            message_id = await self._post(chat_id, reply.model_copy(update={"image": None, "document": None}))
            if reply.image is not None:
                await self.files.upload_image(chat_id, reply.image, None)
            await self.files.upload_document(chat_id, document, None)
            return message_id
        file_id = await self.files.upload_document(chat_id, document, escape(reply.text) or None)
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
