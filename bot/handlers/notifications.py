"""The buttons on pushes — Done / Snooze (1 h, tomorrow, custom) / Open / Dismiss / Edit — and their typed
fallbacks `/notify done 12`, `/snooze 12 3h`; `/notify share|transfer|decline 12` for an access-request push
(whose buttons go to the access policy's own actions, `access:share:<request id>`).

A tap on a push's button acts at once: the push named exactly what it is about, so the tap is the confirmation.
Writes it causes (completing a task, creating one from a suggestion, submitting a report) are audited like any
other and can be undone with "undo".
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from bot.handlers.access import AccessActions
from bot.handlers.base import Answer, HandlerContext, Run
from bot.intents.lexers.dates import find_date
from bot.intents.schema import Command, QueryCustomer
from bot.intents.specs.projects import QueryProject
from core import push_actions
from core.errors import Conflict, InvalidInput
from core.i18n import format as fmt
from core.models import Notification, Task
from core.schedule import at_local, next_morning
from core.services import customers, deals, notifications, preferences

_DURATION = re.compile(
    r"^\s*(\d+(?:\.\d+)?|半)\s*(m|min|mins|minutes?|分钟|分|h|hr|hrs|hours?|小时|个小时|d|days?|天)\s*$", re.IGNORECASE
)
_UNITS = {"m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1, "分钟": 1, "分": 1, "h": 60, "hr": 60, "hrs": 60,
          "hour": 60, "hours": 60, "小时": 60, "个小时": 60, "d": 1440, "day": 1440, "days": 1440, "天": 1440}
TOMORROW_WORDS = frozenset({"tomorrow", "tmr", "tmrw", "明天", "明早"})
MAX_SNOOZE = timedelta(days=60)


def snooze_until(h: HandlerContext, text: str) -> datetime:
    """"1h", "30m", "2 days", "3小时", "tomorrow"/"明天", "Fri 10:00", "明天下午3点" → an instant in the future."""
    now = h.ctx.now()
    raw = text.strip()
    prefs = preferences.load(h.ctx, h.ctx.actor.user_id)
    if raw.casefold() in TOMORROW_WORDS:
        return next_morning(now, h.tz, prefs.morning_time)
    match = _DURATION.match(raw)
    if match is not None:
        amount = 0.5 if match.group(1) == "半" else float(match.group(1))
        until = now + timedelta(minutes=amount * _UNITS[match.group(2).casefold()])
    else:
        found = find_date(raw, now, h.tz)
        if found is None:
            raise InvalidInput("notify.bad_snooze", value=raw)
        value = found.value
        until = value if isinstance(value, datetime) else at_local(value, prefs.morning_time, h.tz)
    if until <= now or until > now + MAX_SNOOZE:
        raise InvalidInput("notify.bad_snooze", value=raw)
    return until


class NotifyActions:
    """Button verb "notify": "notify:done:12", "notify:snooze:12:1h", "notify:open:12", …"""

    def handle(self, argument: str, h: HandlerContext) -> Answer | Command | Run:
        verb, _, rest = argument.partition(":")
        ident, _, extra = rest.partition(":")
        if not ident.isdigit():
            return Answer(h.t("notify.not_found"), private=False)
        return act(h, verb, int(ident), extra)


def act(h: HandlerContext, verb: str, nid: int, extra: str = "") -> Answer | Command | Run:
    if verb == "done":
        outcome = notifications.done(h.ctx, nid)
        return Answer(h.t(outcome.key, **_shown(h, outcome.params)))
    if verb == "dismiss":
        outcome = notifications.dismiss(h.ctx, nid)
        return Answer(h.t(outcome.key, **_shown(h, outcome.params)), private=False)
    if verb == "snooze":
        return _snooze(h, nid, extra)
    if verb == "menu":
        notifications.own(h.ctx, nid)
        return Answer(h.t("notify.snooze_menu"), private=False, choices=push_actions.snooze_menu(h.lang, nid))
    if verb == "open":
        return _open(h, notifications.own(h.ctx, nid))
    if verb == "edit":
        note = notifications.own(h.ctx, nid)
        draft = str(note.params.get("draft") or "")
        text = h.t("notify.report_edit")
        return Answer(text + ("\n\n" + draft if draft else ""))
    if verb in push_actions.ACCESS_DECISIONS:
        # The typed form of an access-request push's button: the same decision, by the push's number.
        request_id = notifications.access_request_of(h.ctx, nid)
        return AccessActions().handle(f"{verb}:{request_id}", h)
    return Answer(h.t("notify.usage"), private=False)


def _shown(h: HandlerContext, params: dict[str, object]) -> dict[str, object]:
    """Dates in outcomes are ISO in core; say them the user's way."""
    out = dict(params)
    if isinstance(out.get("date"), str):
        out["date"] = h.day(date.fromisoformat(str(out["date"])))
    return out


def _snooze(h: HandlerContext, nid: int, extra: str) -> Answer:
    note = notifications.own(h.ctx, nid)
    if note.status in notifications.CLOSED:
        raise Conflict("notify.already_closed")
    if not extra or extra == "ask":
        return Answer(h.t("notify.snooze_ask", id=nid), private=False)
    until = snooze_until(h, "tomorrow" if extra == "tomorrow" else extra)
    notifications.snooze(h.ctx, nid, until)
    return Answer(h.t("notify.snoozed", when=fmt.moment(until, h.tz, h.lang)), private=False)


def _open(h: HandlerContext, note: Notification) -> Answer | Command | Run:
    """Show what the push is about: the customer's card for deals, customers and tasks with a customer."""
    customer_id: int | None = None
    if note.entity_type == "project" and note.entity_id is not None:
        return Run(QueryProject(), {"project_id": note.entity_id})  # its status card and Gantt chart
    if note.entity_type == "customer":
        customer_id = note.entity_id
    elif note.entity_type == "deal" and note.entity_id is not None:
        customer_id = deals.get(h.ctx, note.entity_id).customer_id
    elif note.entity_type == "task":
        task = notifications.open_task_of(h.ctx, note)
        if task is None:
            return Answer(h.t("notify.not_found"), private=False)
        if task.customer_id is None:
            return Answer(_task_line(h, task))
        customer_id = task.customer_id
    if customer_id is None:
        return Answer(h.t("notify.nothing_to_open"), private=False)
    return Run(QueryCustomer(), {"customer_id": customers.get(h.ctx, customer_id).id})


def _task_line(h: HandlerContext, task: Task) -> str:
    due = f" · {h.due(task)}" if task.due_at else ""
    return h.t("notify.task_open", title=task.title) + due


class NotifySlash:
    """`/notify done 12`, `/notify open 12`, `/notify dismiss 12` — what the buttons do, typed."""

    def handle(self, arguments: str, h: HandlerContext) -> Answer | Command | Run:
        parts = arguments.split()
        if len(parts) < 2 or not parts[1].isdigit():
            return Answer(h.t("notify.usage"), private=False)
        return act(h, parts[0].casefold(), int(parts[1]), " ".join(parts[2:]))


class SnoozeSlash:
    """`/snooze 12 3h`, `/snooze 12 tomorrow`, `/snooze 12 Fri 10:00`."""

    def handle(self, arguments: str, h: HandlerContext) -> Answer | Command | Run:
        ident, _, when = arguments.strip().partition(" ")
        if not ident.isdigit():
            return Answer(h.t("notify.usage"), private=False)
        return _snooze(h, int(ident), when.strip() or "ask")
