"""Bookkeeping rows: the audit trail, inbound messages, conversation state and the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base


class AuditLog(Base):
    """One row per entity touched; rows sharing a change_id were one user action and are undone together."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[str] = mapped_column(String(36), index=True)
    # None for operations run from the admin CLI rather than by a user in a chat.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    before: Mapped[dict[str, Any] | None] = mapped_column()
    after: Mapped[dict[str, Any] | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(index=True)
    undone_at: Mapped[datetime | None]
    undone_by_change_id: Mapped[str | None] = mapped_column(String(36))


class InboundMessage(Base):
    """Every message is stored before it is processed; (channel, platform_message_id) makes redelivery a no-op."""

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("channel", "platform_message_id"),
                      Index("ix_inbound_messages_backlog", "channel", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    platform_message_id: Mapped[str] = mapped_column(String(128))
    chat_id: Mapped[str] = mapped_column(String(64))
    sender_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str | None] = mapped_column(Text)
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # received (stored, not yet processed) | processing (claimed until lease_until) | processed | rejected |
    # ignored (nothing for us: raw and text are cleared) | failed
    status: Mapped[str] = mapped_column(String(16), default="received")
    error: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime]
    processed_at: Mapped[datetime | None]
    # Processing attempts that ended in an error; a stored event is retried until it is processed.
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    # While `processing`: when the claim runs out (its worker died) and another may take the message.
    lease_until: Mapped[datetime | None]


class ConversationState(Base):
    """What a user is in the middle of in one chat: a pending proposal and what "it" refers to."""

    __tablename__ = "conversation_states"
    __table_args__ = (UniqueConstraint("channel", "chat_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    pending_id: Mapped[str | None] = mapped_column(String(36))
    pending: Mapped[dict[str, Any] | None] = mapped_column()
    context: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]


class OutboxMessage(Base):
    """A reply or push waiting to be delivered by a channel adapter; retried with backoff until sent."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32), default="reply")
    payload: Mapped[dict[str, Any]] = mapped_column()
    # Set by producers that must not enqueue the same push twice (e.g. "reminder:task:42:2026-11-27T09:00").
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|sending|sent|failed
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    platform_message_id: Mapped[str | None] = mapped_column(String(128))
    # A proposal card remembers where it landed, so the decision can replace its buttons there.
    proposal_id: Mapped[str | None] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    # Set when a channel delivered part of the message before it had to stop (a long text split in several
    # platform messages): opaque to core, it lets the next attempt send only the rest.
    resume: Mapped[str | None] = mapped_column(Text)
