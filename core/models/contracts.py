"""Contracts (合同), the approvals they and project changes go through, and the files reps send as evidence."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal, get_args

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base

ContractStatus = Literal["draft", "pending_approval", "approved", "rejected", "sent", "signed", "cancelled"]
CONTRACT_STATUSES: tuple[ContractStatus, ...] = get_args(ContractStatus)
ApprovalSubject = Literal["contract", "change_request"]
APPROVAL_SUBJECTS: tuple[ApprovalSubject, ...] = get_args(ApprovalSubject)
# A step waits for the stage before it; the steps of the stage in hand are pending (several = in parallel).
STEP_STATUSES = ("waiting", "pending", "approved", "rejected", "skipped")


class Contract(Base):
    __tablename__ = "contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deals.id", ondelete="SET NULL"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    terms: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    # The date the customer is expected to have signed by (reminders), and what happened.
    signature_due: Mapped[date | None]
    sent_at: Mapped[datetime | None]
    signed_on: Mapped[date | None]
    # The e-signature provider's name and its envelope id, matched by the webhook.
    esign_provider: Mapped[str | None] = mapped_column(String(32))
    esign_reference: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Approval(Base):
    """One approval a contract or a change request goes through, by the flow named in the approval data."""

    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int] = mapped_column(index=True)
    flow: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | approved | rejected
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


class ApprovalStep(Base):
    __tablename__ = "approval_steps"
    __table_args__ = (UniqueConstraint("approval_id", "stage", "approver_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    approval_id: Mapped[int] = mapped_column(ForeignKey("approvals.id", ondelete="CASCADE"), index=True)
    stage: Mapped[int]
    # The one user who may decide this step (the owner's manager, the team's finance, ...).
    approver_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="waiting", index=True)
    comment: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]


class Attachment(Base):
    """A photo or PDF sent in chat, stored under the data dir by its hash, attached to a visit or a contract."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id", ondelete="SET NULL"),
                                                       index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id", ondelete="SET NULL"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime]
