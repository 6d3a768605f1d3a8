"""The scoring section of the settings: what makes a customer high-intent (SALESBOT_INTENT_*).

Read only when bootstrap asks; `intent_config()` becomes `Defaults.intent`, which every unit carries, so the chat
answer, the push and the API flag the same customers.
"""

from __future__ import annotations

import math

from pydantic import field_validator
from pydantic_settings import BaseSettings

from core.scoring.intent_config import DEFAULT_WEIGHTS, IntentConfig
from core.settings import section_config


class ScoringSettings(BaseSettings):
    model_config = section_config()

    # What one event of each kind is worth, e.g. {"download": 5} (JSON; kinds not named keep their default).
    intent_weights: dict[str, float] = {}
    # The decayed score at which a customer counts as high-intent (its owner is told once per crossing).
    intent_threshold: float = 10.0
    # Days after which an event counts half.
    intent_half_life_days: float = 7.0

    @field_validator("intent_weights")
    @classmethod
    def _known_positive_weights(cls, value: dict[str, float]) -> dict[str, float]:
        for kind, weight in value.items():
            if kind not in DEFAULT_WEIGHTS:
                raise ValueError(f"unknown event kind {kind!r} (known: {', '.join(DEFAULT_WEIGHTS)})")
            if not (weight > 0 and math.isfinite(weight)):
                raise ValueError(f"the weight of {kind} must be a number greater than 0")
        return value

    @field_validator("intent_threshold", "intent_half_life_days")
    @classmethod
    def _positive(cls, value: float) -> float:
        if not (value > 0 and math.isfinite(value)):
            raise ValueError("must be a number greater than 0")
        return value

    def intent_config(self) -> IntentConfig:
        return IntentConfig(half_life_days=self.intent_half_life_days, threshold=self.intent_threshold,
                            weights={**DEFAULT_WEIGHTS, **self.intent_weights})
