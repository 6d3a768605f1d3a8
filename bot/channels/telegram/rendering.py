"""One Reply → Bot API calls (text, inline keyboard, photo), and Telegram errors → the outbox's retry decisions."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

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
from core.redaction import redact

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
    """What the outbox should do about a failed call. Order matters: BadRequest is a NetworkError subclass.
    (The outbox caps a long retry_after: see notifications.outbox.) Messages never carry a token."""
    text = redact(str(exc))[:300]
    if isinstance(exc, RetryAfter):
        return RetryLater(f"telegram rate limit: {text}", after=retry_seconds(exc))
    if isinstance(exc, Forbidden):
        return Unreachable(f"telegram forbidden: {text}")
    if isinstance(exc, BadRequest):
        return PermanentFailure(f"telegram bad request: {text}")
    if isinstance(exc, (NetworkError, Conflict)):
        return RetryLater(f"telegram unavailable: {text}")
    if isinstance(exc, InvalidToken):
        # A configuration problem (revoked token, wrong API URL): keep the messages until it is fixed.
        log.error("Telegram rejected the bot token")
        return RetryLater("telegram token rejected")
    return PermanentFailure(f"telegram error: {text}")


async def call(request: Awaitable[T]) -> T:
    try:
        return await request
    except ChatMigrated:
        raise  # the caller knows the new chat id to use
    except TelegramError as exc:
        raise translate(exc) from exc


RESUME_PREFIX = "parts:"


def resume_token(done: int) -> str:
    return f"{RESUME_PREFIX}{done}"


def parts_done(token: str | None) -> int:
    """How many platform messages of a reply went out before (from RetryLater.resume); 0 when unknown."""
    if not token or not token.startswith(RESUME_PREFIX):
        return 0
    try:
        return max(0, int(token[len(RESUME_PREFIX):]))
    except ValueError:
        return 0


async def send_reply(bot: Bot, chat_id: int, reply: Reply, *, skip: int = 0) -> str:
    """Deliver `reply`; returns the id of the message that carries the buttons (the one a later edit replaces).
    A reply may take several messages (a photo, a long text in parts). When one of them has to be retried, the
    RetryLater says how many went out (`resume`), and the retry passes that as `skip`: nothing is sent twice."""
    try:
        return await _send(bot, chat_id, reply, skip)
    except ChatMigrated as migrated:
        # The group became a supergroup with a new id; Telegram tells us which, so deliver there.
        log.info("telegram chat %s migrated to %s", chat_id, migrated.new_chat_id)
        return await _send(bot, migrated.new_chat_id, reply, skip)


Step = Callable[[], Awaitable[Any]]
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


def _steps(bot: Bot, chat_id: int, reply: Reply) -> list[Step]:
    """The messages a reply becomes, in order; the last one carries the buttons."""
    markup = keyboard(reply.choices)
    steps: list[Step] = []
    if reply.image is not None:
        image = reply.image
        caption = image.caption or reply.text
        # One photo message when the text can be its caption; else the photo first, then the text with the buttons.
        if (not image.caption or not reply.text or image.caption == reply.text) and len(caption) <= MAX_CAPTION:
            return [lambda: bot.send_photo(chat_id, image.data, caption=caption or None, reply_markup=markup,
                                           filename=image.filename)]
        steps.append(lambda: bot.send_photo(chat_id, image.data, caption=(image.caption or "")[:MAX_CAPTION] or None,
                                            filename=image.filename))
        if not reply.text:
            return steps
    if reply.document is not None:
        document = reply.document
        # Photos we keep go back as photos (previewed inline); anything else (a signed PDF) as a document.
        send = bot.send_photo if document.media_type in PHOTO_TYPES else bot.send_document
        if reply.image is None and len(reply.text) <= MAX_CAPTION:  # one message: the file, the text its caption
            return [lambda: send(chat_id, document.data, caption=reply.text or None, reply_markup=markup,
                                 filename=document.filename)]
        steps.append(lambda: send(chat_id, document.data, caption=(document.caption or "")[:MAX_CAPTION] or None,
                                  filename=document.filename))
        if not reply.text:
            return steps
    parts = split_text(reply.text)
    steps += [_text_step(bot, chat_id, part, markup if index == len(parts) - 1 else None)
              for index, part in enumerate(parts)]
    return steps


def _text_step(bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | None) -> Step:
    return lambda: bot.send_message(chat_id, text, reply_markup=markup)


async def _send(bot: Bot, chat_id: int, reply: Reply, skip: int) -> str:
    steps = _steps(bot, chat_id, reply)
    done = min(skip, len(steps) - 1)  # the last message (with the buttons) is never skipped
    message_id = ""
    for step in steps[done:]:
        try:
            sent = await call(step())
        except RetryLater as retry:
            if done > 0:  # earlier parts are out: the next attempt starts after them
                raise RetryLater(str(retry), after=retry.after, resume=resume_token(done)) from retry
            raise
        message_id = str(sent.message_id)
        done += 1
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
