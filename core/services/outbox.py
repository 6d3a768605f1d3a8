"""The outbox: every outgoing message is a row first, then delivered, retried, and marked sent.

Delivery is at-least-once with a narrow window: a process that dies after the platform accepted a message
but before `mark_sent` committed will send that message again once its lease expires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update

from core.context import Unit
from core.db import add_unless_exists
from core.models import OutboxMessage
from core.redaction import redact

DEFAULT_LEASE = timedelta(seconds=60)


def enqueue(
    unit: Unit,
    *,
    channel: str,
    chat_id: str,
    payload: dict[str, Any],
    user_id: int | None = None,
    kind: str = "reply",
    dedupe_key: str | None = None,
    not_before: datetime | None = None,
) -> int | None:
    """Queue a message; None when `dedupe_key` was queued before (the push already exists)."""
    session, now = unit.session, unit.now()
    row = OutboxMessage(
        channel=channel, chat_id=chat_id, user_id=user_id, kind=kind, payload=payload, dedupe_key=dedupe_key,
        status="pending", attempts=0, next_attempt_at=not_before or now, created_at=now,
        proposal_id=payload.get("proposal_id"),
    )
    if dedupe_key is None:
        session.add(row)
        session.flush()
        return row.id
    return row.id if add_unless_exists(session, row) else None


@dataclass(frozen=True)
class Claimed:
    id: int
    channel: str
    chat_id: str
    user_id: int | None
    kind: str
    payload: dict[str, Any]
    attempts: int
    resume: str | None = None  # a channel's token: parts of this message were delivered already


def claim_due(
    unit: Unit,
    *,
    limit: int = 100,
    lease: timedelta = DEFAULT_LEASE,
    channels: list[str] | None = None,
) -> list[Claimed]:
    """Take due rows for sending. Rows left in `sending` by a dead process are taken again after the lease."""
    session, now = unit.session, unit.now()
    query = (
        select(OutboxMessage)
        # `sending` rows are due again only once their lease has run out (their sender died).
        .where(OutboxMessage.status.in_(("pending", "sending")), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if channels is not None:
        query = query.where(OutboxMessage.channel.in_(channels))
    rows = session.scalars(query).all()
    for row in rows:
        row.status = "sending"
        row.next_attempt_at = now + lease
    session.flush()
    return [Claimed(r.id, r.channel, r.chat_id, r.user_id, r.kind, dict(r.payload), r.attempts, r.resume)
            for r in rows]


def mark_sent(unit: Unit, outbox_id: int, platform_message_id: str | None) -> None:
    unit.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id)
        .values(status="sent", sent_at=unit.now(), platform_message_id=platform_message_id, last_error=None,
                resume=None)
    )


def mark_retry(unit: Unit, outbox_id: int, delay: timedelta, error: str, *, resume: str | None = None) -> None:
    """Back to pending after `delay`. `resume` (when given) records the parts a channel delivered already."""
    values: dict[str, Any] = {"status": "pending", "attempts": OutboxMessage.attempts + 1,
                              "next_attempt_at": unit.now() + delay, "last_error": redact(error)[:1000]}
    if resume is not None:
        values["resume"] = resume
    unit.session.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id).values(**values))


def mark_failed(unit: Unit, outbox_id: int, error: str) -> None:
    unit.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id)
        .values(status="failed", attempts=OutboxMessage.attempts + 1, last_error=redact(error)[:1000],
                sent_at=None)
    )


def mark_dropped(unit: Unit, outbox_id: int, reason: str) -> None:
    """A push that must not be sent any more (its recipient may no longer see it): kept, marked, never sent."""
    unit.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id)
        .values(status="dropped", last_error=reason[:1000], sent_at=None)
    )


@dataclass(frozen=True)
class Card:
    """A delivered proposal card: the chat it landed in, the platform's message id, and what it said."""

    chat_id: str
    message_id: str
    payload: dict[str, Any]


def proposal_message(unit: Unit, channel: str, chat_id: str, proposal_id: str, *, user_id: int | None = None
                     ) -> Card | None:
    """Where the card for `proposal_id` was delivered, and what it said (to replace its buttons later): in
    `chat_id`, or — for the same person (`user_id`) — wherever it went (a push is addressed to a user id, while
    the decision comes from the chat the card landed in)."""
    same_place = OutboxMessage.chat_id == chat_id
    if user_id is not None:
        same_place = or_(same_place, OutboxMessage.user_id == user_id)
    query = (
        select(OutboxMessage.chat_id, OutboxMessage.platform_message_id, OutboxMessage.payload)
        .where(OutboxMessage.channel == channel, same_place,
               OutboxMessage.proposal_id == proposal_id, OutboxMessage.status == "sent",
               OutboxMessage.platform_message_id.is_not(None))
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    row = unit.session.execute(query).first()
    return None if row is None else Card(str(row[0]), str(row[1]), dict(row[2]))


def recipient_of(unit: Unit, channel: str, chat_id: str, platform_message_id: str) -> int | None:
    """The user a delivered message was for (None: nobody in particular, or unknown)."""
    return unit.session.scalar(
        select(OutboxMessage.user_id)
        .where(OutboxMessage.channel == channel, OutboxMessage.chat_id == chat_id,
               OutboxMessage.platform_message_id == platform_message_id, OutboxMessage.status == "sent")
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )


def unsent_count(unit: Unit) -> int:
    query = select(func.count(OutboxMessage.id)).where(OutboxMessage.status.in_(("pending", "sending")))
    return int(unit.session.scalar(query) or 0)
