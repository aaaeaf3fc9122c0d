"""free text as Text (PostgreSQL enforces VARCHAR lengths: a long 收件人 or 规格 must not reject a
file), and each order line's shipment booked once (a unique index, not a NOT EXISTS check)

Revision ID: 0008_pg_text
Revises: 0007_scheduled_delivery
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_pg_text"
down_revision = "0007_scheduled_delivery"
branch_labels = None
depends_on = None

# table -> (column, old length): names, addresses, titles, specs, suppliers, carriers
TEXT_COLUMNS = {
    "shops": (("name", 128),),
    "import_batches": (("file_name", 512), ("file_hash", 64)),  # a Taobao pair: two hashes
    "orders": (("raw_status", 64), ("after_sale", 64), ("buyer", 128), ("recipient", 128), ("province", 64),
               ("city", 64), ("district", 64), ("carrier", 64)),
    "order_lines": (("spec", 255), ("refund_status", 64)),
    "skus": (("name", 255), ("spec", 255), ("supplier", 255)),
    "sku_aliases": (("spec", 255),),
    "stock_movements": (("reason", 255),),
    "purchase_orders": (("supplier", 255),),
    "alerts": (("title", 255),),
    "mapping_profiles": (("name", 128),),
    "outbox": (("title", 255),),
}
SHIPPED = "kind = 'shipped'"


def _retype(to_text: bool) -> None:
    if op.get_bind().dialect.name == "sqlite":
        return  # SQLite never enforced the lengths: no copy of every table for a type name
    for table, cols in TEXT_COLUMNS.items():
        with op.batch_alter_table(table) as batch_op:
            for col, length in cols:
                old, new = (sa.String(length), sa.Text()) if to_text else (sa.Text(), sa.String(length))
                batch_op.alter_column(col, type_=new, existing_type=old)


def upgrade() -> None:
    _retype(True)
    # two processes booking at once left a line's shipment twice before: keep the first
    op.execute("DELETE FROM stock_movements WHERE kind = 'shipped' AND order_line_id IS NOT NULL AND id NOT IN "
               "(SELECT MIN(id) FROM stock_movements WHERE kind = 'shipped' AND order_line_id IS NOT NULL "
               "GROUP BY order_line_id, sku_id)")
    op.create_index("ux_stock_movements_shipped_line", "stock_movements", ["order_line_id", "sku_id"], unique=True,
                    postgresql_where=sa.text(SHIPPED), sqlite_where=sa.text(SHIPPED))


def downgrade() -> None:
    op.drop_index("ux_stock_movements_shipped_line", table_name="stock_movements")
    _retype(False)
