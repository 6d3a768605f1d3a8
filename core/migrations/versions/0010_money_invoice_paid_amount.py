"""money: what has been paid on each invoice, kept on the invoice (aging reads open invoices alone)

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-03 12:35:00

Chained after 0007 in this branch; 0008 (projects) and 0009 (contracts) come before it once merged.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paid_amount', sa.Numeric(precision=18, scale=2), nullable=False,
                                      server_default='0'))
    op.execute("UPDATE invoices SET paid_amount = COALESCE((SELECT SUM(a.amount) FROM payment_allocations a "
               "WHERE a.invoice_id = invoices.id), 0)")
    op.execute("UPDATE invoices SET status = 'paid' WHERE status = 'issued' AND paid_amount >= total")


def downgrade() -> None:
    op.execute("UPDATE invoices SET status = 'issued' WHERE status = 'paid'")
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_column('paid_amount')
