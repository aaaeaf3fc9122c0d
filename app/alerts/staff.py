"""Alerts on a shop several staff share: each person is notified of an alert once, and an
acknowledgement is that person's (another PC's staff still see it). Rows of ``alert_staff``,
written with an upsert so two PCs marking at once never collide."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select

from app.chunks import in_chunks
from app.store.models import Alert, AlertStaff
from app.store.session import insert_once


def not_done_by(staff: str, column: str):
    """A WHERE clause: ``staff`` has no ``column`` (notified_at / acknowledged_at) for the alert."""
    col = getattr(AlertStaff, column)
    return ~exists(select(AlertStaff.id).where(AlertStaff.alert_id == Alert.id, AlertStaff.staff == staff,
                                               col.is_not(None)))


def mark(session, alert_ids, staff: str, column: str, at: datetime | None) -> int:
    """Set ``column`` to ``at`` for ``staff`` on each alert (None clears it: a snooze re-notifies)."""
    ids = list(alert_ids)
    for part in in_chunks(ids, 500):
        insert_once(session, AlertStaff, [{"alert_id": i, "staff": staff, column: at} for i in part],
                    ["alert_id", "staff"], update={column: at})
    return len(ids)
