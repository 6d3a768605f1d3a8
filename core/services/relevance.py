"""Is what a push says still true? One question per kind of push, asked when it is delivered (in the system's
unit) and again right before it is sent (in the recipient's own unit, so it also must be theirs to see).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from core.context import Unit
from core.models import AccessRequest, DailyReport, Interaction, Suggestion, Task
from core.services import deal_alerts


def task_still_due(unit: Unit, task_id: int, assignee_id: int, due_at: str) -> bool:
    """The task is open, still the recipient's, and still due at the moment the push named (ISO)."""
    task = unit.session.get(Task, task_id)
    return (task is not None and task.status == "open" and task.assignee_id == assignee_id
            and task.due_at is not None and task.due_at.isoformat() == due_at)


def report_missing(unit: Unit, user_id: int, day: date) -> bool:
    found = unit.session.scalar(select(DailyReport.id).where(DailyReport.user_id == user_id,
                                                             DailyReport.report_date == day))
    return found is None


def no_contact_since(unit: Unit, customer_id: int, author_id: int, since: datetime) -> bool:
    """Nobody-has-called-yet: the author logged nothing newer with the customer."""
    newer = unit.session.scalar(
        select(Interaction.id).where(Interaction.customer_id == customer_id, Interaction.author_id == author_id,
                                     Interaction.occurred_at > since).limit(1))
    return newer is None


def deal_quiet_since(unit: Unit, deal_id: int, since: datetime) -> bool:
    """The deal is open and showed no sign of life after `since`."""
    return any(item.last_activity <= since for item in deal_alerts.open_deals(unit, deal_id))


def deal_close_date_is(unit: Unit, deal_id: int, close_date: str) -> bool:
    """The deal is open and its expected close date is still the one the push named (ISO)."""
    deal = deal_alerts.open_deal(unit, deal_id)
    return (deal is not None and deal.expected_close_date is not None
            and deal.expected_close_date.isoformat() == close_date)


def milestone_still_overdue(unit: Unit, deal_id: int, index: int, due: str) -> bool:
    """The deal is open and its milestone at `index` is not done and still due on `due` (ISO)."""
    deal = deal_alerts.open_deal(unit, deal_id)
    if deal is None or index >= len(deal.milestones):
        return False
    milestone = deal.milestones[index]
    return isinstance(milestone, dict) and not milestone.get("done") and milestone.get("due") == due


def suggestion_open(unit: Unit, suggestion_id: int) -> bool:
    """Shown or snoozed: not yet accepted or dismissed."""
    row = unit.session.get(Suggestion, suggestion_id)
    return row is not None and row.status in ("shown", "snoozed")


def access_request_status(unit: Unit, request_id: int) -> str | None:
    """pending | shared | transferred | declined; None when gone (or, in an actor's unit, not theirs to see)."""
    row = unit.session.get(AccessRequest, request_id)
    return None if row is None else row.status
