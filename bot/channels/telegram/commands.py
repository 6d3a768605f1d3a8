"""The slash commands: which ones there are, what they mean to the assistant, and the bot's command menu."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand
from telegram.error import TelegramError

from core.i18n import t
from core.outbound import Reply

from .accounts import Person

log = logging.getLogger(__name__)

# Commands that are plain requests to the assistant. The values are what the rule parser reads (it understands
# English for every user), never shown to anyone — replies come in the user's own language.
AS_TEXT = {
    "help": "help",
    "pipeline": "my pipeline",
    "tasks": "what's on today",
    "report": "daily report",
}
# The command menu, in the order Telegram shows it.
MENU = ("help", "pipeline", "tasks", "report", "settings")


def settings_reply(person: Person) -> Reply:
    lang = person.language
    language = t(lang, f"telegram.language.{person.language}")
    return Reply(text=t(lang, "telegram.settings", language=language, timezone=person.timezone))


def bot_link(username: str) -> str:
    return f"https://t.me/{username}"


async def publish_menu(bot: Bot) -> None:
    """Set the "/" menu in English (the default) and in Chinese (for Chinese Telegram apps). Best effort:
    the commands work without the menu, so a failure is only logged."""
    try:
        for lang, code in (("en", None), ("zh", "zh")):
            commands = [BotCommand(name, t(lang, f"telegram.commands.{name}")) for name in MENU]
            await bot.set_my_commands(commands, language_code=code)
    except TelegramError as exc:
        log.warning("could not set the Telegram command menu: %s", exc)
