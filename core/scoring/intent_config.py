"""What high-intent scoring weighs (a behaviour event and the config that weighs it) — plain data with no database
behind it, so the units' `Defaults` can carry the configured one (SALESBOT_INTENT_*, `core.scoring.settings`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

# Each kind of behaviour event and what one is worth (a download says more than an opened email).
DEFAULT_WEIGHTS = {"website_visit": 1.0, "product_page_view": 2.0, "email_open": 0.5, "download": 3.0}


@dataclass(frozen=True)
class Event:
    kind: str  # website_visit | product_page_view | email_open | download
    customer_id: int
    occurred_at: datetime
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def subject(self) -> str:
        """What it was about: the page, the file (empty when the event says nothing)."""
        return str(self.detail.get("page") or self.detail.get("file") or self.detail.get("subject") or "")


@dataclass(frozen=True)
class IntentConfig:
    half_life_days: float = 7.0
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    # Pages that say more than others about buying (a view of the pricing page counts this much more).
    page_boost: dict[str, float] = field(default_factory=lambda: {"pricing": 1.5})
    threshold: float = 10.0
    # After a crossing the score must fall under threshold × rearm before a new crossing counts: a customer
    # hovering around the threshold is flagged once, not every other day.
    rearm: float = 0.5

    def weight(self, event: Event) -> float:
        return self.weights.get(event.kind, 0.0) * self.page_boost.get(event.subject.casefold(), 1.0)

    @property
    def lookback(self) -> timedelta:
        # Older events weigh under 0.4% of a fresh one: left out of the sums.
        return timedelta(days=8 * self.half_life_days)
