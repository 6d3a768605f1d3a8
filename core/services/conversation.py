"""Conversation state in the database: the pending proposal and what "it" refers to, per user and chat.

A proposal is executed at most once: claiming it clears it with a conditional UPDATE inside the same
transaction as the write, so a double tap or a second device finds nothing left to confirm.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.db import add_unless_exists
from core.models import ConversationState


def load(session: Session, channel: str, chat_id: str, user_id: int, now: datetime) -> ConversationState:
    query = select(ConversationState).where(
        ConversationState.channel == channel,
        ConversationState.chat_id == chat_id,
        ConversationState.user_id == user_id,
    )
    state = session.scalar(query)
    if state is not None:
        return state
    state = ConversationState(channel=channel, chat_id=chat_id, user_id=user_id, context={}, updated_at=now)
    if not add_unless_exists(session, state):  # created concurrently by another worker
        found = session.scalar(query)
        assert found is not None
        return found
    return state


def set_pending(session: Session, state: ConversationState, pending: dict[str, Any], now: datetime) -> str:
    pending_id = str(uuid.uuid4())
    state.pending_id = pending_id
    state.pending = {**pending, "id": pending_id}
    state.updated_at = now
    session.flush()
    return pending_id


def claim_pending(session: Session, state_id: int, pending_id: str, now: datetime) -> bool:
    """Take the pending proposal for execution; False when it was already taken or replaced."""
    result = session.execute(
        update(ConversationState)
        .where(ConversationState.id == state_id, ConversationState.pending_id == pending_id)
        .values(pending_id=None, pending=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def clear_pending(session: Session, state: ConversationState, now: datetime) -> None:
    state.pending_id = None
    state.pending = None
    state.updated_at = now
    session.flush()


def remember(session: Session, state: ConversationState, now: datetime, **context: Any) -> None:
    """Update what "it" means: the customer and deal the user talked about last."""
    state.context = {**(state.context or {}), **{k: val for k, val in context.items() if val is not None}}
    state.updated_at = now
    session.flush()
