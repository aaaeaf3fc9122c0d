"""orders remember when the newest export that held them was imported (the detail pane's "state from")

Revision ID: 0005_order_source
Revises: 0004_channel_watermark
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_order_source"
down_revision = "0004_channel_watermark"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable: SQLite adds it in place. Orders stored before know only the import that last changed
    # them (updated_at): the closest truth there is for "the export this state comes from"
    op.add_column("orders", sa.Column("seen_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE orders SET seen_at = updated_at")


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("seen_at")
