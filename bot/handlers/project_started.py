"""What the chat says when a win started a project (the won-deal answer's second line)."""

from __future__ import annotations

from bot.handlers.base import HandlerContext
from core.services import project_tasks, projects, users


def project_started(h: HandlerContext, deal_id: int) -> str:
    project = projects.of_deal(h.ctx, deal_id)
    if project is None:
        return ""
    tasks = len(project_tasks.tasks_of(h.ctx, project.id))
    end = h.day(project.planned_end) if project.planned_end else "—"
    params = {"name": project.name, "template": project.template or "default", "tasks": tasks, "end": end}
    if project.manager_id is None:
        return h.t("project.created_no_pm", **params)
    return h.t("project.created_on_win", manager=users.name_of(h.ctx, project.manager_id) or "", **params)
