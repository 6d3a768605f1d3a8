"""SALESBOT_INTENT_*: the high-intent weights, threshold and half-life as settings — today's values by default,
partial weights merged over the defaults, nonsense refused naming the variable (never silently clamped)."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from core.scoring.intent import IntentConfig
from core.scoring.settings import ScoringSettings
from core.settings import ConfigError, load_section


def test_the_defaults_are_todays_constants() -> None:
    assert load_section(ScoringSettings, env_file=None).intent_config() == IntentConfig()


def test_read_from_the_environment_through_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESBOT_INTENT_THRESHOLD", "6.5")
    monkeypatch.setenv("SALESBOT_INTENT_HALF_LIFE_DAYS", "3")
    monkeypatch.setenv("SALESBOT_INTENT_WEIGHTS", '{"download": 5, "email_open": 0.25}')
    config = Settings(_env_file=None).scoring.intent_config()
    assert (config.threshold, config.half_life_days) == (6.5, 3.0)
    # Kinds not named keep their weight; the pricing boost is untouched.
    assert config.weights == {"website_visit": 1.0, "product_page_view": 2.0, "email_open": 0.25, "download": 5.0}
    assert config.page_boost == IntentConfig().page_boost


def test_flat_keywords_reach_the_section() -> None:
    assert Settings(_env_file=None, intent_threshold=4).scoring.intent_threshold == 4.0


@pytest.mark.parametrize(("values", "variable"), [
    ({"intent_threshold": 0}, "SALESBOT_INTENT_THRESHOLD"),
    ({"intent_threshold": -3}, "SALESBOT_INTENT_THRESHOLD"),
    ({"intent_threshold": "nan"}, "SALESBOT_INTENT_THRESHOLD"),
    ({"intent_half_life_days": 0}, "SALESBOT_INTENT_HALF_LIFE_DAYS"),
    ({"intent_half_life_days": "inf"}, "SALESBOT_INTENT_HALF_LIFE_DAYS"),
    ({"intent_weights": {"download": 0}}, "SALESBOT_INTENT_WEIGHTS"),
    ({"intent_weights": {"download": -1}}, "SALESBOT_INTENT_WEIGHTS"),
    ({"intent_weights": {"webinar": 2}}, "SALESBOT_INTENT_WEIGHTS"),  # a typo would silently weigh nothing
])
def test_nonsense_is_refused_naming_the_variable(values: dict[str, object], variable: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        load_section(ScoringSettings, env_file=None, **values)
