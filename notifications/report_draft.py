"""The daily-report draft (日报草稿): written offline from what the rep logged that day, optionally polished.

The polish step is a hook — any callable `(draft, language) -> str`, e.g. one that asks an LLM to turn the
lines into two smooth sentences. It is off by default; when it fails or returns nothing, the offline draft is
used, so the nudge never depends on a model being reachable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select

from core.context import ServiceContext
from core.i18n import t
from core.models import Customer, Task
from core.services import daily_reports, tasks
from core.timeutil import local_day_bounds

log = logging.getLogger(__name__)


# (draft, language) -> polished text
Polisher = Callable[[str, str], str]


def offline_draft(ctx: ServiceContext, day: date) -> str:
    """Lines for each interaction and finished task of the local day, then what is planned for the next day."""
    lang = ctx.actor.language
    activity = daily_reports.activity(ctx, day)
    names = _customer_names(ctx, {item.customer_id for item in activity.interactions})
    lines = [t(lang, "daily.line_interaction", channel=t(lang, f"channel.{item.channel}"),
               customer=names.get(item.customer_id, "?"), summary=item.summary)
             for item in activity.interactions]
    lines += [t(lang, "daily.line_task", title=task.title) for task in activity.completed_tasks]
    if not lines:
        return ""
    start, end = local_day_bounds(day + timedelta(days=1), ctx.actor.timezone)
    planned = ctx.session.scalars(
        tasks.visible(ctx).where(Task.assignee_id == ctx.actor.user_id, Task.status == "open",
                                 Task.due_at >= start, Task.due_at < end).order_by(Task.due_at).limit(5)
    ).all()
    if planned:
        lines.append(t(lang, "notify.report_plan", titles="; ".join(task.title for task in planned)))
    return "\n".join(lines)


def draft(ctx: ServiceContext, day: date, polisher: Polisher | None = None) -> str:
    text = offline_draft(ctx, day)
    if not text or polisher is None:
        return text
    try:
        polished = polisher(text, ctx.actor.language).strip()
    except Exception:  # a model that is down or slow must not cost the rep their nudge
        log.warning("daily report polish failed; using the offline draft", exc_info=True)
        return text
    return polished or text


def _customer_names(ctx: ServiceContext, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {row.id: row.name for row in ctx.session.execute(select(Customer.id, Customer.name)
                                                            .where(Customer.id.in_(ids)))}
