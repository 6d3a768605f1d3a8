"""Inbound messages are stored before they are processed; a redelivered message id is processed once.

A channel stores what it received (`record`, status `received`) before anything that can fail, answers the
platform, and then processes it: `claim` takes a stored message for processing (atomically, with a lease, so
two workers never process one message), `finish` records the outcome, `release` puts it back when it could not
be processed now (the platform is unreachable, a crash) so that a later sweep (`backlog`) takes it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update

from core.context import Unit
from core.db import add_unless_exists
from core.models import InboundMessage
from core.redaction import redact

DEFAULT_LEASE = timedelta(minutes=2)
# Outcomes after which the message is done; `ignored` also forgets what it said (it was not for us).
FINAL = ("processed", "rejected", "ignored", "failed")


def record(
    unit: Unit,
    *,
    channel: str,
    platform_message_id: str,
    chat_id: str,
    sender_id: str,
    text: str | None,
    raw: dict[str, Any],
) -> int | None:
    """Store the message; None when this (channel, id) was seen before — then it must not be processed again."""
    row = InboundMessage(
        channel=channel, platform_message_id=platform_message_id, chat_id=chat_id, sender_id=sender_id,
        text=text, raw=raw, status="received", received_at=unit.now(), attempts=0,
    )
    return row.id if add_unless_exists(unit.session, row) else None


def seen(unit: Unit, channel: str, platform_message_id: str) -> bool:
    query = select(InboundMessage.id).where(
        InboundMessage.channel == channel, InboundMessage.platform_message_id == platform_message_id
    )
    return unit.session.scalar(query) is not None


@dataclass(frozen=True)
class Stored:
    """A stored message taken for processing: what the channel needs to process it again from the store."""

    id: int
    channel: str
    platform_message_id: str
    chat_id: str
    sender_id: str
    text: str | None
    raw: dict[str, Any]
    attempts: int


def _claimable(now: Any) -> Any:
    return or_(InboundMessage.status == "received",
               and_(InboundMessage.status == "processing", InboundMessage.lease_until <= now))


def claim(unit: Unit, inbound_id: int, *, lease: timedelta = DEFAULT_LEASE) -> Stored | None:
    """Take a stored message for processing; None when it is done or someone else is processing it."""
    now = unit.now()
    result = unit.session.execute(
        update(InboundMessage)
        .where(InboundMessage.id == inbound_id, _claimable(now))
        .values(status="processing", lease_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        return None
    row = unit.session.get(InboundMessage, inbound_id)
    if row is None:  # pragma: no cover - deleted between the update and the read
        return None
    unit.session.refresh(row)
    return Stored(row.id, row.channel, row.platform_message_id, row.chat_id, row.sender_id, row.text,
                  dict(row.raw or {}), row.attempts)


def backlog(unit: Unit, channel: str, *, limit: int = 100) -> list[tuple[int, str]]:
    """Stored messages of a channel waiting to be processed (or whose worker died), oldest first: (id, sender)."""
    query = (
        select(InboundMessage.id, InboundMessage.sender_id)
        .where(InboundMessage.channel == channel, _claimable(unit.now()))
        .order_by(InboundMessage.id)
        .limit(limit)
    )
    return [(int(row[0]), str(row[1])) for row in unit.session.execute(query)]


def release(unit: Unit, inbound_id: int, error: str, *, failed_attempt: bool, max_attempts: int = 5) -> str:
    """Put a claimed message back for a later try. Only attempts that failed by an error count (an outage does
    not): after `max_attempts` of those it is marked failed and kept. Returns the new status."""
    row = unit.session.get(InboundMessage, inbound_id)
    if row is None or row.status != "processing":
        return row.status if row is not None else "missing"
    attempts = row.attempts + (1 if failed_attempt else 0)
    status = "failed" if attempts >= max_attempts else "received"
    row.status, row.attempts, row.lease_until, row.error = status, attempts, None, redact(error)[:500]
    if status == "failed":
        row.processed_at = unit.now()
    return status


def claimed(unit: Unit, channel: str, platform_message_id: str) -> int | None:
    """The id of this message if a channel stored it and claimed it for processing (then it is processed under
    that claim, not stored again); None otherwise."""
    return unit.session.scalar(
        select(InboundMessage.id).where(InboundMessage.channel == channel,
                                        InboundMessage.platform_message_id == platform_message_id[:128],
                                        InboundMessage.status == "processing")
    )


def status_of(unit: Unit, inbound_id: int) -> str | None:
    return unit.session.scalar(select(InboundMessage.status).where(InboundMessage.id == inbound_id))


def finish(unit: Unit, inbound_id: int, *, status: str, user_id: int | None = None, error: str | None = None) -> None:
    values: dict[str, Any] = {"status": status, "user_id": user_id, "error": redact(error) if error else None,
                              "processed_at": unit.now(),
                              "lease_until": None}
    if status == "ignored":
        values.update(raw={}, text=None)  # not addressed to us: kept only as an id, for deduplication
    unit.session.execute(update(InboundMessage).where(InboundMessage.id == inbound_id).values(**values))


def latest_from(unit: Unit, channel: str, sender_id: str) -> tuple[int, str, Any] | None:
    """The sender's latest message to us: (inbox id, chat id, received at). Messages that were not for us
    (group chatter, edits) do not count."""
    row = unit.session.execute(
        select(InboundMessage.id, InboundMessage.chat_id, InboundMessage.received_at)
        .where(InboundMessage.channel == channel, InboundMessage.sender_id == sender_id,
               InboundMessage.status != "ignored")
        .order_by(InboundMessage.id.desc())
        .limit(1)
    ).first()
    return None if row is None else (int(row[0]), str(row[1]), row[2])
