"""dashboard sign-in links and sessions

Revision ID: 0015_dashboard_links
Revises: 0014_scoring
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import core.models.base


revision = '0015_dashboard_links'
down_revision = '0014_scoring'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dashboard_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', core.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', core.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', core.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_dashboard_links_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dashboard_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_dashboard_links_token_hash'))
    )
    with op.batch_alter_table('dashboard_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dashboard_links_user_id'), ['user_id'], unique=False)
    op.create_table('dashboard_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('session_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', core.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', core.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', core.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_dashboard_sessions_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dashboard_sessions')),
    sa.UniqueConstraint('session_hash', name=op.f('uq_dashboard_sessions_session_hash'))
    )
    with op.batch_alter_table('dashboard_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dashboard_sessions_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dashboard_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dashboard_sessions_user_id'))
    op.drop_table('dashboard_sessions')
    with op.batch_alter_table('dashboard_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dashboard_links_user_id'))
    op.drop_table('dashboard_links')
