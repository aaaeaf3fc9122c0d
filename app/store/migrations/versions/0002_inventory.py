"""stock movements remember the order line a shipment consumed stock for

Revision ID: 0002_inventory
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_inventory"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a nullable column without a foreign key: SQLite adds it in place, no table copy
    op.add_column("stock_movements", sa.Column("order_line_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_stock_movements_order_line_id"), "stock_movements", ["order_line_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_stock_movements_order_line_id"), table_name="stock_movements")
    with op.batch_alter_table("stock_movements") as batch_op:
        batch_op.drop_column("order_line_id")
