"""report indexes: deals by creation time (and by owner and creation time), stage history by deal and stage

Revision ID: 0016_report_indexes
Revises: 0015_dashboard_links
Create Date: 2026-12-03 18:00:00

The funnel over 100,000 deals (bench/reports_bench.py): the period's cohort (a rep's own one) from an index
instead of a scan of every deal, and each deal's furthest stage from (deal_id, to_stage) walked in deal order
(index-only once autovacuum has been by).
"""

from __future__ import annotations

from alembic import op

revision = '0016_report_indexes'
down_revision = '0015_dashboard_links'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deals_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_deals_owner_created', ['owner_id', 'created_at'], unique=False)
    with op.batch_alter_table('deal_stage_changes', schema=None) as batch_op:
        batch_op.create_index('ix_deal_stage_changes_deal_stage', ['deal_id', 'to_stage'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('deal_stage_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_deal_stage_changes_deal_stage')
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.drop_index('ix_deals_owner_created')
        batch_op.drop_index(batch_op.f('ix_deals_created_at'))
