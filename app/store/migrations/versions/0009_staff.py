"""several staff on one shop: contact tasks claimed by someone (assignee) and versioned (optimistic
concurrency: the second of two editors is told, never overwrites), each task event names who did
it, and alerts acknowledged and notified per person

Revision ID: 0009_staff
Revises: 0008_pg_text
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_staff"
down_revision = "0008_pg_text"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable or server-defaulted columns: SQLite adds them in place, no table copy
    op.add_column("contact_tasks", sa.Column("assignee", sa.Text(), nullable=True))
    op.add_column("contact_tasks", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("contact_events", sa.Column("actor", sa.Text(), nullable=True))
    op.create_table(
        "alert_staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("staff", sa.Text(), nullable=False),
        sa.Column("notified_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], name=op.f("fk_alert_staff_alert_id_alerts"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_staff")),
        sa.UniqueConstraint("alert_id", "staff", name=op.f("uq_alert_staff_alert_id")),
    )


def downgrade() -> None:
    op.drop_table("alert_staff")
    with op.batch_alter_table("contact_events") as batch_op:
        batch_op.drop_column("actor")
    with op.batch_alter_table("contact_tasks") as batch_op:
        batch_op.drop_column("version")
        batch_op.drop_column("assignee")
