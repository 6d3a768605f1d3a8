"""Inbound messages are stored before they are processed; a redelivered message id is processed once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from core.context import Unit
from core.db import add_unless_exists
from core.models import InboundMessage


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
        text=text, raw=raw, status="received", received_at=unit.now(),
    )
    return row.id if add_unless_exists(unit.session, row) else None


def seen(unit: Unit, channel: str, platform_message_id: str) -> bool:
    query = select(InboundMessage.id).where(
        InboundMessage.channel == channel, InboundMessage.platform_message_id == platform_message_id
    )
    return unit.session.scalar(query) is not None


def finish(unit: Unit, inbound_id: int, *, status: str, user_id: int | None = None, error: str | None = None) -> None:
    unit.session.execute(
        update(InboundMessage)
        .where(InboundMessage.id == inbound_id)
        .values(status=status, user_id=user_id, error=error, processed_at=unit.now())
    )


def latest_from(unit: Unit, channel: str, sender_id: str) -> tuple[int, str, Any] | None:
    """The sender's latest message to us: (inbox id, chat id, received at)."""
    row = unit.session.execute(
        select(InboundMessage.id, InboundMessage.chat_id, InboundMessage.received_at)
        .where(InboundMessage.channel == channel, InboundMessage.sender_id == sender_id)
        .order_by(InboundMessage.id.desc())
        .limit(1)
    ).first()
    return None if row is None else (int(row[0]), str(row[1]), row[2])
