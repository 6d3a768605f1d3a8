"""The one root of the settings: each package's section, composed (read only when bootstrap or the CLI asks).

- `core` — `core.settings.CoreSettings`: SALESBOT_DATA_DIR, _DATABASE_URL, _AUTO_MIGRATE, _DEFAULT_*
- `channels` — `bot.channels.settings.ChannelSettings`: SALESBOT_HTTP_*, _MAX_UPLOAD_MB, _RETRY_AFTER_CAP, and
  its `telegram` (SALESBOT_TELEGRAM_*) and `slack` (SALESBOT_SLACK_*) parts
- `voice` — `bot.voice_jobs.config.VoiceSettings`: SALESBOT_STT_*, _WHISPER_MODEL, _VOICE_*, _AUDIO_RETENTION_DAYS,
  _TEAM_LANGUAGES
- `llm` — `bot.intents.llm.settings.LLMSettings`: SALESBOT_LLM_*
- `scoring` — `core.scoring.settings.ScoringSettings`: SALESBOT_INTENT_* (what makes a customer high-intent)
- `notifications` — `notifications.settings.NotificationSettings`: SALESBOT_SCHEDULER_*, SALESBOT_NOTIFY_STALE_DAYS
- `esign` — `bot.esign_settings.ESignSettings`: SALESBOT_ESIGN_*
- `api` — `bot.api.settings.ApiSettings`: SALESBOT_API_* (finance secret and user, webhook sending)

`Settings()` reads the environment and `.env`. Tests and tools may pass the flat names as keywords (the variable
name without `SALESBOT_`, lower case: `Settings(_env_file=None, telegram_token="…", http_port=0)`); each goes to
the section that owns it. A bad value raises `core.settings.ConfigError` with one line naming the variable.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, SecretStr
from pydantic_settings import BaseSettings

from bot.api.settings import ApiSettings
from bot.channels.settings import ChannelSettings, SlackSettings, TelegramSettings
from bot.esign_settings import ESignSettings
from bot.intents.llm.settings import LLMSettings
from bot.voice_jobs.config import VoiceSettings
from core.scoring.settings import ScoringSettings
from core.settings import ConfigError, CoreSettings, load_section
from notifications.settings import NotificationSettings

__all__ = ["ConfigError", "Settings"]

_FLAT_SECTIONS: dict[str, type[BaseSettings]] = {
    "core": CoreSettings, "voice": VoiceSettings, "llm": LLMSettings, "notifications": NotificationSettings,
    "channels": ChannelSettings, "telegram": TelegramSettings, "slack": SlackSettings, "esign": ESignSettings,
    "api": ApiSettings, "scoring": ScoringSettings,
}


def _flat_names(cls: type[BaseSettings]) -> dict[str, str]:
    """flat name (env variable without SALESBOT_, lower case) → field name."""
    prefix = str(cls.model_config.get("env_prefix") or "").lower().removeprefix("salesbot_")
    return {prefix + name: name for name in cls.model_fields if name not in ("telegram", "slack")}


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    core: CoreSettings
    channels: ChannelSettings
    voice: VoiceSettings
    llm: LLMSettings
    notifications: NotificationSettings
    esign: ESignSettings
    api: ApiSettings
    scoring: ScoringSettings

    def __init__(self, _env_file: Any = ".env", **flat: Any) -> None:
        routed: dict[str, dict[str, Any]] = {name: {} for name in _FLAT_SECTIONS}
        for key, value in flat.items():
            section = next((name for name, cls in _FLAT_SECTIONS.items() if key in _flat_names(cls)), None)
            if section is None:
                raise ConfigError(f"unknown setting {key!r}")
            routed[section][_flat_names(_FLAT_SECTIONS[section])[key]] = value
        super().__init__(
            core=load_section(CoreSettings, _env_file, **routed["core"]),
            channels=ChannelSettings.load(_env_file, telegram=routed["telegram"], slack=routed["slack"],
                                          **routed["channels"]),
            voice=load_section(VoiceSettings, _env_file, **routed["voice"]),
            llm=load_section(LLMSettings, _env_file, **routed["llm"]),
            notifications=load_section(NotificationSettings, _env_file, **routed["notifications"]),
            esign=load_section(ESignSettings, _env_file, **routed["esign"]),
            api=load_section(ApiSettings, _env_file, **routed["api"]),
            scoring=load_section(ScoringSettings, _env_file, **routed["scoring"]),
        )

    def secrets(self) -> list[str]:
        """Every configured secret value: what the log redaction filter masks."""
        found = self.channels.secrets()
        key: SecretStr | None = self.llm.api_key
        if key is not None:
            found.append(key.get_secret_value())
        if self.esign.webhook_secret is not None:
            found.append(self.esign.webhook_secret.get_secret_value())
        if self.api.finance_secret is not None:
            found.append(self.api.finance_secret.get_secret_value())
        return [value for value in found if value]
