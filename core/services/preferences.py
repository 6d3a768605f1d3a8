"""Notification preferences: timezone, language, quiet hours, report/digest times, kinds, batching, channel.

Timezone and language live on the user (every reply uses them); the rest lives in `notification_prefs`, where a
missing row or a NULL column means the default. Invalid values are refused here, at input, never later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from sqlalchemy import select, update

from core import audit
from core.context import ServiceContext, Unit
from core.errors import InvalidInput, NotFound
from core.models import LANGUAGES, NOTIFICATION_OPEN, ChatIdentity, Notification, NotificationPref, User
from core.timeutil import is_valid_zone

# Every kind of push, each one a user can switch off: the one list. Rules register under these names
# (notifications/rules; a test holds the registry to it), each has a label `notify.kind.<kind>` in the catalogue
# and a line in docs/notifications.md.
KINDS = (
    "task_due", "task_heads_up", "follow_up", "deal_stale", "deal_close_passed", "deal_milestone_overdue",
    "daily_report", "digest_daily", "digest_weekly", "suggestion", "access_request", "access_decided",
    "project_created", "milestone_due", "project_at_risk", "installment_due", "installment_overdue",
    # contracts and approvals (notifications/rules/contracts.py)
    "approval_request", "approval_waiting", "contract_decided", "contract_signature_due",
    "change_request_approval", "change_request_decided",
    # scoring (notifications/rules/scoring.py)
    "high_intent_customer", "churn_risk_customer",
)
PUSH_CHANNELS = ("telegram", "slack")
MAX_HEADS_UP = 24 * 60
MAX_SUGGESTIONS = 10
_CLOCK = re.compile(r"^\s*(\d{1,2})(?::|：|\.|点)?(\d{2})?\s*$")


@dataclass(frozen=True)
class Prefs:
    """A user's effective preferences (defaults filled in)."""

    quiet_enabled: bool = True
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    report_time: time = time(18, 0)
    digest_time: time = time(8, 30)
    morning_time: time = time(9, 0)
    muted: frozenset[str] = field(default_factory=frozenset)
    batching: bool = True
    channel: str | None = None
    heads_up_minutes: int = 0
    max_suggestions: int = 3

    def wants(self, kind: str) -> bool:
        return kind not in self.muted


DEFAULT = Prefs()


def from_row(row: NotificationPref | None) -> Prefs:
    if row is None:
        return DEFAULT
    return Prefs(
        quiet_enabled=row.quiet_enabled,
        quiet_start=row.quiet_start or DEFAULT.quiet_start,
        quiet_end=row.quiet_end or DEFAULT.quiet_end,
        report_time=row.report_time or DEFAULT.report_time,
        digest_time=row.digest_time or DEFAULT.digest_time,
        morning_time=row.morning_time or DEFAULT.morning_time,
        muted=frozenset(row.muted_kinds or ()),
        batching=row.batching,
        channel=row.channel,
        heads_up_minutes=row.heads_up_minutes,
        max_suggestions=DEFAULT.max_suggestions if row.max_suggestions is None else row.max_suggestions,
    )


def load(unit: Unit, user_id: int) -> Prefs:
    return from_row(_row(unit, user_id))


def _row(unit: Unit, user_id: int) -> NotificationPref | None:
    return unit.session.scalar(select(NotificationPref).where(NotificationPref.user_id == user_id))


def load_many(unit: Unit, user_ids: Iterable[int]) -> dict[int, Prefs]:
    """Preferences of many users in one query (the tick looks at everyone at once)."""
    ids = sorted(set(user_ids))
    found: dict[int, Prefs] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in unit.session.scalars(select(NotificationPref).where(NotificationPref.user_id.in_(chunk))):
            found[row.user_id] = from_row(row)
    return {uid: found.get(uid, DEFAULT) for uid in ids}


# -- parsing what people type --------------------------------------------------------------------------------


def parse_clock(text: str) -> time:
    """"18:00", "8:30", "0830", "18", "18点" → a time of day; anything else is refused."""
    raw = text.strip()
    if re.fullmatch(r"\d{4}", raw):
        raw = f"{raw[:2]}:{raw[2:]}"
    match = _CLOCK.match(raw)
    if match is None:
        raise InvalidInput("settings.bad_time", value=text)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise InvalidInput("settings.bad_time", value=text)
    return time(hour, minute)


def parse_range(text: str) -> tuple[time, time]:
    """"21:00-08:00" (also "21:00 to 08:00", "21:00~08:00", "21:00–08:00")."""
    parts = re.split(r"\s*(?:-|–|—|~|to|到|至)\s*", text.strip(), maxsplit=1)
    if len(parts) != 2:
        raise InvalidInput("settings.bad_range", value=text)
    start, end = parse_clock(parts[0]), parse_clock(parts[1])
    if start == end:
        raise InvalidInput("settings.bad_range", value=text)
    return start, end


def clock_text(value: time) -> str:
    return value.strftime("%H:%M")


# -- changing them -----------------------------------------------------------------------------------------


@dataclass
class PrefChanges:
    """What to change; None leaves a setting as it is."""

    timezone: str | None = None
    language: str | None = None
    quiet: tuple[time, time] | None = None
    quiet_enabled: bool | None = None
    report_time: time | None = None
    digest_time: time | None = None
    morning_time: time | None = None
    mute: list[str] = field(default_factory=list)
    unmute: list[str] = field(default_factory=list)
    batching: bool | None = None
    channel: str | None = None
    heads_up_minutes: int | None = None
    max_suggestions: int | None = None


def validate(changes: PrefChanges) -> None:
    if changes.timezone is not None and not is_valid_zone(changes.timezone):
        raise InvalidInput("error.bad_timezone", value=changes.timezone)
    if changes.language is not None and changes.language not in LANGUAGES:
        raise InvalidInput("settings.bad_language", value=changes.language)
    for kind in [*changes.mute, *changes.unmute]:
        if kind not in KINDS:
            raise InvalidInput("settings.bad_kind", value=kind, kinds=", ".join(KINDS))
    if changes.channel is not None and changes.channel not in (*PUSH_CHANNELS, "auto"):
        raise InvalidInput("settings.bad_channel", value=changes.channel)
    if changes.heads_up_minutes is not None and not 0 <= changes.heads_up_minutes <= MAX_HEADS_UP:
        raise InvalidInput("settings.bad_number", value=str(changes.heads_up_minutes), low=0, high=MAX_HEADS_UP)
    if changes.max_suggestions is not None and not 0 <= changes.max_suggestions <= MAX_SUGGESTIONS:
        raise InvalidInput("settings.bad_number", value=str(changes.max_suggestions), low=0, high=MAX_SUGGESTIONS)


def apply(unit: Unit, user_id: int, changes: PrefChanges) -> Prefs:
    """Validate and store; every change is audited (by the user from chat, or as admin from the CLI)."""
    validate(changes)
    session, now = unit.session, unit.now()
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(entity="user")
    if changes.timezone is not None or changes.language is not None:
        before = audit.snapshot(user)
        if changes.timezone is not None:
            user.timezone = changes.timezone
        if changes.language is not None:
            user.language = changes.language
        _audit(unit, "update_user_settings", user, before)
    row = _row(unit, user_id)
    created = row is None
    if row is None:
        row = NotificationPref(user_id=user_id, quiet_enabled=True, muted_kinds=[], batching=True,
                               heads_up_minutes=0, updated_at=now)
        session.add(row)
        session.flush()
    before_row = None if created else audit.snapshot(row)
    _apply_row(row, changes)
    row.updated_at = now
    _audit(unit, "update_notification_prefs", row, before_row)
    if changes.quiet is not None or changes.quiet_enabled is not None or changes.timezone is not None:
        # Pushes held for the old quiet hours are looked at again at the next tick, under the new ones.
        session.execute(
            update(Notification)
            .where(Notification.user_id == user_id, Notification.status.in_(NOTIFICATION_OPEN),
                   Notification.reason == "quiet_hours")
            .values(deliver_after=now, reason=None)
        )
    return from_row(row)


@dataclass(frozen=True)
class OwnSettings:
    """What `/settings` shows a user about themselves."""

    prefs: Prefs
    timezone: str  # the effective zone (their own, else their team's, else the default)
    zone_is_default: bool
    language: str
    linked: tuple[str, ...]  # push channels linked to them


def own_settings(ctx: ServiceContext) -> OwnSettings:
    uid = ctx.actor.user_id
    user = ctx.session.get(User, uid)
    if user is None:
        raise NotFound(entity="user")
    linked = ctx.session.scalars(select(ChatIdentity.platform).where(ChatIdentity.user_id == uid,
                                                                   ChatIdentity.platform.in_(PUSH_CHANNELS)))
    team_zone = user.team.timezone if user.team is not None else None
    zone = user.timezone or team_zone or ctx.defaults.timezone  # read now: /settings may just have changed it
    return OwnSettings(load(ctx, uid), zone, user.timezone is None, user.language, tuple(sorted(set(linked))))


def _apply_row(row: NotificationPref, changes: PrefChanges) -> None:
    if changes.quiet is not None:
        row.quiet_start, row.quiet_end = changes.quiet
        row.quiet_enabled = True
    if changes.quiet_enabled is not None:
        row.quiet_enabled = changes.quiet_enabled
    if changes.report_time is not None:
        row.report_time = changes.report_time
    if changes.digest_time is not None:
        row.digest_time = changes.digest_time
    if changes.morning_time is not None:
        row.morning_time = changes.morning_time
    muted = set(row.muted_kinds or ())
    muted |= set(changes.mute)
    muted -= set(changes.unmute)
    row.muted_kinds = sorted(muted)
    if changes.batching is not None:
        row.batching = changes.batching
    if changes.channel is not None:
        row.channel = None if changes.channel == "auto" else changes.channel
    if changes.heads_up_minutes is not None:
        row.heads_up_minutes = changes.heads_up_minutes
    if changes.max_suggestions is not None:
        row.max_suggestions = changes.max_suggestions


def _audit(unit: Unit, action: str, obj: User | NotificationPref, before: dict[str, Any] | None) -> None:
    if isinstance(unit, ServiceContext):
        audit.record(unit, action, obj, before)
    else:
        audit.record_admin(unit, action, obj, before)
