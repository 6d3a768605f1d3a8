"""What meeting minutes are: the structure both extractors (rules and LLM) produce and the card shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from core.models.deals import Stage

When = date | datetime


class ActionItem(BaseModel):
    text: str = Field(min_length=1, max_length=300)
    owner: str | None = None
    due: When | None = None


class CrmChanges(BaseModel):
    stage: Stage | None = None
    amount: Decimal | None = Field(default=None, ge=0, lt=Decimal("1e15"))
    currency: str | None = None
    close_date: date | None = None
    new_contacts: list[str] = Field(default_factory=list)


class Minutes(BaseModel):
    customer: str | None = None
    title: str | None = None
    attendees: list[str] = Field(default_factory=list)
    summary: str = ""
    decisions: list[str] = Field(default_factory=list)
    action_items: list[ActionItem] = Field(default_factory=list)
    risks: list[str] = Field(default_factory=list)
    next_step: str | None = None
    next_step_date: When | None = None
    crm_changes: CrmChanges = Field(default_factory=CrmChanges)

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def load(cls, data: dict[str, Any]) -> Minutes:
        return cls.model_validate(data)

    def items(self) -> list[tuple[str, Any]]:
        """The proposed writes, numbered from 1 in this order: action items, then CRM changes."""
        out: list[tuple[str, Any]] = [("task", item) for item in self.action_items]
        changes = self.crm_changes
        if changes.stage is not None:
            out.append(("stage", changes.stage))
        if changes.amount is not None:
            out.append(("amount", changes.amount))
        if changes.close_date is not None:
            out.append(("close_date", changes.close_date))
        out.extend(("contact", name) for name in changes.new_contacts)
        return out


@dataclass(frozen=True)
class MinutesContext:
    """What an extractor may know besides the transcript (resolved against the user's clock and zone)."""

    now: datetime
    timezone: str
    language: str  # the transcript's language
    customer_names: tuple[str, ...] = ()
    contact_names: tuple[str, ...] = ()
    user_name: str = ""
    team_names: tuple[str, ...] = field(default_factory=tuple)
