"""The notifications section of the settings (SALESBOT_SCHEDULER_*, SALESBOT_NOTIFY_STALE_DAYS)."""

from __future__ import annotations

from pydantic_settings import BaseSettings

from core.settings import section_config


class NotificationSettings(BaseSettings):
    model_config = section_config()

    # Reminders, nudges, digests, suggestions. The scheduler runs in `salesbot serve`; with several serve processes
    # on one database, one of them (the lease holder) runs it.
    scheduler_enabled: bool = True
    scheduler_lease_seconds: int = 30
    # Days without activity before an open deal counts as quiet, per stage, e.g. {"proposal": 5} (JSON).
    notify_stale_days: dict[str, int] = {}
