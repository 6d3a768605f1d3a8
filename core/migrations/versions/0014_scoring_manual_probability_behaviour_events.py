"""scoring: a manual win probability on deals, and behaviour events for the high-intent score

Revision ID: 0014_scoring
Revises: 0010
Create Date: 2026-12-03 15:00:00

The behaviour_events table is also created by the API branch; the integrator keeps one of the two.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import core.models.base

revision = '0014_scoring'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('manual_probability', sa.Integer(), nullable=True))
    op.create_table('behaviour_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('occurred_at', core.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('created_at', core.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_behaviour_events_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_behaviour_events'))
    )
    with op.batch_alter_table('behaviour_events', schema=None) as batch_op:
        batch_op.create_index('ix_behaviour_events_customer_time', ['customer_id', 'occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_behaviour_events_occurred_at'), ['occurred_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('behaviour_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_behaviour_events_occurred_at'))
        batch_op.drop_index('ix_behaviour_events_customer_time')
    op.drop_table('behaviour_events')
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.drop_column('manual_probability')
