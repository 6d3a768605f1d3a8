"""Fake Telegram Bot API and Slack Web API servers for tests.

Real aiohttp servers on 127.0.0.1:<ephemeral port>: the real client
libraries talk real HTTP to them, nothing reaches the network.
See docs/testing-fakes.md for usage and gotchas.
"""

from ._server import DEFAULT_TIMEOUT, LocalServer, RecordedCall, UploadedFile
from .slack_api import DEFAULT_BOT_TOKEN, FakeSlack
from .slack_objects import ResponseUrlPost, SlackMessage, SlackUpload
from .telegram_api import DEFAULT_TOKEN, FakeTelegram
from .telegram_objects import DEFAULT_GROUP, DEFAULT_USER, SentMessage, TgChat, TgUser, post_webhook_update

__all__ = [
    "DEFAULT_BOT_TOKEN",
    "DEFAULT_GROUP",
    "DEFAULT_TIMEOUT",
    "DEFAULT_TOKEN",
    "DEFAULT_USER",
    "FakeSlack",
    "FakeTelegram",
    "LocalServer",
    "RecordedCall",
    "ResponseUrlPost",
    "SentMessage",
    "SlackMessage",
    "SlackUpload",
    "TgChat",
    "TgUser",
    "UploadedFile",
    "post_webhook_update",
]
