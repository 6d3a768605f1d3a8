"""scoring: a manual win probability on deals; behaviour events found by time for the high-intent scan

Revision ID: 0014_scoring
Revises: 0013_import_batches
Create Date: 2026-12-03 15:00:00

The behaviour_events table itself comes with the API (0012).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014_scoring'
down_revision = '0013_import_batches'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('manual_probability', sa.Integer(), nullable=True))
    with op.batch_alter_table('behaviour_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_behaviour_events_occurred_at'), ['occurred_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('behaviour_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_behaviour_events_occurred_at'))
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.drop_column('manual_probability')
