"""The data dir is private to salesbot's user: created 0700, the SQLite database (with its -wal and -shm files)
0600, and a voice note's audio kept only inside that database (the voice_audio table), never as a file."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.bootstrap import App, bootstrap
from bot.settings import Settings
from core.clock import FixedClock
from core.db import DatabaseError, make_engine
from core.models import VoiceAudio
from tests.integration.voice_support import StubTranscriber, make_voice


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def app(tmp_path: Path, clock: FixedClock) -> Iterator[App]:
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", scheduler_enabled=False)  # type: ignore[call-arg]
    built = bootstrap(settings, clock=clock)
    yield built
    built.close()


def test_the_data_dir_is_0700_and_the_database_and_its_journal_files_0600(app: App, tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert mode(data) == 0o700
    world = make_voice(app.core, StubTranscriber("visited northwind today"))
    try:
        alice = world.user("Alice")
        world.send(alice, "en_short.wav")
        world.run_all()
        with app.core.system() as system:
            assert system.session.scalar(select(func.count()).select_from(VoiceAudio)) == 1  # kept, in the database
        files = sorted(p.name for p in data.rglob("*") if p.is_file())
        assert "salesbot.db" in files and "salesbot.db-wal" in files
        assert set(files) <= {"salesbot.db", "salesbot.db-wal", "salesbot.db-shm"}  # no audio file anywhere
        assert {name: mode(data / name) for name in files} == dict.fromkeys(files, 0o600)
    finally:
        world.service.close()


def test_an_existing_database_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    path.touch(mode=0o640)
    path.chmod(0o640)
    make_engine(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o640  # what an administrator set is left alone


def test_a_directory_inside_the_data_dir_is_created_private_and_none_outside(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_engine(f"sqlite:///{data}/db/salesbot.db", data_dir=data).dispose()
    assert mode(data) == mode(data / "db") == 0o700 and mode(data / "db" / "salesbot.db") == 0o600
    with pytest.raises(DatabaseError, match="does not exist"):
        make_engine(f"sqlite:///{tmp_path}/elsewhere/x.db", data_dir=data)
    with pytest.raises(DatabaseError, match="does not exist"):
        make_engine(f"sqlite:///{tmp_path}/nodata/x.db")  # no data dir given: nothing is created
    assert not (tmp_path / "elsewhere").exists() and not (tmp_path / "nodata").exists()
