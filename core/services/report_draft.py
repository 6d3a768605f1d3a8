"""The daily-report draft (日报草稿), written offline from what the actor logged on a local day: a line per
interaction and finished task, then what is planned for the next day. Runs in the rep's own unit, so it shows
only what they may see. (The nudge may have a model polish it before it is shown.)
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from core.context import ServiceContext
from core.i18n import t
from core.models import Customer, Task
from core.services import daily_reports, tasks
from core.timeutil import local_day_bounds

PLANNED_LINES = 5


def offline(ctx: ServiceContext, day: date) -> str:
    """The draft for `day`; empty when nothing was logged or finished that day."""
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
                                 Task.due_at >= start, Task.due_at < end).order_by(Task.due_at).limit(PLANNED_LINES)
    ).all()
    if planned:
        lines.append(t(lang, "notify.report_plan", titles="; ".join(task.title for task in planned)))
    return "\n".join(lines)


def _customer_names(ctx: ServiceContext, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {row.id: row.name for row in ctx.session.execute(select(Customer.id, Customer.name)
                                                            .where(Customer.id.in_(ids)))}
