"""Core's settings: where the data lives and the defaults the domain needs — read only when bootstrap asks.

Each package owns its settings section (`bot.channels.settings`, `bot.voice_jobs.config`, `bot.intents.llm.settings`,
`notifications.settings`); `bot.settings.Settings` composes them. Every section reads `SALESBOT_*` variables (and
`.env`) with the same names as always.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Language = Literal["en", "zh"]
S = TypeVar("S", bound=BaseSettings)


class ConfigError(ValueError):
    """A setting has a value salesbot cannot use; the message is one line naming the variable."""


def section_config(prefix: str = "SALESBOT_") -> SettingsConfigDict:
    return SettingsConfigDict(env_prefix=prefix, env_file=".env", extra="ignore")


def load_section(cls: type[S], env_file: Any = ".env", **values: Any) -> S:
    """Build one section from the environment (and `env_file`), with explicit `values` on top; a bad value
    becomes a ConfigError naming its environment variable (never the value: it may be a secret)."""
    try:
        return cls(_env_file=env_file, **values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first.get("loc", ())) or "?"
        prefix = str(cls.model_config.get("env_prefix") or "")
        raise ConfigError(f"invalid setting {(prefix + field).upper()}: {first.get('msg')}") from None


class CoreSettings(BaseSettings):
    model_config = section_config()

    data_dir: Path = Path("./data")
    database_url: str | None = None
    auto_migrate: bool = True
    default_currency: str = "CNY"
    default_timezone: str = "Asia/Shanghai"
    default_language: Language = "zh"
    # Where users' browsers reach `salesbot serve` (e.g. https://sales.example.com): the dashboard's sign-in links
    # start with it. Unset: the bot says the dashboard is not configured.
    public_url: str | None = None

    @field_validator("public_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        clean = value.strip().rstrip("/")
        if not clean.startswith(("http://", "https://")) or len(clean) < 10:
            raise ValueError("must start with http:// or https://")
        return clean

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}") from exc
        return value

    @field_validator("default_currency")
    @classmethod
    def _iso_currency(cls, value: str) -> str:
        code = value.strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise ValueError(f"currency must be a 3-letter ISO code, got {value!r}")
        return code

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'salesbot.db').resolve()}"
