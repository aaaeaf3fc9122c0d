"""an open order's kept state names its platform and order id, so shop health reads the orders due
within a day from that table alone (no look-up in the wide orders table per order); the index on
the base deadline goes: the table holds open orders only, and health reads most of them; orders
get an index by buyer (a buyer's open orders share a same-day cap: a tick evaluates them together)

Revision ID: 0013_check_orders
Revises: 0012_room_indexes
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_check_orders"
down_revision = "0012_room_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("order_checks") as batch:
        batch.add_column(sa.Column("platform", sa.String(16), nullable=True))
        batch.add_column(sa.Column("order_id", sa.String(64), nullable=True))
    op.drop_index("ix_order_checks_base", table_name="order_checks")
    op.create_index("ix_orders_buyer", "orders", ["buyer", "status"])
    # the kept state is derived data: emptied, with the marks, the next evaluation is a full one
    # that writes it again with the new columns filled
    op.execute(sa.text("DELETE FROM order_checks"))
    op.execute(sa.text("DELETE FROM eval_marks"))


def downgrade() -> None:
    op.drop_index("ix_orders_buyer", table_name="orders")
    op.create_index("ix_order_checks_base", "order_checks", ["base"])
    with op.batch_alter_table("order_checks") as batch:
        batch.drop_column("order_id")
        batch.drop_column("platform")
