"""a channel with its own quiet hours remembers up to when it was told about the shop's alerts

Revision ID: 0004_channel_watermark
Revises: 0003_channels
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_channel_watermark"
down_revision = "0003_channels"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable: SQLite adds it in place; empty means "not told yet" (the alerts the tray has not shown)
    op.add_column("channels", sa.Column("notified_through", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("channels") as batch_op:
        batch_op.drop_column("notified_through")
