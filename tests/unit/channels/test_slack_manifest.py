"""docs/slack-manifest.yaml asks for exactly the scopes and events the Slack channel uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.channels.slack.channel import EVENTS_PATH

MANIFEST = Path(__file__).resolve().parents[3] / "docs" / "slack-manifest.yaml"


@pytest.fixture
def manifest() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    loaded: dict[str, Any] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return loaded


def test_scopes_and_events_are_exactly_what_the_code_uses(manifest: dict[str, Any]) -> None:
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted([
        "app_mentions:read", "chat:write", "commands", "files:read", "files:write", "im:history", "im:write",
        "users:read", "users:read.email",
    ])
    assert "user" not in manifest["oauth_config"]["scopes"]
    assert sorted(manifest["settings"]["event_subscriptions"]["bot_events"]) == [
        "app_home_opened", "app_mention", "message.im"]


def test_every_url_points_at_the_one_events_endpoint(manifest: dict[str, Any]) -> None:
    settings, features = manifest["settings"], manifest["features"]
    urls = [settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"],
            *(command["url"] for command in features["slash_commands"])]
    assert all(url.endswith(EVENTS_PATH) for url in urls)
    assert [command["command"] for command in features["slash_commands"]] == ["/sales"]
    assert features["app_home"]["home_tab_enabled"] is True
