"""The Telegram channel (python-telegram-bot): private chats, groups (only when mentioned), polling or webhook.

Modules: `client` (building PTB objects), `receiving` (updates → IncomingMessage), `inbound` (one update through
the assistant), `commands` (slash commands), `rendering` (Reply → Bot API calls, errors → retry decisions),
`webhook` (the HTTP route), `accounts` (the adapter's database bookkeeping), `channel` (the runtime).
"""

from .channel import TelegramChannel
from .client import fetch_bot_username

__all__ = ["TelegramChannel", "fetch_bot_username"]
