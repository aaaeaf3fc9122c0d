"""the shop-health and incident rooms read only their windows, by index: orders by dispatch and
pickup time (health's dispatches of the last 120 days, not a year of them), by payment time with
the status and platform beside it, and an order's lines with their SKU, quantity, prices and
status, so the windows' counts come from the indexes alone

Revision ID: 0012_room_indexes
Revises: 0011_incremental
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_room_indexes"
down_revision = "0011_incremental"
branch_labels = None
depends_on = None

LINE_COLUMNS = ("order_pk", "id", "sku_id", "quantity", "amount_fen", "unit_price_fen", "status", "sku_code")


def _has_index(table: str, name: str) -> bool:
    return any(ix["name"] == name for ix in sa.inspect(op.get_bind()).get_indexes(table))


def upgrade() -> None:
    # with the promised time and platform beside it: the dispatches' counts from the index alone;
    # after 0011_incremental it replaces that one's (shipped_at) alone, its first column
    if _has_index("orders", "ix_orders_shipped_at"):
        op.drop_index("ix_orders_shipped_at", table_name="orders")
    op.create_index("ix_orders_shipped_at", "orders", ["shipped_at", "promised_ship_at", "platform"], unique=False)
    op.create_index("ix_orders_picked_up_at", "orders", ["picked_up_at", "promised_ship_at", "platform"],
                    unique=False)
    # replaces ix_orders_paid_at (its first column): one index to keep up on import, not two
    op.create_index("ix_orders_paid_status", "orders", ["paid_at", "status", "platform"], unique=False)
    op.drop_index("ix_orders_paid_at", table_name="orders")
    # the same name, more columns (its first is still order_pk: the join and the cascade use it; then
    # the line's id, so an order's lines still come in the order they were written, as before)
    op.drop_index("ix_order_lines_order_pk", table_name="order_lines")
    op.create_index("ix_order_lines_order_pk", "order_lines", list(LINE_COLUMNS), unique=False)


def downgrade() -> None:
    op.drop_index("ix_order_lines_order_pk", table_name="order_lines")
    op.create_index("ix_order_lines_order_pk", "order_lines", ["order_pk"], unique=False)
    op.create_index("ix_orders_paid_at", "orders", ["paid_at"], unique=False)
    op.drop_index("ix_orders_paid_status", table_name="orders")
    op.drop_index("ix_orders_picked_up_at", table_name="orders")
    op.drop_index("ix_orders_shipped_at", table_name="orders")
    if down_revision != "0010_staff_snooze":  # 0011_incremental has its own (shipped_at)
        op.create_index("ix_orders_shipped_at", "orders", ["shipped_at"], unique=False)
