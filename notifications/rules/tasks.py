"""Task reminders: at the due time (plus an optional heads-up), all-day tasks in the morning, and follow-up dates
promised in an interaction that have no task of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from core.context import Unit
from core.i18n import format as fmt
from core.i18n import t
from core.models import Notification, Task
from core.schedule import at_local, local_date
from core.services import relevance, reminders
from core.services.preferences import MAX_HEADS_UP
from core.timeutil import zone
from notifications.rules.base import DueItem, PushItem, Recipient, RenderContext, Scan, reminder_item, stamp

# A reminder for a moment that had already passed when the task was written down is not sent.
CREATED_GRACE = timedelta(minutes=1)


def _params(task: Task, customer: str | None) -> dict[str, object]:
    assert task.due_at is not None
    return {"task_id": task.id, "title": task.title, "customer": customer, "customer_id": task.customer_id,
            "due_at": task.due_at.isoformat(), "all_day": task.due_all_day}


def all_day_date(due_at: datetime, zones: list[str]) -> date:
    """The calendar day of an all-day task, stored as the start of that day in the zone it was written in.

    That zone is not stored; it is the creator's unless they moved since, so we take the first candidate zone in
    which the stored instant is a local midnight (creator's, assignee's, the default), else the UTC date at noon.
    """
    for tz in zones:
        if tz and due_at.astimezone(zone(tz)).time() == time(0, 0):
            return local_date(due_at, tz)
    return (due_at + timedelta(hours=12)).date()


class TaskDueRule:
    kind = "task_due"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        yield from self._timed(scan)
        yield from self._all_day(scan)

    def _timed(self, scan: Scan) -> Iterable[DueItem]:
        for row in reminders.open_tasks(scan.system, scan.now - scan.config.catch_up, scan.now, all_day=False):
            task, customer = row.task, row.customer
            who = scan.audience.get(task.assignee_id)
            assert task.due_at is not None
            if who is None or task.due_at < task.created_at - CREATED_GRACE or not scan.within(task.due_at):
                continue
            # A moment the assignee picked themselves is kept even in quiet hours; one set by others waits.
            urgent = task.created_by_id == task.assignee_id
            yield DueItem(self.kind, f"task_due:{task.id}:{stamp(task.due_at)}", who.user_id, task.due_at,
                          _params(task, customer), ("task", task.id), urgent=urgent)

    def _all_day(self, scan: Scan) -> Iterable[DueItem]:
        # The stored start of day lies within a day of the morning it is announced, whatever the zones.
        low, high = scan.now - timedelta(days=scan.config.day_catch_up + 2), scan.now + timedelta(days=1)
        catch_up = timedelta(days=scan.config.day_catch_up)
        for row in reminders.open_tasks(scan.system, low, high, all_day=True):
            task, customer = row.task, row.customer
            who = scan.audience.get(task.assignee_id)
            if who is None:
                continue
            assert task.due_at is not None
            creator = scan.audience.get(task.created_by_id)
            zones = [creator.timezone if creator else row.creator_timezone, who.timezone,
                     scan.system.defaults.timezone]
            day = all_day_date(task.due_at, zones)
            fire = at_local(day, who.prefs.morning_time, who.timezone)
            # "Today: …" is only true on that day; a day missed during downtime shows in digests instead.
            if fire < task.created_at - CREATED_GRACE or not scan.within(fire, catch_up) \
                    or local_date(scan.now, who.timezone) != day:
                continue
            assert task.due_at is not None
            yield DueItem(self.kind, f"task_due:{task.id}:{stamp(task.due_at)}", who.user_id, fire,
                          _params(task, customer), ("task", task.id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return _task_still_due(unit, note)

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        lang, p = who.language, note.params
        due = datetime.fromisoformat(str(p["due_at"]))
        if p.get("all_day"):
            text = t(lang, "notify.task_due_day", title=p["title"])
        else:
            text = t(lang, "notify.task_due_at", title=p["title"], time=fmt.moment(due, who.timezone, lang))
        if p.get("customer"):
            text += "\n" + t(lang, "notify.customer_line", customer=p["customer"])
        return reminder_item(lang, note.id, text, [("task", int(p["task_id"]))])


class TaskHeadsUpRule:
    kind = "task_heads_up"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        low, high = scan.now - scan.config.catch_up, scan.now + timedelta(minutes=MAX_HEADS_UP)
        for row in reminders.open_tasks(scan.system, low, high, all_day=False):
            task, customer = row.task, row.customer
            who = scan.audience.get(task.assignee_id)
            if who is None or who.prefs.heads_up_minutes <= 0:
                continue
            assert task.due_at is not None
            fire = task.due_at - timedelta(minutes=who.prefs.heads_up_minutes)
            if fire < task.created_at - CREATED_GRACE or not scan.within(fire) or scan.now >= task.due_at:
                continue
            yield DueItem(self.kind, f"task_heads_up:{task.id}:{stamp(task.due_at)}", who.user_id, fire,
                          _params(task, customer), ("task", task.id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        # A heads-up after the moment itself is noise: the due reminder says it.
        return _task_still_due(unit, note) and now < datetime.fromisoformat(str(note.params["due_at"]))

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        lang, p = who.language, note.params
        due = datetime.fromisoformat(str(p["due_at"]))
        minutes = max(1, round((due - view.now).total_seconds() / 60))
        text = t(lang, "notify.task_heads_up", title=p["title"], minutes=minutes,
                 time=fmt.moment(due, who.timezone, lang))
        if p.get("customer"):
            text += "\n" + t(lang, "notify.customer_line", customer=p["customer"])
        return reminder_item(lang, note.id, text, [("task", int(p["task_id"]))])


def _task_still_due(unit: Unit, note: Notification) -> bool:
    return relevance.task_still_due(unit, int(note.params["task_id"]), note.user_id, str(note.params["due_at"]))


class FollowUpRule:
    """A follow-up date from an interaction. Logging one normally creates a task (reminded above); this covers
    follow-ups whose task is gone, so a promised call is never silently forgotten."""

    kind = "follow_up"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        today = scan.now.date()
        catch_up = timedelta(days=scan.config.day_catch_up)
        first = today - timedelta(days=scan.config.day_catch_up + 1)
        for row in reminders.follow_ups_without_task(scan.system, first, today + timedelta(days=1)):
            interaction, customer = row.interaction, row.customer
            who = scan.audience.get(interaction.author_id)
            if who is None or interaction.follow_up_on is None:
                continue
            fire = at_local(interaction.follow_up_on, who.prefs.morning_time, who.timezone)
            if not scan.within(fire, catch_up) or fire < interaction.created_at - CREATED_GRACE \
                    or local_date(scan.now, who.timezone) != interaction.follow_up_on:
                continue
            params = {"interaction_id": interaction.id, "customer": customer, "customer_id": interaction.customer_id,
                      "summary": interaction.next_step or interaction.summary,
                      "date": interaction.follow_up_on.isoformat(), "since": interaction.occurred_at.isoformat()}
            yield DueItem(self.kind, f"follow_up:{interaction.id}:{interaction.follow_up_on.isoformat()}",
                          who.user_id, fire, params, ("customer", interaction.customer_id))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        since = datetime.fromisoformat(str(note.params["since"]))
        return relevance.no_contact_since(unit, int(note.params["customer_id"]), note.user_id, since)

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        lang, p = who.language, note.params
        text = t(lang, "notify.follow_up", customer=p["customer"], summary=p.get("summary") or "")
        return reminder_item(lang, note.id, text, [("customer", int(p["customer_id"]))])


RULES = (TaskDueRule(), TaskHeadsUpRule(), FollowUpRule())
