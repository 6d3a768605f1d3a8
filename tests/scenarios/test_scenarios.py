"""Every scenario in tests/scenarios/data, run as a conversation; plus the invariants no scenario may break."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.clock import FixedClock
from core.context import CoreGateway, Defaults
from core.db import make_engine, make_session_factory
from tests.scenarios.harness import NOW, Chat, Scenario, all_scenarios, build_world, check_effects, check_turn


@pytest.fixture(scope="module")
def world_template(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """The seeded world once; each scenario gets its own copy."""
    path = tmp_path_factory.mktemp("scenarios") / "world.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    build_world(CoreGateway(make_session_factory(engine), FixedClock(NOW), Defaults("CNY", "Asia/Shanghai", "zh")))
    engine.dispose()
    return path


@pytest.fixture
def core_for_scenario(world_template: Path, tmp_path: Path) -> Iterator[CoreGateway]:
    path = tmp_path / "salesbot.db"
    shutil.copy(world_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield CoreGateway(make_session_factory(engine), FixedClock(NOW), Defaults("CNY", "Asia/Shanghai", "zh"))
    engine.dispose()


@pytest.mark.parametrize("scenario", [pytest.param(s, id=name) for name, s in all_scenarios()])
def test_scenario(core_for_scenario: CoreGateway, scenario: Scenario) -> None:
    chat = Chat(core_for_scenario, scenario.persona)
    transcript: list[str] = []
    problems: list[str] = []
    for number, turn in enumerate(scenario.turns, start=1):
        replies = chat.send(turn)
        said = turn.say if turn.tap is None else f"[tap {turn.tap}]"
        transcript.append(f"> {said}")
        transcript += [r.text for r in replies]
        problems += [f"turn {number} ({said}): {p}" for p in check_turn(turn, replies)]
    problems += [f"afterwards: {p}" for p in check_effects(core_for_scenario, scenario.then)]
    assert not problems, "\n".join(problems) + "\n--- transcript ---\n" + "\n".join(transcript)
