"""Building the python-telegram-bot objects from settings; nothing here connects until awaited."""

from __future__ import annotations

import logging
import os
from typing import Any, TypeAlias

from telegram import Bot
from telegram.error import TelegramError
from telegram.ext import Application

from bot.channels.settings import TelegramSettings

log = logging.getLogger(__name__)

PtbApp: TypeAlias = Application[Any, Any, Any, Any, Any, Any]

# Only what the adapter handles: Telegram then never stores (or redelivers) other kinds for us.
ALLOWED_UPDATES = ("message", "callback_query")
# Updates handled at once; a per-user lock keeps one person's messages in order.
CONCURRENT_UPDATES = 32


def opt_into_timedelta() -> None:
    """PTB 22.2+ warns (PTBDeprecationWarning) whenever RetryAfter or a duration is read as int, and switches to
    timedelta in its next major version; opting in now removes the warning and the later surprise. Our code
    accepts both types, and an operator's explicit PTB_TIMEDELTA setting is respected."""
    os.environ.setdefault("PTB_TIMEDELTA", "1")


def api_prefixes(settings: TelegramSettings) -> tuple[str, str]:
    """PTB appends the token to both prefixes: `{root}/bot{token}/{method}`, `{root}/file/bot{token}/{path}`."""
    root = settings.api_url.rstrip("/")
    return f"{root}/bot", f"{root}/file/bot"


def require_token(settings: TelegramSettings) -> str:
    if settings.token is None or not settings.token.get_secret_value():
        raise ValueError("SALESBOT_TELEGRAM_TOKEN is not set")
    return settings.token.get_secret_value()


def build_application(settings: TelegramSettings) -> PtbApp:
    """The Application around the Bot. Updates do not go through PTB's Updater or update queue: the channel
    fetches (polling) or receives (webhook) them itself, stores them, and processes them from the store."""
    opt_into_timedelta()
    base_url, base_file_url = api_prefixes(settings)
    builder = (
        Application.builder()
        .token(require_token(settings))
        .base_url(base_url)
        .base_file_url(base_file_url)
        .concurrent_updates(CONCURRENT_UPDATES)
        # Reminders and retries live in the database (scheduler, outbox), not in PTB's in-memory job queue.
        .job_queue(None)
        .updater(None)
    )
    return builder.build()


async def fetch_bot_username(settings: TelegramSettings) -> str | None:
    """The bot's @username from getMe (for invite deep links); None when Telegram cannot be asked."""
    opt_into_timedelta()
    base_url, base_file_url = api_prefixes(settings)
    bot = Bot(require_token(settings), base_url=base_url, base_file_url=base_file_url)
    try:
        async with bot:
            return bot.username
    except TelegramError as exc:
        log.warning("could not ask Telegram for the bot's username (%s)", type(exc).__name__)
        return None
