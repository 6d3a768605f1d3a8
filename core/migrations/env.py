"""Alembic environment: migrations run on the engine bootstrap hands over (never one read from a file)."""

from __future__ import annotations

from alembic import context

from core.models import Base

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite needs batch mode to alter tables
        compare_type=True,
    )
    context.run_migrations()
