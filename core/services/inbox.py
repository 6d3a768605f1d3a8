"""Inbound messages are stored before they are processed; a redelivered message id is processed once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.db import add_unless_exists
from core.models import InboundMessage


def record(
    session: Session,
    now: datetime,
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
        text=text, raw=raw, status="received", received_at=now,
    )
    return row.id if add_unless_exists(session, row) else None


def seen(session: Session, channel: str, platform_message_id: str) -> bool:
    query = select(InboundMessage.id).where(
        InboundMessage.channel == channel, InboundMessage.platform_message_id == platform_message_id
    )
    return session.scalar(query) is not None


def finish(
    session: Session, inbound_id: int, now: datetime, *, status: str, user_id: int | None = None,
    error: str | None = None,
) -> None:
    session.execute(
        update(InboundMessage)
        .where(InboundMessage.id == inbound_id)
        .values(status=status, user_id=user_id, error=error, processed_at=now)
    )
