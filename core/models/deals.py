"""Deals (商机) and how they moved through the stages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, get_args

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base

# The one list of deal stages: the command schema, the LLM tool schema, the prompt and the lexer derive from it.
Stage = Literal["lead", "qualified", "proposal", "negotiation", "won", "lost"]
STAGES: tuple[Stage, ...] = get_args(Stage)
OPEN_STAGES: tuple[Stage, ...] = tuple(s for s in STAGES if s not in ("won", "lost"))
# Default win probability per stage, used when the rep does not give one.
STAGE_PROBABILITY = {"lead": 10, "qualified": 25, "proposal": 50, "negotiation": 75, "won": 100, "lost": 0}


class Deal(Base):
    __tablename__ = "deals"
    # Reports take the deals created in a period, a rep's own ones straight from the index.
    __table_args__ = (Index("ix_deals_owner_created", "owner_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal | None]
    currency: Mapped[str] = mapped_column(String(3))
    stage: Mapped[str] = mapped_column(String(16), index=True)
    probability: Mapped[int]
    # A probability a rep set by hand: it overrides the model's estimate (core.scoring.win) and is shown as
    # manual; cleared when the deal changes stage without a new one.
    manual_probability: Mapped[int | None]
    expected_close_date: Mapped[date | None] = mapped_column(index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # What kind of work it sells ("implementation", "hardware", ...): picks the project template when won.
    deal_type: Mapped[str | None] = mapped_column(String(64))
    # Budget, decision maker, competitors and whatever else a team tracks (自定义字段).
    custom_fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    lost_reason: Mapped[str | None] = mapped_column(Text)
    # Milestones (里程碑): [{"name": str, "due": "YYYY-MM-DD" | None, "done": bool}]
    milestones: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(index=True)
    updated_at: Mapped[datetime]


class DealStageChange(Base):
    __tablename__ = "deal_stage_changes"
    # The funnel folds each deal's history into its furthest stage, walking this index in deal order.
    __table_args__ = (Index("ix_deal_stage_changes_deal_stage", "deal_id", "to_stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(index=True)
