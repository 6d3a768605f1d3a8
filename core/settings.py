"""Runtime settings, read from SALESBOT_* environment variables and `.env` — only when bootstrap asks."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Language = Literal["en", "zh"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SALESBOT_", env_file=".env", extra="ignore")

    data_dir: Path = Path("./data")
    database_url: str | None = None
    auto_migrate: bool = True
    default_currency: str = "CNY"
    default_timezone: str = "Asia/Shanghai"
    default_language: Language = "zh"

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
