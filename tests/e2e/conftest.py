"""e2e fixtures: the real app on a real database, with fake platform servers on port 0."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.bootstrap import App, bootstrap
from bot.settings import Settings
from core.clock import FixedClock
from tests.fakes.fixtures import fake_slack, fake_telegram

__all__ = ["fake_slack", "fake_telegram"]

AppFactory = Callable[..., App]


@pytest.fixture
def make_app(database_url: str, tmp_path: Path, clock: FixedClock, speech_data_dir: Path) -> Iterator[AppFactory]:
    """Build the real app (bootstrap) with settings overrides, e.g. make_app(telegram_token=...).

    Its voice service finds the speech models in the session's one models dir, so a real transcription loads no
    model (and assembles none) that another test already did.
    """
    built: list[App] = []

    def factory(**overrides: Any) -> App:
        # The reminder scheduler ticks on its own when it starts; tests that want it say so.
        overrides.setdefault("scheduler_enabled", False)
        settings = Settings(_env_file=None, data_dir=tmp_path, database_url=database_url, http_port=0,  # type: ignore[call-arg]
                            **overrides)
        app = bootstrap(settings, clock=clock)
        if app.voice is not None:
            app.voice.config = dataclasses.replace(app.voice.config, data_dir=speech_data_dir)
        built.append(app)
        return app

    yield factory
    for app in built:
        app.close()
