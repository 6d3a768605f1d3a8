"""Inbound messages are stored before they are processed; a redelivered message id is processed once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

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
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None
    return row.id


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
