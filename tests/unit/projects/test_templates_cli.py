"""`salesbot templates`: every template a win may use, checked before a win finds a broken one."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main


def test_the_packaged_templates_are_listed_and_pass(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SALESBOT_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["templates"])
    assert result.exit_code == 0, result.output
    assert [line.split(":")[0] for line in result.output.splitlines()] == ["✓ default", "✓ hardware", "✓ software"]
    assert "Software implementation — 8 tasks (2 milestones)" in result.output


def test_a_teams_broken_copy_fails_the_check_naming_the_line(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    folder = tmp_path / "project_templates"
    folder.mkdir()
    (folder / "software.toml").write_text('name = "Ours"\n[[tasks]]\nname = "A"\ndays = 1\nafter = ["B"]\n', "utf-8")
    (folder / "consulting.toml").write_text('name = "Consulting"\n[[tasks]]\nname = "Workshop"\ndays = 2\n', "utf-8")
    monkeypatch.setenv("SALESBOT_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["templates"])
    assert result.exit_code == 1
    lines = dict(line.split(":", 1) for line in result.output.splitlines())
    assert "line 3" in lines["✗ software"] and "“B”, which is not in the template" in lines["✗ software"]
    assert "Consulting — 1 tasks" in lines["✓ consulting"]
