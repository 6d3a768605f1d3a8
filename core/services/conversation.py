"""Conversation state in the database: what a user is in the middle of, and what "it" refers to, per chat.

Both are typed (`Pending`, `Memory`) and stored as JSON. A proposal is executed at most once: claiming it
clears it with a conditional UPDATE inside the same transaction as the write, so a double tap or a second
device finds nothing left to confirm. The command inside a pending item is opaque here: the intent layer
stores it with a schema version and upgrades old ones when it loads them.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Select, select, update

from core.context import ServiceContext
from core.db import add_unless_exists
from core.models import ConversationState

Stage = Literal["confirm", "ask", "choose", "edit", "switch"]


class Option(BaseModel):
    """One choice of a picker: what it says and what choosing it settles."""

    model_config = ConfigDict(extra="ignore")

    label: str
    resolved: dict[str, Any] = Field(default_factory=dict)
    # A choice that creates something new rather than picking an existing record ("Create 'umbrella'").
    creates: bool = False


class Pending(BaseModel):
    """The one item waiting for the user in a chat: a card to confirm, a question, a choice, an edit, or the
    question whether a new request replaces the card still waiting (`switch`)."""

    model_config = ConfigDict(extra="ignore")

    id: str = ""
    stage: Stage
    command: dict[str, Any]
    source_text: str = ""
    resolved: dict[str, Any] = Field(default_factory=dict)
    card: list[str] = Field(default_factory=list)
    editable: bool = True
    slot: str | None = None
    options: list[Option] = Field(default_factory=list)
    # stage "switch": the item that was waiting when a new request came in.
    waiting: Pending | None = None


class Memory(BaseModel):
    """What "it", "that deal", 这个客户 mean in this chat: the records talked about last."""

    model_config = ConfigDict(extra="ignore")

    customer_id: int | None = None
    deal_id: int | None = None


def _query(ctx: ServiceContext, channel: str, chat_id: str) -> Select[ConversationState]:
    return select(ConversationState).where(
        ConversationState.channel == channel,
        ConversationState.chat_id == chat_id,
        ConversationState.user_id == ctx.actor.user_id,
    )


def _pending_of(row: ConversationState | None) -> Pending | None:
    if row is None or row.pending is None:
        return None
    try:
        return Pending.model_validate(row.pending)
    except ValidationError:
        return None  # an item from an older version that cannot be read: treated as nothing pending


def _memory_of(row: ConversationState | None) -> Memory:
    try:
        return Memory.model_validate(row.context or {}) if row is not None else Memory()
    except ValidationError:
        return Memory()


def peek(ctx: ServiceContext, channel: str, chat_id: str) -> tuple[Pending | None, Memory]:
    """The pending item and memory, read without creating anything (for a read-only unit)."""
    row = ctx.session.scalar(_query(ctx, channel, chat_id))
    return _pending_of(row), _memory_of(row)


def _state(ctx: ServiceContext, channel: str, chat_id: str) -> ConversationState:
    query = _query(ctx, channel, chat_id)
    state = ctx.session.scalar(query)
    if state is not None:
        return state
    state = ConversationState(channel=channel, chat_id=chat_id, user_id=ctx.actor.user_id, context={},
                              updated_at=ctx.now())
    if not add_unless_exists(ctx.session, state):  # created concurrently by another worker
        found = ctx.session.scalar(query)
        assert found is not None
        return found
    return state


class Conversation:
    """One chat's state for the acting user, loaded in a unit of work."""

    def __init__(self, ctx: ServiceContext, channel: str, chat_id: str) -> None:
        self._ctx = ctx
        self._row = _state(ctx, channel, chat_id)

    @property
    def pending(self) -> Pending | None:
        return _pending_of(self._row)

    @property
    def memory(self) -> Memory:
        return _memory_of(self._row)

    def set_pending(self, pending: Pending) -> str:
        pending_id = str(uuid.uuid4())
        self._row.pending_id = pending_id
        self._row.pending = pending.model_copy(update={"id": pending_id}).model_dump(mode="json")
        self._touch()
        return pending_id

    def claim(self, pending_id: str) -> bool:
        """Take the pending item for execution; False when it was already taken or replaced."""
        result = self._ctx.session.execute(
            update(ConversationState)
            .where(ConversationState.id == self._row.id, ConversationState.pending_id == pending_id)
            .values(pending_id=None, pending=None, updated_at=self._ctx.now())
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    def clear_pending(self) -> None:
        self._row.pending_id = None
        self._row.pending = None
        self._touch()

    def remember(self, memory: Memory) -> None:
        self._row.context = memory.model_dump(mode="json", exclude_none=True)
        self._touch()

    def _touch(self) -> None:
        self._row.updated_at = self._ctx.now()
        self._ctx.session.flush()
