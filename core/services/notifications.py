"""What a user does with a push: done, snooze, dismiss. Only the recipient may act on their own push.

"Done" means what the push is about: a task reminder completes the task, a suggestion creates its task, a
daily-report nudge submits the draft it showed. Other kinds are simply acknowledged. New kinds register their
own meaning in `DONE_ACTIONS` (core stays free of chat and scheduler code).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import update

from core.context import ServiceContext
from core.errors import Conflict, InvalidInput, NotFound
from core.models import NOTIFICATION_OPEN, Notification, Task
from core.services import daily_reports, projects, tasks
from core.suggestions import engine as suggestions

CLOSED = ("done", "dismissed")


@dataclass(frozen=True)
class ActionOutcome:
    """What to tell the user: a message key and its parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


def own(ctx: ServiceContext, notification_id: int) -> Notification:
    note = ctx.session.get(Notification, notification_id)
    if note is None or note.user_id != ctx.actor.user_id:
        raise NotFound("notify.not_found")
    return note


def _close(ctx: ServiceContext, note: Notification, status: str) -> None:
    note.status = status
    note.updated_at = ctx.now()


def _require_open(note: Notification) -> None:
    if note.status in CLOSED:
        raise Conflict("notify.already_closed")


def snooze(ctx: ServiceContext, notification_id: int, until: datetime) -> Notification:
    """Bring the push back at `until` (it is delivered again then, as a new outbox message)."""
    note = own(ctx, notification_id)
    _require_open(note)
    if until.tzinfo is None:
        raise ValueError("snooze needs an aware datetime")
    if until <= ctx.now():
        raise Conflict("notify.snooze_past")
    note.status = "snoozed"
    note.deliver_after = until
    note.snoozes += 1
    note.reason = None
    note.updated_at = ctx.now()
    if note.kind == "suggestion":
        suggestions.snooze(ctx, int(note.params["suggestion_id"]), until)
    return note


def dismiss(ctx: ServiceContext, notification_id: int) -> ActionOutcome:
    note = own(ctx, notification_id)
    _require_open(note)
    _close(ctx, note, "dismissed")
    if note.kind == "suggestion":
        suggestions.dismiss(ctx, int(note.params["suggestion_id"]))
        return ActionOutcome("suggest.dismissed")
    if note.kind == "daily_report":
        return ActionOutcome("notify.report_skipped", {"date": note.params["date"]})
    return ActionOutcome("notify.dismissed")


def done(ctx: ServiceContext, notification_id: int) -> ActionOutcome:
    note = own(ctx, notification_id)
    _require_open(note)
    action = DONE_ACTIONS.get(note.kind, _acknowledge)
    outcome = action(ctx, note)
    _close(ctx, note, "done")
    return outcome


def _acknowledge(ctx: ServiceContext, note: Notification) -> ActionOutcome:
    return ActionOutcome("notify.acknowledged")


def _complete_task(ctx: ServiceContext, note: Notification) -> ActionOutcome:
    task_id = int(note.params["task_id"])
    task = tasks.get(ctx, task_id, for_write=True)
    if task.status == "open":
        tasks.complete(ctx, task_id)
    # The heads-up and the due reminder of one task are one thing to the user: close both.
    ctx.session.execute(
        update(Notification)
        .where(Notification.user_id == ctx.actor.user_id, Notification.entity_type == "task",
               Notification.entity_id == task_id, Notification.status.in_(NOTIFICATION_OPEN))
        .values(status="done", updated_at=ctx.now())
    )
    return ActionOutcome("notify.task_done", {"title": task.title})


def _accept_suggestion(ctx: ServiceContext, note: Notification) -> ActionOutcome:
    task = suggestions.accept(ctx, int(note.params["suggestion_id"]))
    return ActionOutcome("suggest.accepted", {"title": task.title, "task_id": task.id})


def _submit_report(ctx: ServiceContext, note: Notification) -> ActionOutcome:
    draft = str(note.params.get("draft") or "").strip()
    day = date.fromisoformat(str(note.params["date"]))
    if not draft:
        raise Conflict("notify.report_nothing")
    daily_reports.submit(ctx, draft, day=day)
    return ActionOutcome("notify.report_submitted", {"date": day.isoformat()})


def _milestone_done(ctx: ServiceContext, note: Notification) -> ActionOutcome:
    """Done on a "milestone due" push: the milestone is done (a progress report of the PM's, kept on the project)."""
    projects.report_progress(ctx, int(note.params["project_id"]),
                             projects.Progress(milestone_task_id=int(note.params["task_id"])))
    return ActionOutcome("project.milestone_marked_done", {"milestone": note.params.get("milestone", "")})


DONE_ACTIONS: dict[str, Callable[[ServiceContext, Notification], ActionOutcome]] = {
    "milestone_due": _milestone_done,
    "task_due": _complete_task,
    "task_heads_up": _complete_task,
    "suggestion": _accept_suggestion,
    "daily_report": _submit_report,
}


def access_request_of(ctx: ServiceContext, notification_id: int) -> int:
    """The access request an access-request push of the actor's asks about (for its typed fallbacks)."""
    note = own(ctx, notification_id)
    if note.kind != "access_request":
        raise InvalidInput("notify.usage")
    return int(note.params["request_id"])


def open_task_of(ctx: ServiceContext, note: Notification) -> Task | None:
    if note.entity_type != "task" or note.entity_id is None:
        return None
    return ctx.session.scalar(tasks.visible(ctx).where(Task.id == note.entity_id))
