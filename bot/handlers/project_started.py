"""What the chat says when a win started a project (the won-deal answer's second line)."""

from __future__ import annotations

from bot.handlers.base import HandlerContext
from core.datafiles import DataFileError
from core.project_templates import template_for
from core.services import project_tasks, projects, users


def project_started(h: HandlerContext, deal_id: int) -> str:
    project = projects.of_deal(h.ctx, deal_id)
    if project is None:
        return ""
    tasks = len(project_tasks.tasks_of(h.ctx, project.id))
    end = h.day(project.planned_end) if project.planned_end else "—"
    params = {"name": project.name, "template": _template_label(h, project.template), "tasks": tasks, "end": end}
    if project.manager_id is None:
        customer = projects.customer_names(h.ctx, [project]).get(project.customer_id, "")
        return h.t("project.created_no_pm", customer=customer, **params)
    return h.t("project.created_on_win", manager=users.name_of(h.ctx, project.manager_id) or "", **params)


def _template_label(h: HandlerContext, key: str | None) -> str:
    """The template's own name in the user's language ("Software implementation", 软件实施)."""
    try:
        return template_for(key, h.ctx.defaults.data_dir).label(h.lang)
    except DataFileError:
        return key or "default"
