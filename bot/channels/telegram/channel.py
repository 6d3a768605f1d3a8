"""TelegramChannel: the runtime `salesbot serve` starts — receiving (polling or webhook) and the outbox's port."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import Any

from aiohttp import web
from telegram import Bot, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import CallbackContext, TypeHandler

from bot.bootstrap import App
from bot.dispatch import Dispatcher
from bot.linking import Linker
from core.outbound import PermanentFailure, Reply, RetryLater

from .client import ALLOWED_UPDATES, build_application
from .commands import publish_menu
from .inbound import UpdateRouter
from .rendering import Unreachable, edit_reply, send_reply
from .webhook import WEBHOOK_PATH, BadUpdate, webhook_handler, webhook_settings

log = logging.getLogger(__name__)

# Reconnect delays while Telegram cannot be reached at start-up (seconds, doubling).
FIRST_RETRY, MAX_RETRY = 1.0, 60.0


class TelegramChannel:
    name = "telegram"

    def __init__(self, app: App, dispatcher: Dispatcher, linker: Linker, *, poll_timeout: float = 10.0) -> None:
        self.settings = app.settings
        self.polling = self.settings.telegram_mode == "polling"
        self.poll_timeout = poll_timeout
        self.router = UpdateRouter(dispatcher, linker, self.settings)
        # Built here, connected in start(): nothing talks to Telegram before the server starts.
        self.application = build_application(self.settings, polling=self.polling)
        self.application.add_handler(TypeHandler(Update, self._on_update))
        self.application.add_error_handler(self._on_error)
        self._ready = asyncio.Event()
        self._connector: asyncio.Task[None] | None = None

    # -- lifecycle -----------------------------------------------------------------------------------

    async def start(self, http: web.Application) -> None:
        if not self.polling:
            _, secret = webhook_settings(self.settings)
            http.router.add_post(WEBHOOK_PATH, webhook_handler(secret, self._ready.is_set, self._on_webhook_update))
        try:
            await self._connect()
        except InvalidToken:
            raise  # a wrong token or API URL is a configuration error: fail loudly at start
        except TelegramError as exc:
            # Telegram unreachable now: serve the other channels and keep trying; replies wait in the outbox.
            log.warning("Telegram not reachable (%s); retrying in the background", exc)
            self._connector = asyncio.create_task(self._keep_connecting())

    async def _connect(self) -> None:
        app = self.application
        await app.initialize()  # getMe: the bot's id and @username, needed to see mentions
        if not app.running:
            await app.start()
        if self.polling:
            assert app.updater is not None
            if not app.updater.running:
                # Also removes a webhook left from webhook mode; Telegram refuses getUpdates while one is set.
                await app.updater.start_polling(poll_interval=0.0, timeout=timedelta(seconds=self.poll_timeout),
                                                allowed_updates=list(ALLOWED_UPDATES))
        else:
            url, secret = webhook_settings(self.settings)
            await app.bot.set_webhook(url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES))
        await publish_menu(app.bot)
        self._ready.set()
        log.info("Telegram connected as @%s (%s)", app.bot.username, "polling" if self.polling else "webhook")

    async def _keep_connecting(self) -> None:
        delay = FIRST_RETRY
        while True:
            await asyncio.sleep(delay)
            try:
                await self._connect()
                return
            except InvalidToken:
                log.error("Telegram rejected the bot token; the Telegram channel stays off")
                return
            except TelegramError as exc:
                delay = min(delay * 2, MAX_RETRY)
                log.warning("Telegram still not reachable (%s); next try in %.0fs", exc, delay)

    async def wait_ready(self, timeout: float | None = None) -> None:  # noqa: ASYNC109 - a convenience for callers
        await asyncio.wait_for(self._ready.wait(), timeout)

    async def stop(self) -> None:
        self._ready.clear()
        if self._connector is not None:
            self._connector.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._connector
        app = self.application
        # A webhook stays registered on purpose: Telegram keeps the updates and delivers them when we are back.
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    # -- receiving -----------------------------------------------------------------------------------

    async def _on_update(self, update: Update, context: CallbackContext[Any, Any, Any, Any]) -> None:
        await self.router.handle(update, context.bot)

    async def _on_webhook_update(self, body: dict[str, Any]) -> None:
        bot = self.application.bot
        try:
            update = Update.de_json(body, bot)
        except (TypeError, KeyError, ValueError) as exc:
            raise BadUpdate(str(exc)) from exc
        # Processed before the webhook answers: if it fails, Telegram redelivers and the inbox dedupes.
        await self.router.handle(update, bot)

    async def _on_error(self, update: object, context: CallbackContext[Any, Any, Any, Any]) -> None:
        log.error("Telegram update failed: %s", update, exc_info=context.error)

    # -- the outbox's port ---------------------------------------------------------------------------

    def _bot(self) -> Bot:
        if not self._ready.is_set():
            raise RetryLater("telegram is not connected")
        bot: Bot = self.application.bot
        return bot

    async def send(self, chat_id: str, reply: Reply) -> str:
        bot = self._bot()
        try:
            return await send_reply(bot, _chat(chat_id), reply)
        except Unreachable:
            if _chat(chat_id) > 0:  # a person's private chat (groups have negative ids)
                await self.router.private_send_refused(chat_id, bot.username)
            raise

    async def edit(self, chat_id: str, message_id: str, reply: Reply) -> None:
        bot = self._bot()
        try:
            target = int(message_id)
        except ValueError as exc:
            raise PermanentFailure(f"not a Telegram message id: {message_id!r}") from exc
        await edit_reply(bot, _chat(chat_id), target, reply)


def _chat(chat_id: str) -> int:
    try:
        return int(chat_id)
    except ValueError as exc:
        raise PermanentFailure(f"not a Telegram chat id: {chat_id!r}") from exc
