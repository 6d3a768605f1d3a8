"""TelegramChannel: the runtime `salesbot serve` starts — receiving (polling or webhook) and the outbox's port.

Nothing Telegram handed over is lost. Each update is stored in the inbox before anything can fail: the webhook
answers 200 only once the update is stored; the polling loop confirms updates to Telegram (the next offset) only
once they are stored. Processing runs from the store (`Backlog`): an update that could not be processed — Telegram
not connected yet, a crash — is taken up again later, and a redelivered one is recognised by its key.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import timedelta
from typing import Any

from aiohttp import web
from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError

from bot.bootstrap import App
from bot.channels.backlog import Backlog, Outcome
from bot.dispatch import Dispatcher
from bot.linking import Linker
from core.outbound import PermanentFailure, Reply, RetryLater
from core.services.inbox import Stored

from .client import ALLOWED_UPDATES, build_application
from .commands import publish_menu
from .inbound import UpdateRouter
from .intake import entry, group_chatter
from .rendering import Unreachable, edit_reply, parts_done, retry_seconds, send_reply
from .webhook import WEBHOOK_PATH, webhook_handler, webhook_settings

log = logging.getLogger(__name__)

# Reconnect delays while Telegram cannot be reached (seconds, doubling).
FIRST_RETRY, MAX_RETRY = 1.0, 60.0
STOP_GRACE = 10.0


class TelegramChannel:
    name = "telegram"

    def __init__(self, app: App, dispatcher: Dispatcher, linker: Linker, *, poll_timeout: float = 10.0) -> None:
        self.settings = app.settings.channels.telegram
        self.retry_after_cap = app.settings.channels.retry_after_cap
        self.polling = self.settings.mode == "polling"
        self.poll_timeout = poll_timeout
        self.first_retry = FIRST_RETRY  # reconnect and re-poll delays start here (tests make them short)
        self.router = UpdateRouter(dispatcher, linker, default_language=app.settings.core.default_language,
                                   max_upload_mb=app.settings.channels.max_upload_mb)
        # Built here, connected in start(): nothing talks to Telegram before the server starts.
        self.application = build_application(self.settings)
        self.backlog = Backlog(app.core, self.name, self._process)
        self._ready = asyncio.Event()
        self._stop = asyncio.Event()
        self._connector: asyncio.Task[None] | None = None
        self._poller: asyncio.Task[None] | None = None
        self._sweeper: asyncio.Task[None] | None = None

    # -- lifecycle -----------------------------------------------------------------------------------

    async def start(self, http: web.Application) -> None:
        self._stop.clear()
        if not self.polling:
            _, secret = webhook_settings(self.settings)
            http.router.add_post(WEBHOOK_PATH, webhook_handler(secret, self.accept))
        self._sweeper = asyncio.create_task(self.backlog.run(self._stop))
        try:
            await self._connect()
        except InvalidToken:
            raise ValueError("Telegram rejected SALESBOT_TELEGRAM_TOKEN (or SALESBOT_TELEGRAM_API_URL is wrong)"
                             ) from None
        except TelegramError as exc:
            # Telegram unreachable now: serve the other channels and keep trying; replies wait in the outbox,
            # webhook updates wait in the inbox.
            log.warning("Telegram not reachable (%s); retrying in the background", type(exc).__name__)
            self._connector = asyncio.create_task(self._keep_connecting())

    async def _connect(self) -> None:
        app = self.application
        await app.initialize()  # getMe: the bot's id and @username, needed to see mentions
        if self.polling:
            # Telegram refuses getUpdates while a webhook is set (left over from webhook mode).
            await app.bot.delete_webhook()
        else:
            url, secret = webhook_settings(self.settings)
            await app.bot.set_webhook(url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES))
        await publish_menu(app.bot)
        self._ready.set()
        self.backlog.wake()  # what arrived while we were not connected
        if self.polling and self._poller is None:
            self._poller = asyncio.create_task(self._poll())
        log.info("Telegram connected as @%s (%s)", app.bot.username, "polling" if self.polling else "webhook")

    async def _keep_connecting(self) -> None:
        delay = self.first_retry
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
                log.warning("Telegram still not reachable (%s); next try in %.0fs", type(exc).__name__, delay)

    async def wait_ready(self, timeout: float | None = None) -> None:  # noqa: ASYNC109 - a convenience for callers
        await asyncio.wait_for(self._ready.wait(), timeout)

    async def stop(self) -> None:
        self._ready.clear()
        self._stop.set()
        for task in (self._connector, self._poller):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self._connector = self._poller = None
        if self._sweeper is not None:
            with contextlib.suppress(Exception):
                await self._sweeper
            self._sweeper = None
        # Updates being processed finish (their replies get queued); anything left stays stored for next time.
        await self.backlog.drain(STOP_GRACE)
        # A webhook stays registered on purpose: Telegram keeps the updates and delivers them when we are back.
        await self.application.shutdown()

    # -- receiving -----------------------------------------------------------------------------------

    async def accept(self, update: dict[str, Any]) -> None:
        """Store one update (webhook) and start processing it. Raises BadUpdate for an unreadable update, and
        whatever the database raised when it could not be stored (then it must not be acknowledged)."""
        found = entry(update)
        if found is None or self._chatter(found.update):
            return  # a kind we did not subscribe to, or group chatter not addressed to us
        inbound_id = await self.backlog.store(key=found.key, chat_id=found.chat_id, sender_id=found.sender_id,
                                              text=found.text, raw=found.update)
        if inbound_id is not None:
            self.backlog.submit(inbound_id, found.sender_id)

    async def _poll(self) -> None:
        """getUpdates in a loop. The offset that confirms a batch to Telegram moves on only once the batch is
        stored, so updates fetched by a process that dies are fetched again."""
        bot: Bot = self.application.bot
        offset: int | None = None
        delay = self.first_retry
        while not self._stop.is_set():
            try:
                updates = await bot.get_updates(offset=offset, timeout=timedelta(seconds=self.poll_timeout),
                                                read_timeout=self.poll_timeout + 10,
                                                allowed_updates=list(ALLOWED_UPDATES))
            except InvalidToken:
                log.error("Telegram rejected the bot token; polling stopped")
                return
            except RetryAfter as exc:
                await self._pause(min(retry_seconds(exc), self.retry_after_cap))
                continue
            except (TelegramError, OSError) as exc:
                level = logging.INFO if isinstance(exc, Conflict) else logging.WARNING
                log.log(level, "Telegram polling failed (%s); retrying in %.0fs", type(exc).__name__, delay)
                await self._pause(delay)
                delay = min(delay * 2, MAX_RETRY)
                continue
            delay = self.first_retry
            if not updates:
                continue
            try:
                await self._store_batch([json.loads(update.to_json()) for update in updates])
            except Exception as exc:
                # Not confirmed: the next getUpdates with the same offset fetches them again.
                log.error("telegram: could not store %d updates (%s); fetching them again", len(updates),
                          type(exc).__name__)
                await self._pause(delay)
                continue
            offset = updates[-1].update_id + 1

    async def _store_batch(self, updates: list[dict[str, Any]]) -> None:
        entries = []
        for update in updates:
            try:
                found = entry(update)
            except ValueError:
                log.warning("telegram: unreadable update %s skipped", update.get("update_id"))
                continue
            if found is not None and not self._chatter(found.update):
                entries.append(found)
        ids = await self.backlog.store_many([(e.key, e.chat_id, e.sender_id, e.text, e.update) for e in entries])
        for found, inbound_id in zip(entries, ids, strict=True):
            if inbound_id is not None:
                self.backlog.submit(inbound_id, found.sender_id)

    def _chatter(self, update: dict[str, Any]) -> bool:
        if not self._ready.is_set():
            return False
        bot = self.application.bot
        return group_chatter(update, bot.username, bot.id)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), timeout=seconds)

    async def _process(self, stored: Stored) -> Outcome:
        if not self._ready.is_set():
            return Outcome.LATER  # the bot's identity (for mentions) is not known yet
        bot: Bot = self.application.bot
        update = Update.de_json(stored.raw, bot)
        await self.router.handle(update, bot, stored.id)
        return Outcome.DONE

    # -- the outbox's port ---------------------------------------------------------------------------

    def _bot(self) -> Bot:
        if not self._ready.is_set():
            raise RetryLater("telegram is not connected")
        bot: Bot = self.application.bot
        return bot

    async def send(self, chat_id: str, reply: Reply) -> str:
        return await self._send(chat_id, reply, 0)

    async def resume(self, chat_id: str, reply: Reply, token: str) -> str:
        """The rest of a reply split across several messages, after the parts that went out before."""
        return await self._send(chat_id, reply, parts_done(token))

    async def _send(self, chat_id: str, reply: Reply, skip: int) -> str:
        bot = self._bot()
        try:
            return await send_reply(bot, _chat(chat_id), reply, skip=skip)
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
