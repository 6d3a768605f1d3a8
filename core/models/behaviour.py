"""Behaviour events (website visit, product page view, email open, download) per customer: what the high-intent
score is made of. Recorded by integrations (POST /api/v1/events); read by core.scoring.intent."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base

BehaviourKind = Literal["website_visit", "product_page_view", "email_open", "download"]
BEHAVIOUR_KINDS: tuple[BehaviourKind, ...] = get_args(BehaviourKind)


class BehaviourEvent(Base):
    __tablename__ = "behaviour_events"
    __table_args__ = (Index("ix_behaviour_events_customer_time", "customer_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    # What it was about: {"page": "pricing"}, {"file": "brochure.pdf"}, {"subject": "..."}.
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]
