"""One Telegram update in → the assistant (or a reply of the adapter's own) → replies queued in the outbox.

The same path serves polling and the webhook. Nothing is sent from here except the answer to a button press
(which must come within seconds) and the typing indicator that tells whether a group member can be reached
privately; every reply goes through the outbox.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import replace
from datetime import timedelta

from telegram import Bot, CallbackQuery, Chat, Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.assistant import guess_language
from bot.dispatch import Dispatcher
from bot.linking import Linker
from bot.messages import AudioRef, InboundFile, IncomingMessage
from bot.voice_jobs.fetch import FetchError, http_fetcher
from core.i18n import t
from core.outbound import Reply

from .accounts import Accounts, Person
from .commands import AS_TEXT, bot_link, settings_reply
from .receiving import (
    Command,
    Media,
    audio_of,
    callback_key,
    evidence_of,
    has_other_content,
    incoming,
    is_group,
    mentions_bot,
    message_key,
    parse_command,
    sender_language,
    strip_mention,
)

log = logging.getLogger(__name__)

MB = 1024 * 1024
# Telegram lets bots download files up to 20 MB from the hosted Bot API.
TELEGRAM_DOWNLOAD_LIMIT_MB = 20
# A failed private send is blamed on a group question only this soon after it.
GROUP_NOTE_WINDOW = timedelta(minutes=15)
# The inbox row of the update being processed (the channel stored it before processing; see channel.py).
_STORED: ContextVar[int | None] = ContextVar("telegram_stored_update", default=None)


class UpdateRouter:
    def __init__(self, dispatcher: Dispatcher, linker: Linker, *, default_language: str, max_upload_mb: int) -> None:
        self.dispatcher = dispatcher
        self.linker = linker
        self.default_language = default_language
        self.max_upload_mb = max_upload_mb
        self.accounts = Accounts(dispatcher.core)
        # One person's updates run one at a time and in order ("yes" must follow the card it confirms);
        # different people's run concurrently.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def _lock(self, user_id: int) -> asyncio.Lock:
        lock = self._locks.get(user_id)
        if lock is None:
            lock = self._locks[user_id] = asyncio.Lock()
        return lock

    async def handle(self, update: Update, bot: Bot, inbound_id: int | None = None) -> None:
        """Process one update. `inbound_id`: its inbox row, stored and claimed by the channel (None: the update
        is stored here, as it comes). An update that is not for us leaves the row as it is (the channel marks it
        ignored)."""
        token = _STORED.set(inbound_id)
        try:
            if update.callback_query is not None:
                await self._on_callback(update, update.callback_query, bot)
            elif update.message is not None:
                await self._on_message(update, update.message, bot)
        finally:
            _STORED.reset(token)

    async def _claim(self, message: IncomingMessage) -> int | None:
        stored = _STORED.get()
        return stored if stored is not None else await self.accounts.claim(message)

    # -- messages ------------------------------------------------------------------------------------

    async def _on_message(self, update: Update, message: Message, bot: Bot) -> None:
        sender = message.from_user
        if sender is None or sender.is_bot or message.chat.type == Chat.CHANNEL:
            return
        username = bot.username
        command = parse_command(message, username)
        group = is_group(message.chat)
        if group and command is None and not mentions_bot(message, username, bot.id):
            return  # group chatter not addressed to us is neither answered nor stored
        base = incoming(update, message, sender, key=message_key(message), mentioned=group)
        async with self._lock(sender.id):
            if command is not None:
                await self._on_command(command, base, message, bot)
            elif message.text:
                text = strip_mention(message.text, username) if group else message.text
                await self._process(replace(base, text=text), bot)
            elif (media := audio_of(message)) is not None:
                await self._on_audio(media, base, bot)
            elif (media := evidence_of(message)) is not None:
                await self._on_evidence(media, base, bot)
            elif has_other_content(message):
                await self._answer_locally(base, bot, lambda p: _notice(p.language, "telegram.unsupported"))

    async def _on_command(self, command: Command, base: IncomingMessage, message: Message, bot: Bot) -> None:
        if command.name == "start":
            await self._on_start(command.args, base, bot)
        elif command.name == "settings":
            await self._answer_locally(base, bot, settings_reply)
        elif command.name in AS_TEXT:
            await self._process(replace(base, text=AS_TEXT[command.name]), bot)
        else:  # not one of ours: let the assistant read it like any text
            await self._process(replace(base, text=strip_mention(message.text or "", bot.username)), bot)

    async def _on_start(self, code: str, base: IncomingMessage, bot: Bot) -> None:
        """`/start CODE` from an invite deep link links the account; the code is only accepted in private (the
        inbox keeps only its seal, see intake.py — also of a code refused here, which stays valid)."""
        inbound = await self._claim(base)
        if inbound is None:
            return
        lang = self._guess_language(base)
        if base.is_group:
            reply = Reply(text=t(lang, "telegram.start.in_group", link=bot_link(bot.username)), private=False)
            await self.accounts.finish(inbound, "processed", None)
            await self.dispatcher.deliver(base, [reply])
            return
        if code:
            reply = (await self.linker.redeem("telegram", base.sender_id, code, lang)).reply
        elif (known := await self.accounts.person(base.sender_id)) is not None:
            reply = Reply(text=t(known.language, "link.already", name=known.name), private=False)
        else:
            reply = Reply(text=t(lang, "telegram.start.need_invite"), private=False)
        person = await self.accounts.person(base.sender_id)  # linked now, if the code worked
        await self.accounts.finish(inbound, "processed" if person else "rejected", person.user_id if person else None)
        await self.dispatcher.deliver(base, [reply])

    async def _on_audio(self, media: Media, base: IncomingMessage, bot: Bot) -> None:
        if await self.accounts.person(base.sender_id) is None:
            # Strangers get the access note (in their app's language) and their files are never fetched.
            # (Linked in the meantime? Then asking to send it again is the right answer.)
            await self._answer_locally(base, bot, lambda p: _notice(p.language, "telegram.file_unavailable"))
            return
        limit_mb = self.max_upload_mb
        if media.size is not None and media.size > limit_mb * MB:
            await self._too_large(base, bot, media.size, limit_mb)
            return
        try:
            # getFile turns the file id into a download path; PTB returns it as the full download URL.
            tg_file = await bot.get_file(media.file_id)
        except BadRequest as exc:
            if "too big" in str(exc).lower():
                await self._too_large(base, bot, media.size, min(limit_mb, TELEGRAM_DOWNLOAD_LIMIT_MB))
            else:
                log.warning("getFile failed for %s: %s", base.message_id, exc)
                await self._answer_locally(base, bot, lambda p: _notice(p.language, "telegram.file_unavailable"))
            return
        except TelegramError as exc:
            log.warning("getFile failed for %s: %s", base.message_id, exc)
            await self._answer_locally(base, bot, lambda p: _notice(p.language, "telegram.file_unavailable"))
            return
        audio = AudioRef(url=tg_file.file_path or "", mime_type=media.mime_type,
                         size=media.size if media.size is not None else tg_file.file_size,
                         duration=media.duration, file_name=media.file_name)
        await self._process(replace(base, audio=audio), bot)

    async def _on_evidence(self, media: Media, base: IncomingMessage, bot: Bot) -> None:
        """A photo or PDF to attach: fetched now (within the upload limit) and handed over with its bytes."""
        if await self.accounts.person(base.sender_id) is None:
            await self._answer_locally(base, bot, lambda p: _notice(p.language, "telegram.file_unavailable"))
            return
        limit_mb = min(self.max_upload_mb, TELEGRAM_DOWNLOAD_LIMIT_MB)
        if media.size is not None and media.size > limit_mb * MB:
            await self._too_large(base, bot, media.size, limit_mb)
            return
        try:
            tg_file = await bot.get_file(media.file_id)
            data = await http_fetcher(limit_mb * MB)(AudioRef(url=tg_file.file_path or ""))
        except (TelegramError, FetchError) as exc:
            log.warning("fetching the file of %s failed: %s", base.message_id, exc)
            if isinstance(exc, FetchError) and exc.too_large:
                await self._too_large(base, bot, media.size, limit_mb)
            else:
                await self._answer_locally(base, bot, lambda p: _notice(p.language, "telegram.file_unavailable"))
            return
        sent = InboundFile(data=data, file_name=media.file_name or "file", mime_type=media.mime_type)
        await self._process(replace(base, file=sent), bot)

    async def _too_large(self, base: IncomingMessage, bot: Bot, size: int | None, limit_mb: int) -> None:
        size_mb = f"{(size or 0) / MB:.1f}"
        await self._answer_locally(
            base, bot, lambda p: _notice(p.language, "telegram.file_too_large", size_mb=size_mb, limit_mb=limit_mb))

    # -- button presses ------------------------------------------------------------------------------

    async def _on_callback(self, update: Update, query: CallbackQuery, bot: Bot) -> None:
        # The person who pressed acts — never the bot, which is the author of the message the button is on.
        sender = query.from_user
        card = query.message
        if card is None or query.data is None or sender.is_bot:
            await self._answer_callback(query)
            return
        if card.chat.type == Chat.PRIVATE and card.chat.id != sender.id:
            # Only the owner of a private chat can press its buttons; anything else is forged. Ignore it.
            await self._answer_callback(query)
            return
        message = incoming(update, card, sender, key=callback_key(query), action=query.data, mentioned=True)
        if is_group(card.chat) and not await self._may_press(message, str(card.message_id), query):
            return
        async with self._lock(sender.id):
            replies = await self._process(message, bot)
        if replies is not None or _STORED.get() is not None:  # a redelivered press was answered the first time
            await self._answer_callback(query)

    async def _may_press(self, message: IncomingMessage, card_id: str, query: CallbackQuery) -> bool:
        """In a group, a card's buttons are for the person it answers; anyone else is told so (privately, in the
        button's answer) and nothing changes — the card keeps its buttons."""
        owner = await self.accounts.card_owner(message.chat_id, card_id)
        if owner is None:
            return True
        presser = await self.accounts.person(message.sender_id)
        if presser is not None and presser.user_id == owner:
            return True
        inbound = await self._claim(message)
        if inbound is None:
            return False
        await self.accounts.finish(inbound, "rejected", presser.user_id if presser else None)
        lang = presser.language if presser else self._guess_language(message)
        await self._answer_callback(query, t(lang, "telegram.not_yours"))
        return False

    async def _answer_callback(self, query: CallbackQuery, text: str | None = None) -> None:
        try:
            await query.answer(text=text, show_alert=text is not None)
        except TelegramError as exc:  # too old, or answered already: the spinner stops by itself
            log.info("could not answer callback query %s (%s)", query.id, type(exc).__name__)

    # -- replies -------------------------------------------------------------------------------------

    async def _process(self, message: IncomingMessage, bot: Bot) -> list[Reply] | None:
        """Run the assistant and queue its replies; None when the update was a duplicate."""
        private = await self._private_route(message, bot)
        replies = await self.dispatcher.process(message, private_chat_id=private)
        await self._note_if_unreachable(message, replies, private, bot)
        return replies or None

    async def _answer_locally(self, message: IncomingMessage, bot: Bot, make: Callable[[Person], Reply]) -> None:
        """A reply the adapter makes itself — still stored once in the inbox, and only for linked users."""
        inbound = await self._claim(message)
        if inbound is None:
            return
        person = await self.accounts.person(message.sender_id)
        if person is None:
            await self.accounts.finish(inbound, "rejected", None)
            reply = Reply(text=t(self._guess_language(message), "access.unknown_user"), private=False)
        else:
            await self.accounts.finish(inbound, "processed", person.user_id)
            reply = make(person)
        private = await self._private_route(message, bot)
        await self.dispatcher.deliver(message, [reply], private_chat_id=private)
        await self._note_if_unreachable(message, [reply], private, bot)

    async def _private_route(self, message: IncomingMessage, bot: Bot) -> str | None:
        """In a group, where private replies go: the sender's private chat — whose id is their user id — if they
        have started the bot. A typing indicator there is the cheapest way to find out."""
        if not message.is_group:
            return None
        try:
            await bot.send_chat_action(int(message.sender_id), ChatAction.TYPING)
        except Forbidden:
            return None
        except TelegramError as exc:  # Telegram unreachable: assume yes; the outbox waits for it to come back
            log.info("typing indicator failed: %s", exc)
        return message.sender_id

    async def _note_if_unreachable(self, message: IncomingMessage, replies: list[Reply], private: str | None,
                                   bot: Bot) -> None:
        if not message.is_group or private is not None or not any(r.private for r in replies):
            return
        # The private replies were held back (never posted in the group); tell the sender how to get them.
        note = await self._open_private_note(message.sender_id, self._guess_language(message), bot.username)
        await self.dispatcher.deliver(message, [note])

    async def _open_private_note(self, sender_id: str, fallback_lang: str, username: str) -> Reply:
        person = await self.accounts.person(sender_id)
        lang = person.language if person else fallback_lang
        return Reply(text=t(lang, "telegram.open_private_chat", link=bot_link(username)), private=False)

    async def private_send_refused(self, chat_id: str, username: str) -> None:
        """A private reply was refused (bot never started, or blocked). If it answered a group message, tell the
        group — once per group message — how to get it."""
        found = await self.accounts.recent_group(chat_id, GROUP_NOTE_WINDOW)
        if found is None:
            return
        inbound_id, group_chat = found
        note = await self._open_private_note(chat_id, self.default_language, username)
        if await self.accounts.queue_note(group_chat, note, f"telegram:private-refused:{inbound_id}"):
            self.dispatcher.wake()

    def _guess_language(self, message: IncomingMessage) -> str:
        """For people we do not know yet: their Telegram app's language, else the script they wrote in."""
        return sender_language(message.raw) or guess_language(message.text, self.default_language)


def _notice(lang: str, key: str, **params: object) -> Reply:
    return Reply(text=t(lang, key, **params), private=False)
