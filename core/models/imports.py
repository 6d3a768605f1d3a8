"""Imports (数据迁移): one run per user, kind and file content; one row per batch it has written.

A batch's row is written in the same transaction as the batch's data, so "this batch is done" and "its rows
are there" are one fact: a re-run after a crash skips exactly the batches that committed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base

IMPORT_KINDS = ("customers", "contacts", "deals")
IMPORT_RUN_STATUSES = ("running", "failed", "done")


class ImportRun(Base):
    __tablename__ = "import_runs"
    __table_args__ = (UniqueConstraint("user_id", "kind", "file_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    # sha256 of the file's bytes: the same file imported again is the same run (resumed, or already done).
    file_hash: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    # Kept from the first run: batches are numbered over the file's rows, so a resume must cut them the same way.
    batch_size: Mapped[int]
    total_rows: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default="running")
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ImportBatch(Base):
    __tablename__ = "import_batches"
    __table_args__ = (UniqueConstraint("run_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("import_runs.id", ondelete="CASCADE"), index=True)
    # The importing user again, so the batch is classified (and guarded) as that user's own row.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    first_row: Mapped[int]
    last_row: Mapped[int]
    created: Mapped[int] = mapped_column(default=0)
    merged: Mapped[int] = mapped_column(default=0)
    finished_at: Mapped[datetime]
