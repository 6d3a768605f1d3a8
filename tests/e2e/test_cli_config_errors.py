"""Configuration mistakes through the `salesbot` command: exactly one line on stderr saying what is wrong and how to fix
it, exit code 2, no traceback — and nothing created where it should not be.

`serve` runs as a real process (it configures the process's logging, and a real process shows anything printed at
import); the other commands run through the same entry point in this process (tests/e2e/cli_process.py)."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.cli_process import CliResult, run_salesbot

Run = Callable[..., CliResult]


@pytest.fixture
def salesbot(tmp_path: Path) -> Run:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SALESBOT_")}
    data_dir = {"SALESBOT_DATA_DIR": str(tmp_path / "data")}

    def run(*args: str, **env: str) -> CliResult:
        if args[0] != "serve":
            return run_salesbot(*args, env={**data_dir, **env}, cwd=tmp_path)
        done = subprocess.run([sys.executable, "-m", "bot.cli", *args], input="", capture_output=True, text=True,
                              timeout=120, env={**base, **data_dir, **env}, cwd=tmp_path)
        return CliResult(done.returncode, done.stdout, done.stderr)

    return run


def one_error_line(result: CliResult, *expected: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for part in expected:
        assert part in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(("command", "url", "expected"), [
    (["chat", "--as", "Alice"], "not a database url", ["SALESBOT_DATABASE_URL", "sqlite:///"]),
    (["db", "upgrade"], "not a database url", ["SALESBOT_DATABASE_URL", "postgresql+psycopg://"]),
    (["serve"], "nosuchdb://host/db", ["SALESBOT_DATABASE_URL", "nosuchdb://host/db", "sqlite:///"]),
    (["user", "list"], "postgresql+psycopg://nobody:secret@127.0.0.1:1/x", ["cannot reach the database",
                                                                           "SALESBOT_DATABASE_URL"]),
    (["demo"], "postgresql+psycopg://nobody@127.0.0.1:1/x?bogus_option=1", ["SALESBOT_DATABASE_URL"]),
])
def test_a_bad_database_url_is_one_line(salesbot: Run, command: list[str], url: str, expected: list[str]) -> None:
    line = one_error_line(salesbot(*command, SALESBOT_DATABASE_URL=url), *expected)
    assert "secret" not in line  # a password in the URL is never echoed


@pytest.mark.parametrize("command", [["chat", "--as", "Alice"], ["db", "upgrade"], ["serve"]])
def test_sqlite_never_creates_a_directory_outside_the_data_dir(salesbot: Run, tmp_path: Path,
                                                               command: list[str]) -> None:
    missing = tmp_path / "nonexistent" / "dir"
    result = salesbot(*command, SALESBOT_DATABASE_URL=f"sqlite:///{missing}/x.db")
    one_error_line(result, f"{missing} does not exist", "SALESBOT_DATABASE_URL")
    assert not (tmp_path / "nonexistent").exists()


def test_a_data_dir_whose_parent_is_missing_is_one_line_and_creates_nothing(salesbot: Run, tmp_path: Path) -> None:
    result = salesbot("db", "upgrade", SALESBOT_DATA_DIR=str(tmp_path / "no" / "data"))
    one_error_line(result, "SALESBOT_DATA_DIR", str(tmp_path / "no"))
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("command", [["chat", "--as", "Alice"], ["serve"], ["parse", "hello"]])
def test_invalid_json_in_a_json_setting_is_one_line(salesbot: Run, command: list[str]) -> None:
    result = salesbot(*command, SALESBOT_NOTIFY_STALE_DAYS="{bad")
    one_error_line(result, "SALESBOT_NOTIFY_STALE_DAYS", "not valid JSON", '{"proposal": 5')


def test_an_invalid_typed_setting_names_its_variable(salesbot: Run) -> None:
    one_error_line(salesbot("serve", SALESBOT_HTTP_PORT="eighty"), "SALESBOT_HTTP_PORT")


def test_serve_on_a_port_in_use_is_one_line(salesbot: Run, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = salesbot("serve", SALESBOT_HTTP_PORT=str(port), SALESBOT_TELEGRAM_TOKEN="123:test",
                          SALESBOT_DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    one_error_line(result, f"127.0.0.1:{port}", "already in use", "SALESBOT_HTTP_PORT")
    assert result.stdout == ""


def test_the_data_dir_is_created_private_and_the_database_file_too(salesbot: Run, tmp_path: Path) -> None:
    result = salesbot("db", "upgrade")
    assert result.returncode == 0, result.stderr
    data = tmp_path / "data"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "salesbot.db").stat().st_mode) == 0o600
