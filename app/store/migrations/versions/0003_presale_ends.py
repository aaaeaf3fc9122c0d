"""orders remember when a pre-order closes (TikTok: ship 1 business day after it, when the export says)

Revision ID: 0003_presale_ends
Revises: 0002_inventory
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_presale_ends"
down_revision = "0002_inventory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable, no default: SQLite adds it in place and older orders simply have none
    op.add_column("orders", sa.Column("presale_ends_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("presale_ends_at")
