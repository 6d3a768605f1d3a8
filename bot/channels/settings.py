"""The channels' section of the settings: Slack, Telegram, the HTTP server they share, uploads and delivery.

Environment variables keep their documented names: SALESBOT_TELEGRAM_TOKEN, SALESBOT_SLACK_BOT_TOKEN,
SALESBOT_HTTP_PORT, … Tokens and secrets are `SecretStr`: they print as `**********` and reach only the calls
that need them.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from core.settings import load_section, section_config

# What Telegram accepts as a webhook secret_token.
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class TelegramSettings(BaseSettings):
    """SALESBOT_TELEGRAM_*: a Telegram channel runs when the token is set."""

    model_config = section_config("SALESBOT_TELEGRAM_")

    token: SecretStr | None = None
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    api_url: str = "https://api.telegram.org"
    bot_username: str | None = None  # for invite links; asked from getMe when unset


class SlackSettings(BaseSettings):
    """SALESBOT_SLACK_*: a Slack channel runs when the bot token is set."""

    model_config = section_config("SALESBOT_SLACK_")

    bot_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    app_token: SecretStr | None = None  # set → Socket Mode instead of HTTP events
    api_url: str = "https://slack.com/api/"
    link_by_email: bool = False  # link Slack users whose profile email matches a salesbot user


class ChannelSettings(BaseSettings):
    model_config = section_config()

    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=0, le=65535)
    # Seconds a connection may stay idle (before its first request, or between requests) before it is closed,
    # and a request body may take to arrive.
    http_keepalive_timeout: float = Field(default=15.0, gt=0)
    http_read_timeout: float = Field(default=10.0, gt=0)
    max_upload_mb: int = Field(default=20, gt=0)  # files (voice notes, audio) larger than this are refused
    # The longest wait a platform's rate limit (retry_after) may impose on a message; beyond it the message
    # waits in the outbox with backoff instead, and other chats keep flowing.
    retry_after_cap: float = Field(default=300.0, gt=0)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    slack: SlackSettings = Field(default_factory=SlackSettings)

    @classmethod
    def load(cls, env_file: Any = ".env", *, telegram: dict[str, Any] | None = None,
             slack: dict[str, Any] | None = None, **values: Any) -> ChannelSettings:
        return load_section(cls, env_file, telegram=load_section(TelegramSettings, env_file, **(telegram or {})),
                            slack=load_section(SlackSettings, env_file, **(slack or {})), **values)

    def secrets(self) -> list[str]:
        """Every configured secret value (for the log redaction filter)."""
        values = [self.telegram.token, self.telegram.webhook_secret, self.slack.bot_token, self.slack.signing_secret,
                  self.slack.app_token]
        return [value.get_secret_value() for value in values if value is not None]
