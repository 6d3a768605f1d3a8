"""Project templates as data: the packaged ones parse, a team's copy wins, a broken one names file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.datafiles import DataFileError
from core.project_templates import template_for
from core.scheduling import PlanTask, schedule


def test_the_packaged_templates_parse_and_schedule() -> None:
    from datetime import date

    for kind in ("software", "hardware", None, "no-such-type"):
        template = template_for(kind, None)
        plan = schedule([PlanTask(t.name, t.days, tuple(t.after)) for t in template.tasks], date(2026, 12, 1))
        assert plan.critical_path
    assert template_for("software", None).key == "software"
    assert template_for("no-such-type", None).key == "default"
    assert template_for("../etc/passwd", None).key == "default"


def _write(data_dir: Path, name: str, text: str) -> Path:
    folder = data_dir / "project_templates"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def test_a_teams_own_template_replaces_the_packaged_one(tmp_path: Path) -> None:
    _write(tmp_path, "software.toml", 'name = "Ours"\n[[tasks]]\nname = "Only"\nname_zh = "唯一"\ndays = 2\n')
    template = template_for("Software", tmp_path)
    assert template.name == "Ours" and [t.label("zh") for t in template.tasks] == ["唯一"]
    assert template.budget_hours is None


def test_toml_that_does_not_parse_names_file_and_line(tmp_path: Path) -> None:
    _write(tmp_path, "default.toml", 'name = "x"\n[[tasks]]\nname = "A"\ndays = = 3\n')
    with pytest.raises(DataFileError) as caught:
        template_for(None, tmp_path)
    assert caught.value.params["file"] == "default.toml" and "line 4" in caught.value.params["detail"]


def test_a_bad_value_names_the_task_and_its_line(tmp_path: Path) -> None:
    _write(tmp_path, "default.toml", 'name = "x"\n\n[[tasks]]\nname = "A"\ndays = 1\n\n[[tasks]]\nname = "B"\n'
                                     'days = -2\n')
    with pytest.raises(DataFileError) as caught:
        template_for(None, tmp_path)
    detail = caught.value.params["detail"]
    assert "line 8" in detail and "tasks.1.days" in detail


def test_a_dependency_cycle_in_a_template_names_the_tasks(tmp_path: Path) -> None:
    _write(tmp_path, "default.toml", 'name = "x"\n[[tasks]]\nname = "A"\ndays = 1\nafter = ["B"]\n'
                                     '[[tasks]]\nname = "B"\ndays = 1\nafter = ["A"]\n')
    with pytest.raises(DataFileError) as caught:
        template_for(None, tmp_path)
    detail = caught.value.params["detail"]
    assert "wait on each other" in detail and ("A → B → A" in detail or "B → A → B" in detail)


def test_an_unknown_or_self_dependency_in_a_template_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "default.toml", 'name = "x"\n[[tasks]]\nname = "A"\ndays = 1\nafter = ["Design"]\n')
    with pytest.raises(DataFileError, match="not in the template"):
        template_for(None, tmp_path)
    _write(tmp_path, "hardware.toml", 'name = "x"\n[[tasks]]\nname = "A"\ndays = 1\nafter = ["A"]\n')
    with pytest.raises(DataFileError) as caught:
        template_for("hardware", tmp_path)
    assert "line 3" in caught.value.params["detail"]


def test_a_task_named_twice_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "default.toml", 'name = "x"\n[[tasks]]\nname = "A"\ndays = 1\n[[tasks]]\nname = "A"\ndays = 2\n')
    with pytest.raises(DataFileError, match="twice"):
        template_for(None, tmp_path)
