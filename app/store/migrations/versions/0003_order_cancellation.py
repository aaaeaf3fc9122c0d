"""orders remember when, by whom and why they were cancelled (shop health: seller-fault cancellations)

Revision ID: 0003_order_cancellation
Revises: 0003_presale_ends
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_order_cancellation"
down_revision = "0003_presale_ends"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable columns without constraints: SQLite adds them in place, no table copy; old orders
    # simply carry no cancellation details (the metric says the export had none)
    op.add_column("orders", sa.Column("cancelled_at", sa.DateTime(), nullable=True))
    op.add_column("orders", sa.Column("cancel_by", sa.Text(), nullable=True))
    op.add_column("orders", sa.Column("cancel_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("cancel_by")
        batch_op.drop_column("cancelled_at")
