"""update_project: a progress report — percent complete, a milestone done, a note — on a project."""

from __future__ import annotations

import re
from typing import Any

from bot.handlers.base import Answer, Ask, HandlerContext, Outcome, Proposal
from bot.handlers.project_target import label, project_target
from bot.intents.schema import Command, UpdateProject
from core.errors import InvalidInput
from core.models import Project, ProjectTask
from core.permissions import Entity
from core.services import project_tasks, projects, users
from core.services.projects import Progress

_DONE = re.compile(r"(?<![A-Za-z])(?:done|completed?|finished|signed off|passed|reached)(?![A-Za-z])|"
                   r"完成|搞定|通过|结束了", re.IGNORECASE)


def _milestone_in(h: HandlerContext, project: Project, texts: tuple[str | None, ...]) -> ProjectTask | None:
    """A milestone of the project the message names as done ("kick-off done", 项目启动已完成)."""
    text = " ".join(t for t in texts if t)
    if not text or not _DONE.search(text):
        return None
    folded = text.casefold()
    named = [t for t in project_tasks.tasks_of(h.ctx, project.id)
             if t.milestone and t.status != "done" and t.name.casefold() in folded]
    return max(named, key=lambda t: len(t.name)) if named else None


_FILLER = re.compile(r"(?<![A-Za-z])(?:the|project|is|are|now|at|done|complete|completed|finished|progress)"
                     r"(?![A-Za-z])|项目|进度|已|了|完成|[\s,，.。:：;；!！%-]", re.IGNORECASE)


def _note(summary: str | None, project: Project) -> str | None:
    """The report's note, unless it only repeats the project's name and the progress words."""
    if not summary:
        return None
    rest = _FILLER.sub("", summary.casefold().replace(project.name.casefold(), ""))
    return summary if len(rest) >= 2 else None


class UpdateProjectHandler:
    intent = "update_project"
    changes: Entity = "project"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, UpdateProject)
        project = project_target(h, command.customer, command.title, resolved)
        if not isinstance(project, Project):
            return project
        resolved = {**resolved, "project_id": project.id}
        command = command.model_copy(update={"summary": _note(command.summary, project)})
        resolved["no_note"] = command.summary is None
        percent = None if command.percent is None else round(command.percent)
        milestone = _milestone_in(h, project, (command.summary, h.source_text))
        if percent is None and milestone is None and not command.summary and not command.manager:
            return Ask("percent", h.t("ask.project_progress", name=project.name), resolved)
        if project.status in ("done", "cancelled"):
            raise InvalidInput("project.closed", name=project.name)
        lines = [h.t("card.update_project", project=label(h, project))]
        if command.manager:
            manager = users.find_by_name(h.ctx, command.manager)
            if manager is None or not manager.active:
                return Answer(h.t("project.no_such_person", name=command.manager), private=False)
            resolved["manager_id"] = manager.id
            old = users.name_of(h.ctx, project.manager_id) if project.manager_id else "—"
            lines.append("  " + h.t("card.change", field=h.t("project.field_manager"), old=old, new=manager.name))
        if percent is not None:
            lines.append("  " + h.t("card.change", field=h.t("project.field_percent"),
                                    old=f"{project.percent_complete}%", new=f"{percent}%"))
        if milestone is not None:
            resolved["milestone_task_id"] = milestone.id
            lines.append("  " + h.t("card.milestone_done", milestone=milestone.name))
        if command.summary:
            lines.append("  " + h.t("card.project_note", text=command.summary))
        return Proposal(lines, resolved)

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, UpdateProject)
        project_id = int(resolved["project_id"])
        if resolved.get("no_note"):
            command = command.model_copy(update={"summary": None})
        milestone = resolved.get("milestone_task_id")
        percent = None if command.percent is None else round(command.percent)
        if resolved.get("manager_id"):
            projects.set_manager(h.ctx, project_id, int(resolved["manager_id"]))
        if percent is not None or milestone or command.summary:
            projects.report_progress(h.ctx, project_id, Progress(percent, int(milestone) if milestone else None,
                                                                 command.summary))
        project = projects.get(h.ctx, project_id)
        if resolved.get("manager_id") and percent is None and not milestone and not command.summary:
            return Answer(h.t("project.manager_set", project=label(h, project),
                              name=users.name_of(h.ctx, int(resolved["manager_id"])) or ""))
        h.remember(customer_id=project.customer_id)
        return Answer(h.t("project.updated", project=label(h, project), percent=project.percent_complete))
