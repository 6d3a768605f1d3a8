"""One Reply → Bot API calls (text, inline keyboard, photo), and Telegram errors → the outbox's retry decisions."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from datetime import timedelta
from typing import TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from core.outbound import Choice, PermanentFailure, Reply, RetryLater

log = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64  # bytes
# Buttons whose labels together fit this many characters share one row (Confirm · Edit · Cancel);
# longer ones (customer names to choose from) get a row each so phones do not truncate them.
ONE_ROW_CHARS = 36

T = TypeVar("T")


class Unreachable(PermanentFailure):
    """The user has not started the bot, or blocked it: a private message to them cannot be delivered."""


def keyboard(choices: list[Choice]) -> InlineKeyboardMarkup | None:
    buttons = []
    for choice in choices:
        if len(choice.action.encode()) > MAX_CALLBACK_DATA:
            # Telegram rejects the whole message; the typed fallback still works, so drop just the button.
            log.warning("callback data too long, button %r left out", choice.label)
            continue
        buttons.append(InlineKeyboardButton(choice.label, callback_data=choice.action))
    if not buttons:
        return None
    if len(buttons) <= 3 and sum(len(c.label) for c in choices) <= ONE_ROW_CHARS:
        return InlineKeyboardMarkup([buttons])
    return InlineKeyboardMarkup([[button] for button in buttons])


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Telegram refuses messages over 4096 characters; split at line breaks where possible."""
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut])
        rest = rest[cut:].lstrip("\n")
    if rest or not parts:
        parts.append(rest)
    return parts


def retry_seconds(exc: RetryAfter) -> float:
    # Under PTB_TIMEDELTA (which the channel opts into) a timedelta; otherwise an int with a deprecation warning.
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def translate(exc: TelegramError) -> Exception:
    """What the outbox should do about a failed call. Order matters: BadRequest is a NetworkError subclass."""
    if isinstance(exc, RetryAfter):
        return RetryLater(f"telegram rate limit: {exc}", after=retry_seconds(exc))
    if isinstance(exc, Forbidden):
        return Unreachable(f"telegram forbidden: {exc}")
    if isinstance(exc, BadRequest):
        return PermanentFailure(f"telegram bad request: {exc}")
    if isinstance(exc, (NetworkError, Conflict)):
        return RetryLater(f"telegram unavailable: {exc}")
    if isinstance(exc, InvalidToken):
        # A configuration problem (revoked token, wrong API URL): keep the messages until it is fixed.
        log.error("Telegram rejected the bot token: %s", exc)
        return RetryLater(f"telegram token rejected: {exc}")
    return PermanentFailure(f"telegram error: {exc}")


async def call(request: Awaitable[T]) -> T:
    try:
        return await request
    except ChatMigrated:
        raise  # the caller knows the new chat id to use
    except TelegramError as exc:
        raise translate(exc) from exc


async def send_reply(bot: Bot, chat_id: int, reply: Reply) -> str:
    """Deliver `reply`; returns the id of the message that carries the buttons (the one a later edit replaces)."""
    try:
        return await _send(bot, chat_id, reply)
    except ChatMigrated as migrated:
        # The group became a supergroup with a new id; Telegram tells us which, so deliver there.
        log.info("telegram chat %s migrated to %s", chat_id, migrated.new_chat_id)
        return await _send(bot, migrated.new_chat_id, reply)


async def _send(bot: Bot, chat_id: int, reply: Reply) -> str:
    markup = keyboard(reply.choices)
    if reply.image is not None:
        image = reply.image
        caption = image.caption or reply.text
        # One photo message when the text can be its caption; else the photo first, then the text with the buttons.
        if (not image.caption or not reply.text or image.caption == reply.text) and len(caption) <= MAX_CAPTION:
            photo = await call(bot.send_photo(chat_id, image.data, caption=caption or None, reply_markup=markup,
                                              filename=image.filename))
            return str(photo.message_id)
        photo = await call(bot.send_photo(chat_id, image.data, caption=(image.caption or "")[:MAX_CAPTION] or None,
                                          filename=image.filename))
        if not reply.text:
            return str(photo.message_id)
    parts = split_text(reply.text)
    message_id = ""
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        sent = await call(bot.send_message(chat_id, part, reply_markup=markup if last else None))
        message_id = str(sent.message_id)
    return message_id


async def edit_reply(bot: Bot, chat_id: int, message_id: int, reply: Reply) -> None:
    """Replace a message's text and buttons; without choices the inline keyboard is removed."""
    text = split_text(reply.text)[-1]
    try:
        await call(bot.edit_message_text(text, chat_id=chat_id, message_id=message_id,
                                         reply_markup=keyboard(reply.choices)))
    except PermanentFailure as failure:
        # Already in the wanted state (e.g. edited before a restart): nothing left to do.
        if "not modified" in str(failure).lower():
            return
        raise
