"""The e-signature section of the settings (SALESBOT_ESIGN_*): which provider, and the webhook's shared secret
(`SecretStr`: it prints as `**********` and reaches only the webhook's check)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from core.settings import section_config


class ESignSettings(BaseSettings):
    """SALESBOT_ESIGN_*: the e-signature provider and the webhook's shared secret."""

    model_config = section_config("SALESBOT_ESIGN_")

    provider: str = Field(default="manual")
    webhook_secret: SecretStr | None = None
