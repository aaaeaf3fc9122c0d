"""orders remember a Douyin 预约到货 order's scheduled delivery time (预约送达时间): 预约到货超时 5 % (5–50)

Revision ID: 0007_scheduled_delivery
Revises: 0006_incidents
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_scheduled_delivery"
down_revision = "0006_incidents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable, no default: added in place on SQLite and PostgreSQL; older orders simply have none
    op.add_column("orders", sa.Column("scheduled_delivery_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("scheduled_delivery_at")
