"""Voice notes as durable jobs, the audio they came with, and the meeting minutes made from long ones.

A job is a row from the moment the note arrives until its replies are queued, so a crash or restart resumes it
where it stopped (audio fetched → transcribed chunk by chunk → understood → replies queued) and never runs a
finished step twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base

VOICE_JOB_STATUSES = ("queued", "running", "done", "failed")
VOICE_MODES = ("note", "minutes")
MINUTES_STATUSES = ("proposed", "confirmed")


class VoiceJob(Base):
    __tablename__ = "voice_jobs"
    __table_args__ = (
        UniqueConstraint("channel", "message_id"),
        Index("ix_voice_jobs_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    # The conversation the result continues (a group mention continues the sender's private one).
    conversation_id: Mapped[str] = mapped_column(String(64))
    is_group: Mapped[bool] = mapped_column(default=False)
    message_id: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    # A worker owns a running job until its lease ends; a dead worker's job is claimed again after that.
    lease_until: Mapped[datetime | None]
    lease_token: Mapped[str | None] = mapped_column(String(36))
    # Where the audio comes from until it is fetched. Cleared then: a Telegram file URL embeds the bot token.
    source_url: Mapped[str | None] = mapped_column(Text)
    mime_type: Mapped[str | None] = mapped_column(String(100))
    file_name: Mapped[str | None] = mapped_column(String(255))
    declared_seconds: Mapped[float | None]
    size_bytes: Mapped[int | None]
    # Transcription: the language chosen, timings, and the text so far (chunk by chunk, so long notes resume).
    language: Mapped[str | None] = mapped_column(String(8))
    duration: Mapped[float | None]
    processing_seconds: Mapped[float | None]
    model: Mapped[str | None] = mapped_column(String(200))
    backend: Mapped[str | None] = mapped_column(String(32))
    progress_seconds: Mapped[float] = mapped_column(default=0.0)
    progress_messages: Mapped[int] = mapped_column(default=0)
    chunks: Mapped[list[Any]] = mapped_column(default=list)
    transcript: Mapped[str | None] = mapped_column(Text)
    transcribed_at: Mapped[datetime | None]
    # Understanding: a short note → one command; a long one → minutes. Kept for the record and for resuming.
    mode: Mapped[str | None] = mapped_column(String(16))
    command: Mapped[dict[str, Any] | None] = mapped_column()
    resolved: Mapped[dict[str, Any] | None] = mapped_column()
    understood_at: Mapped[datetime | None]
    # Outcome.
    replies: Mapped[list[Any] | None] = mapped_column()
    error_reason: Mapped[str | None] = mapped_column(String(32))
    error_detail: Mapped[str | None] = mapped_column(Text)
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id", ondelete="SET NULL"),
                                                        index=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class VoiceAudio(Base):
    """The audio of a job, in the database so any worker can resume it; deleted per the retention setting."""

    __tablename__ = "voice_audio"

    job_id: Mapped[int] = mapped_column(ForeignKey("voice_jobs.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    mime_type: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime]
    # None while the job needs it; set when the job finishes (retention), then purged after this instant.
    expires_at: Mapped[datetime | None] = mapped_column(index=True)


class MeetingMinutes(Base):
    """Structured minutes of a long voice note: proposed first, linked to the interaction once confirmed."""

    __tablename__ = "meeting_minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("voice_jobs.id", ondelete="CASCADE"), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id", ondelete="SET NULL"),
                                                        index=True)
    language: Mapped[str] = mapped_column(String(8))
    extractor: Mapped[str] = mapped_column(String(16))  # rules | llm
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    # The minutes (customer, attendees, summary, decisions, action items, risks, next step, CRM changes).
    data: Mapped[dict[str, Any]] = mapped_column()
    # Numbers of the proposed items (action items, then CRM changes) the user keeps; all by default.
    selected: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    confirmed_at: Mapped[datetime | None]
