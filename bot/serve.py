"""`salesbot serve`: every configured channel, the outbox worker and the HTTP server, in one process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass, field

from aiohttp import web

from bot.api.mount import mount_api
from bot.api.webhook_worker import WebhookWorker
from bot.bootstrap import App
from bot.channels import ChannelRuntime
from bot.dashboard.routes import add_dashboard_routes
from bot.dispatch import Dispatcher
from bot.esign_webhook import add_esign_routes
from bot.http import make_http_app, start_http
from bot.linking import Linker
from bot.voice_jobs import VoiceWorker, channel_fetchers
from notifications import runtime as notifications_runtime
from notifications.outbox import OutboxWorker

log = logging.getLogger(__name__)


@dataclass
class Server:
    app: App
    channels: dict[str, ChannelRuntime]
    worker: OutboxWorker
    dispatcher: Dispatcher
    linker: Linker
    http: web.Application
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    port: int = 0
    # Reminders, nudges, digests, suggestions: the scheduler campaigns for the leader lease and ticks when it holds it.
    notifications: notifications_runtime.Notifications | None = None
    # Voice notes of the running channels: the bounded transcription pool (bot.voice_jobs).
    voice_worker: VoiceWorker | None = None
    # Outgoing webhooks (the REST API's subscriptions): signed, retried, kept.
    webhook_worker: WebhookWorker | None = None
    _runner: web.AppRunner | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self) -> None:
        for channel in self.channels.values():
            await channel.start(self.http)
        http = self.app.settings.channels
        self._runner, self.port = await start_http(self.http, http.http_host, http.http_port,
                                                   keepalive_timeout=http.http_keepalive_timeout)
        self._tasks.append(asyncio.create_task(self.worker.run(self.stop_event)))
        if self.webhook_worker is not None:
            self._tasks.append(asyncio.create_task(self.webhook_worker.run(self.stop_event)))
        if self.voice_worker is not None:
            self._tasks.append(asyncio.create_task(self.voice_worker.run(self.stop_event)))
        if self.notifications is not None and self.notifications.scheduler is not None:
            self._tasks.append(asyncio.create_task(self.notifications.scheduler.run(self.stop_event)))
        log.info("serving %s on %s:%s", ", ".join(self.channels) or "no channels", http.http_host,
                 self.port)

    async def stop(self) -> None:
        self.stop_event.set()
        for channel in self.channels.values():
            with contextlib.suppress(Exception):
                await channel.stop()
        for task in self._tasks:
            with contextlib.suppress(Exception):
                await task
        if self._runner is not None:
            await self._runner.cleanup()


def configured_channels(app: App, dispatcher: Dispatcher, linker: Linker) -> dict[str, ChannelRuntime]:
    """Channels whose settings are present; their modules load only when configured."""
    settings = app.settings.channels
    channels: dict[str, ChannelRuntime] = {}
    if settings.telegram.token is not None:
        from bot.channels.telegram import TelegramChannel

        channels["telegram"] = TelegramChannel(app, dispatcher, linker)
    if settings.slack.bot_token is not None:
        from bot.channels.slack import SlackChannel

        channels["slack"] = SlackChannel(app, dispatcher, linker)
    return channels


def build_server(app: App) -> Server:
    holder: dict[str, OutboxWorker] = {}
    voice_holder: list[VoiceWorker] = []

    def wake() -> None:
        holder["worker"].wake()
        for voice in voice_holder:  # after a voice note's acknowledgement is queued: start on the note
            voice.wake()

    dispatcher = Dispatcher(app.core, app.assistant, wake=wake)
    linker = Linker(app.core, app.settings.core.default_language)
    channels = configured_channels(app, dispatcher, linker)
    notifications = notifications_runtime.build(app.core, app.settings.notifications, app.engine,
                                                wake=lambda: holder["worker"].wake(), polisher=app.polisher)
    worker = OutboxWorker(app.core, dict(channels), guard=notifications.guard,
                          max_retry_after=app.settings.channels.retry_after_cap)
    holder["worker"] = worker
    voice_worker = None
    if app.voice is not None and channels:
        # Each channel fetches its own notes (Slack's need the bot token); finished jobs wake the outbox.
        for name, fetch in channel_fetchers(channels, app.voice.config.limits.max_bytes).items():
            app.voice.register_fetcher(name, fetch)
        app.voice.on_delivered = worker.wake
        voice_worker = VoiceWorker(app.voice, channels=list(channels))
        voice_holder.append(voice_worker)
    http = make_http_app(read_timeout=app.settings.channels.http_read_timeout)
    add_esign_routes(http, app.core, app.settings.esign)
    add_dashboard_routes(http, app.core)
    mount_api(http, app.core, app.settings.api)
    return Server(app, channels, worker, dispatcher, linker, http, notifications=notifications,
                  voice_worker=voice_worker, webhook_worker=WebhookWorker(app.core, app.settings.api))


@dataclass
class ApiServer:
    """`salesbot api`: the REST API, the dashboard (and /healthz) on the same aiohttp runner, with the webhook
    sender, no channels."""

    app: App
    http: web.Application
    webhook_worker: WebhookWorker
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    port: int = 0
    _runner: web.AppRunner | None = None
    _task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        http = self.app.settings.channels
        self._runner, self.port = await start_http(self.http, http.http_host, http.http_port,
                                                   keepalive_timeout=http.http_keepalive_timeout)
        self._task = asyncio.create_task(self.webhook_worker.run(self.stop_event))
        log.info("serving the API on %s:%s/api/v1", http.http_host, self.port)

    async def stop(self) -> None:
        self.stop_event.set()
        if self._task is not None:
            with contextlib.suppress(Exception):
                await self._task
        if self._runner is not None:
            await self._runner.cleanup()


def build_api_server(app: App) -> ApiServer:
    http = make_http_app(read_timeout=app.settings.channels.http_read_timeout)
    add_dashboard_routes(http, app.core)
    mount_api(http, app.core, app.settings.api)
    return ApiServer(app, http, WebhookWorker(app.core, app.settings.api))


async def serve_api_forever(app: App) -> None:
    server = build_api_server(app)
    await server.start()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, server.stop_event.set)
    try:
        await server.stop_event.wait()
    finally:
        await server.stop()


async def serve_forever(app: App) -> None:
    server = build_server(app)
    if server.voice_worker is not None:
        server.voice_worker.check_model = True  # load the speech model now: a missing one is logged at start
    await server.start()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, server.stop_event.set)
    try:
        await server.stop_event.wait()
    finally:
        await server.stop()
