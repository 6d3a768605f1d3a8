"""Runtime settings, read from SALESBOT_* environment variables and `.env` — only when bootstrap asks."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
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

    # The optional LLM (any LangChain chat model) for what the rules cannot parse, minutes and report drafts.
    llm_provider: Literal["none", "openai", "ollama"] = "none"
    llm_model: str | None = None
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = Field(default=8.0, gt=0, le=120)

    # Channels (issue: Slack and Telegram). A channel runs when its token is set.
    telegram_token: str | None = None
    telegram_mode: Literal["polling", "webhook"] = "polling"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_bot_username: str | None = None  # for invite links; asked from getMe when unset
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None  # set → Socket Mode instead of HTTP events
    slack_api_url: str = "https://slack.com/api/"
    slack_link_by_email: bool = False  # link Slack users whose profile email matches a salesbot user
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    max_upload_mb: int = Field(default=20, gt=0)  # files (voice notes, audio) larger than this are refused

    # Voice notes (docs/voice.md). The model loads on the first transcription, never at import or bootstrap.
    stt_backend: Literal["faster-whisper", "openai-whisper"] = "faster-whisper"
    whisper_model: str | None = None  # None: en=tiny.en, zh/auto=base; or "small", "en=base", a path
    stt_threads: int = Field(default=0, ge=0)  # CPU threads per transcription; 0: all cores
    voice_max_minutes: float = Field(default=15, gt=0)
    voice_long_note_seconds: float = Field(default=45, gt=0)  # longer notes become meeting minutes
    audio_retention_days: int = Field(default=30, ge=0)  # 0: audio is deleted once its note is processed
    team_languages: str = "en,zh"  # language detection chooses only among these

    @field_validator("team_languages")
    @classmethod
    def _language_list(cls, value: str) -> str:
        codes = [code.strip().lower() for code in value.replace(";", ",").split(",") if code.strip()]
        if not codes or not all(len(code) == 2 and code.isalpha() for code in codes):
            raise ValueError(f"expected comma-separated ISO 639-1 codes such as 'en,zh', got {value!r}")
        return ",".join(dict.fromkeys(codes))

    @property
    def team_language_list(self) -> tuple[str, ...]:
        return tuple(self.team_languages.split(","))

    # Notifications (reminders, nudges, digests, suggestions). The scheduler runs in `salesbot serve`; with
    # several serve processes on one database, one of them (the lease holder) runs it.
    scheduler_enabled: bool = True
    scheduler_lease_seconds: int = 30
    # Days without activity before an open deal counts as quiet, per stage, e.g. {"proposal": 5} (JSON).
    notify_stale_days: dict[str, int] = {}

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
