"""a snooze is one person's: on a shop several staff share, snoozing an alert on one PC leaves it
waiting on the others (alert_staff.snoozed_until, beside that person's notified_at and
acknowledged_at)

Revision ID: 0010_staff_snooze
Revises: 0009_staff
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_staff_snooze"
down_revision = "0009_staff"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a nullable column: SQLite adds it in place, no table copy
    op.add_column("alert_staff", sa.Column("snoozed_until", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alert_staff") as batch_op:
        batch_op.drop_column("snoozed_until")
