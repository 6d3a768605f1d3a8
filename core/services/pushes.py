"""The system's record of pushes (`notifications` rows): each occurrence stored once, what is due per user, and
what became of it. Only the scheduler's system units call these; what a user does with their own push is in
`core.services.notifications`.

Idempotence rests here: an occurrence's key is unique, so storing it twice stores it once; a user's due rows are
taken with FOR UPDATE SKIP LOCKED, so two ticks never deliver the same user's pushes at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from core.context import SystemContext, Unit
from core.db import add_unless_exists
from core.models import NOTIFICATION_OPEN, ChatIdentity, Deal, Notification, OutboxMessage, Task, User
from core.services.preferences import PUSH_CHANNELS, Prefs

_CHUNK = 500


@dataclass(frozen=True)
class DueItem:
    """An occurrence a rule found due: `key` names the rule, the entity and the occurrence."""

    kind: str
    key: str
    user_id: int
    due_at: datetime
    params: dict[str, Any]
    entity: tuple[str, int] | None = None
    team_id: int | None = None
    urgent: bool = False


def record(system: SystemContext, items: Iterable[DueItem]) -> int:
    """Store the occurrences not stored before (the first item of a key wins); how many were new."""
    by_key: dict[str, DueItem] = {}
    for item in items:
        by_key.setdefault(item.key, item)
    fresh = _unseen(system, by_key)
    if not fresh:
        return 0
    session, now = system.session, system.now()
    try:
        with session.begin_nested():
            session.add_all([_row(item, now) for item in fresh])
        return len(fresh)
    except IntegrityError:
        # Another tick stored some of these keys meanwhile: add one at a time, skipping the taken ones.
        return sum(1 for item in fresh if add_unless_exists(session, _row(item, now)))


# Occurrences that were never said: recorded, then found no longer true (or dropped) before they were sent.
_NEVER_SAID = ("obsolete", "dropped")


def last_raised(system: SystemContext, kind: str, entity_type: str, entity_ids: Iterable[int]
                ) -> dict[int, datetime]:
    """For each entity, the latest occurrence of this kind raised about it (not counting ones never said)."""
    ids = list(entity_ids)
    out: dict[int, datetime] = {}
    for start in range(0, len(ids), _CHUNK):
        rows = system.session.execute(
            select(Notification.entity_id, func.max(Notification.due_at))
            .where(Notification.kind == kind, Notification.entity_type == entity_type,
                   Notification.entity_id.in_(ids[start:start + _CHUNK]), Notification.status.not_in(_NEVER_SAID))
            .group_by(Notification.entity_id)).all()
        out.update({int(entity_id): at for entity_id, at in rows if entity_id is not None})
    return out


def _unseen(system: SystemContext, items: dict[str, DueItem]) -> list[DueItem]:
    keys = list(items)
    seen: set[str] = set()
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        seen |= set(system.session.scalars(select(Notification.key).where(Notification.key.in_(chunk))))
    return [items[key] for key in keys if key not in seen]


def _row(item: DueItem, now: datetime) -> Notification:
    entity_type, entity_id = item.entity if item.entity else (None, None)
    return Notification(
        key=item.key, kind=item.kind, user_id=item.user_id, team_id=item.team_id, entity_type=entity_type,
        entity_id=entity_id, params=item.params, urgent=item.urgent, due_at=item.due_at,
        deliver_after=item.due_at, status="pending", snoozes=0, created_at=now, updated_at=now,
    )


def recipients_due(system: SystemContext) -> list[int]:
    """Users with pushes waiting to be delivered now."""
    return list(system.session.scalars(
        select(Notification.user_id)
        .where(Notification.status.in_(NOTIFICATION_OPEN), Notification.deliver_after <= system.now())
        .distinct().order_by(Notification.user_id)
    ))


def take_due(system: SystemContext, user_id: int) -> list[Notification]:
    """A user's pushes due now, locked for this transaction (a concurrent tick skips them)."""
    notes = list(system.session.scalars(
        select(Notification)
        .where(Notification.user_id == user_id, Notification.status.in_(NOTIFICATION_OPEN),
               Notification.deliver_after <= system.now())
        .order_by(Notification.due_at, Notification.id)
        .with_for_update(skip_locked=True)
    ).all())
    _prefetch(system, notes)
    return notes


def _prefetch(system: SystemContext, notes: list[Notification]) -> None:
    """Load the tasks and deals the relevance checks will look at in one query each (not one per push)."""
    for model, kind in ((Task, "task"), (Deal, "deal")):
        ids = {note.entity_id for note in notes if note.entity_type == kind and note.entity_id is not None}
        if ids:
            system.session.scalars(select(model).where(model.id.in_(ids))).all()


def close(system: SystemContext, note: Notification, status: str, reason: str | None) -> None:
    note.status = status
    note.reason = reason
    note.updated_at = system.now()


def hold(system: SystemContext, note: Notification, until: datetime, reason: str) -> None:
    """Not now (quiet hours): looked at again at `until`."""
    note.deliver_after = until
    note.reason = reason
    note.updated_at = system.now()


def mark_queued(system: SystemContext, notes: list[Notification], outbox_id: int | None) -> None:
    """In the outbox (same transaction as the outbox row); None: the same message was queued before."""
    now = system.now()
    for note in notes:
        note.status = "queued"
        note.outbox_id = outbox_id
        note.delivered_at = now
        note.updated_at = now
        note.reason = None if outbox_id is not None else "already queued"


def drop(system: SystemContext, notification_ids: list[int], reason: str) -> None:
    """Not sent after all (found at send time); the reason is kept."""
    system.session.execute(
        update(Notification).where(Notification.id.in_(notification_ids))
        .values(status="dropped", reason=reason[:200], updated_at=system.now())
    )


def find(unit: Unit, notification_id: int) -> Notification | None:
    """A push by id — in a recipient's unit, only their own."""
    return unit.session.get(Notification, notification_id)


def address(system: SystemContext, user_id: int, prefs: Prefs) -> tuple[str, str] | None:
    """Where pushes go: the preferred linked chat, else the most recently linked one; None if none is linked.

    Telegram: the private chat with the bot has the user's id. Slack: a message to the user id lands in the
    app's DM with them (the Slack adapter may open it with conversations.open).
    """
    identities = system.session.execute(
        select(ChatIdentity.platform, ChatIdentity.platform_user_id)
        .where(ChatIdentity.user_id == user_id, ChatIdentity.platform.in_(PUSH_CHANNELS))
        .order_by(ChatIdentity.created_at.desc(), ChatIdentity.id.desc())
    ).all()
    if not identities:
        return None
    if prefs.channel:
        for platform, chat_id in identities:
            if platform == prefs.channel:
                return str(platform), str(chat_id)
    return str(identities[0][0]), str(identities[0][1])


@dataclass(frozen=True)
class Waiting:
    deliver_after: datetime
    user: str
    kind: str
    status: str
    reason: str | None


def waiting(system: SystemContext, limit: int = 50) -> list[Waiting]:
    """Pushes not yet delivered, soonest first (for `salesbot jobs list`)."""
    rows = system.session.execute(
        select(Notification, User.name).join(User, User.id == Notification.user_id)
        .where(Notification.status.in_(NOTIFICATION_OPEN)).order_by(Notification.deliver_after).limit(limit)
    ).all()
    return [Waiting(note.deliver_after, name, note.kind, note.status, note.reason) for note, name in rows]


def unsent(system: SystemContext, outbox_kinds: Iterable[str]) -> int:
    """Pushes in the outbox not yet sent."""
    return int(system.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.kind.in_(list(outbox_kinds)), OutboxMessage.status.in_(("pending", "sending")))) or 0)
