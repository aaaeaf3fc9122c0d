"""incremental evaluation (#23): the change journal, each open order's evaluated state and next
instant, the evaluation's marks; indexes so a tick reads what changed and never the history
(shipped parcels by time, contact tasks by status and due instants, open alerts)

Revision ID: 0011_incremental
Revises: 0010_staff_snooze
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_incremental"
down_revision = "0010_staff_snooze"
branch_labels = None
depends_on = None
CHANNEL = "shopsentry_changes"  # app/evaluation/journal.py CHANNEL (a migration keeps its own copy)


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("ref", sa.Integer(), nullable=True),
    )
    op.create_table(
        "order_checks",
        sa.Column("order_pk", sa.Integer(), primary_key=True),
        sa.Column("ship_by", sa.Float(), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("short_units", sa.Integer(), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=True),
        sa.Column("base", sa.Float(), nullable=False),
        sa.Column("kind", sa.Integer(), nullable=False),
    )
    op.create_index("ix_order_checks_next_at", "order_checks", ["next_at"])
    op.create_index("ix_order_checks_base", "order_checks", ["base"])
    # no marks yet: the first evaluation after this migration is a full one
    op.create_table(
        "eval_marks",
        sa.Column("room", sa.String(32), primary_key=True),
        sa.Column("journal_id", sa.Integer(), nullable=False),
        sa.Column("evaluated_at", sa.Float(), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
    )
    op.create_index("ix_orders_shipped_at", "orders", ["shipped_at"])
    op.create_index("ix_contact_tasks_status", "contact_tasks", ["status"])
    op.create_index("ix_contact_tasks_sent_at", "contact_tasks", ["sent_at"])
    op.create_index("ix_contact_tasks_due_at", "contact_tasks", ["due_at"])
    op.create_index("ix_alerts_resolved_at", "alerts", ["resolved_at"])
    op.create_index("ix_order_checks_ship_by", "order_checks", ["ship_by"])
    # the notifications' look at what is news since a person was last told: index ranges
    op.create_index("ix_alerts_raised_at", "alerts", ["raised_at"])
    op.create_index("ix_alerts_kind_resolved_at", "alerts", ["kind", "resolved_at"])
    op.create_index("ix_alerts_snoozed_until", "alerts", ["snoozed_until"])
    op.create_index("ix_alert_staff_snoozed_until", "alert_staff", ["snoozed_until"])
    if op.get_bind().dialect.name == "postgresql":
        # every PC LISTENing hears of a committed write at once (one notice per statement, sent at commit)
        op.execute(f"""CREATE OR REPLACE FUNCTION shopsentry_notify_changes() RETURNS trigger AS $$
            BEGIN PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END $$ LANGUAGE plpgsql""")
        op.execute("CREATE TRIGGER changes_notify AFTER INSERT ON changes "
                   "FOR EACH STATEMENT EXECUTE FUNCTION shopsentry_notify_changes()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS changes_notify ON changes")
        op.execute("DROP FUNCTION IF EXISTS shopsentry_notify_changes()")
    op.drop_index("ix_order_checks_ship_by", table_name="order_checks")
    op.drop_index("ix_order_checks_base", table_name="order_checks")
    op.drop_index("ix_alert_staff_snoozed_until", table_name="alert_staff")
    op.drop_index("ix_alerts_snoozed_until", table_name="alerts")
    op.drop_index("ix_alerts_raised_at", table_name="alerts")
    op.drop_index("ix_alerts_kind_resolved_at", table_name="alerts")
    for name, table in (("ix_alerts_resolved_at", "alerts"), ("ix_contact_tasks_due_at", "contact_tasks"),
                        ("ix_contact_tasks_sent_at", "contact_tasks"), ("ix_contact_tasks_status", "contact_tasks"),
                        ("ix_orders_shipped_at", "orders")):
        op.drop_index(name, table_name=table)
    op.drop_table("eval_marks")
    op.drop_table("order_checks")
    op.drop_table("changes")
