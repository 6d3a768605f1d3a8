"""The API section of the settings (SALESBOT_API_*): the finance systems' shared secret (`SecretStr`) and whom
their payments are booked as, and how outgoing webhooks are sent."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from core.settings import section_config


class ApiSettings(BaseSettings):
    model_config = section_config("SALESBOT_API_")

    # POST /api/v1/finance/payments is off (404) until both are set.
    finance_secret: SecretStr | None = None
    finance_user: str | None = None  # the (finance) user the reported payments are recorded as
    # A signed request older (or newer) than this is refused: a captured request cannot be replayed later.
    finance_tolerance_seconds: int = Field(default=300, ge=10)
    webhook_timeout: float = Field(default=10.0, gt=0)
    webhook_max_attempts: int = Field(default=9, ge=1, le=50)
    webhook_poll_seconds: float = Field(default=5.0, gt=0)
