"""incidents (a listing priced by mistake, a flood of orders on one SKU) and their orders; orders by paid time

Revision ID: 0006_incidents
Revises: 0005_order_source
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_incidents"
down_revision = "0005_order_source"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # detection reads the last day's orders on every scheduler evaluation: a range on paid_at
    with op.batch_alter_table("orders") as batch_op:
        batch_op.create_index("ix_orders_paid_at", ["paid_at"], unique=False)
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("sku_id", sa.Integer(), nullable=True),
        sa.Column("sku_code", sa.String(length=128), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("last_order_at", sa.DateTime(), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("listing_done_at", sa.DateTime(), nullable=True),
        sa.Column("hold_done_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["sku_id"], ["skus.id"], name=op.f("fk_incidents_sku_id_skus"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    with op.batch_alter_table("incidents") as batch_op:
        batch_op.create_index("ix_incidents_status", ["status"], unique=False)
    op.create_table(
        "incident_orders",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("order_pk", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], name=op.f("fk_incident_orders_incident_id_incidents"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["order_pk"], ["orders.id"], name=op.f("fk_incident_orders_order_pk_orders"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("incident_id", "order_pk", name=op.f("pk_incident_orders")),
    )
    with op.batch_alter_table("incident_orders") as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_orders_order_pk"), ["order_pk"], unique=False)


def downgrade() -> None:
    op.drop_table("incident_orders")
    op.drop_table("incidents")
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_index("ix_orders_paid_at")
