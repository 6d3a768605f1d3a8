"""Project templates as data (`project_templates/<deal type>.toml`, else `default.toml`): the task list a won deal's
project starts from — durations in working days, dependencies by task name, milestones, estimates.

A team edits its own copy in the data dir (`core.datafiles`). A template that does not parse, names a task twice,
waits on a task it does not have, or has tasks waiting on each other is a `DataFileError` naming the file and the
line, and no project is created from it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from core import datafiles
from core.scheduling import DependencyCycle, PlanTask, UnknownDependency, topological_order

FOLDER = "project_templates"
DEFAULT = "default"
_SAFE_TYPE = re.compile(r"^[a-z0-9_-]{1,64}$")


class TemplateTask(BaseModel):
    model_config = {"extra": "forbid"}

    name: str = Field(min_length=1, max_length=200)
    name_zh: str | None = Field(default=None, min_length=1, max_length=200)
    days: int = Field(ge=0, le=3650)
    after: list[str] = Field(default_factory=list)
    milestone: bool | None = None
    estimate_hours: Decimal | None = Field(default=None, ge=0)

    @property
    def is_milestone(self) -> bool:
        return self.days == 0 if self.milestone is None else self.milestone

    def label(self, lang: str) -> str:
        return self.name_zh if lang == "zh" and self.name_zh else self.name


class Template(BaseModel):
    model_config = {"extra": "forbid"}

    key: str = ""
    name: str = Field(min_length=1, max_length=200)
    name_zh: str | None = Field(default=None, min_length=1, max_length=200)
    tasks: list[TemplateTask] = Field(min_length=1)

    def label(self, lang: str) -> str:
        return self.name_zh if lang == "zh" and self.name_zh else self.name

    @property
    def budget_hours(self) -> Decimal | None:
        hours = [t.estimate_hours for t in self.tasks if t.estimate_hours is not None]
        return sum(hours, Decimal(0)) if hours else None


def _line_of(text: str, name: str) -> int:
    """The line a task's name is written on (for errors that are about a task, not about TOML syntax)."""
    pattern = re.compile(r'^\s*name\s*=\s*["\']' + re.escape(name) + r'["\']', re.MULTILINE)
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 0


def _where(path: Path, name: str) -> str:
    line = _line_of(path.read_text("utf-8"), name)
    return f"line {line}: " if line else ""


def _parser(path: Path) -> Any:
    def parse(document: dict[str, Any], file: str) -> Template:
        try:
            template = Template.model_validate({**document, "key": path.stem})
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = list(first.get("loc", ()))
            where = ".".join(str(part) for part in loc)
            if len(loc) >= 2 and loc[0] == "tasks" and isinstance(loc[1], int):
                tasks = document.get("tasks")
                if isinstance(tasks, list) and loc[1] < len(tasks) and isinstance(tasks[loc[1]], dict):
                    named = str(tasks[loc[1]].get("name", ""))
                    where = _where(path, named) + where if named else where
            raise datafiles.DataFileError(file, f"{where}: {first.get('msg')}") from None
        seen: set[str] = set()
        for task in template.tasks:
            if task.name in seen:
                raise datafiles.DataFileError(file, f"{_where(path, task.name)}task “{task.name}” is listed twice")
            seen.add(task.name)
        try:
            topological_order(PlanTask(t.name, t.days, tuple(t.after)) for t in template.tasks)
        except UnknownDependency as exc:
            named = str(exc.params["task"])
            raise datafiles.DataFileError(
                file, f"{_where(path, named)}task “{named}” comes after “{exc.params['missing']}”, which is not in "
                      f"the template") from None
        except DependencyCycle as exc:
            first_task = str(exc.path[0])
            raise datafiles.DataFileError(
                file, f"{_where(path, first_task)}tasks wait on each other: {' → '.join(map(str, exc.path))}"
            ) from None
        return template

    return parse


_PARSERS: dict[str, Any] = {}


def template_for(deal_type: str | None, data_dir: Path | None) -> Template:
    """The template for a deal type (its own file if there is one, packaged or in the data dir), else the default."""
    path = datafiles.locate(f"{FOLDER}/{DEFAULT}.toml", data_dir)
    kind = (deal_type or "").strip().lower()
    if kind and _SAFE_TYPE.match(kind):
        own = datafiles.locate(f"{FOLDER}/{kind}.toml", data_dir)
        if own.is_file():
            path = own
    # One parser per path, so the cache in datafiles (keyed by path and parser) keeps one entry per file.
    parse = _PARSERS.setdefault(str(path), _parser(path))
    template: Template = datafiles.load(path, parse)
    return template
