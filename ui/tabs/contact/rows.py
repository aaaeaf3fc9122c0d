"""The contact queue's rows as plain data: their key, what each shows, and the totals of the
summary strip. Pure functions of the tasks (no widget): the re-list runs them on its worker with
the read, so that the GUI thread only patches the table (ui/models/patch.py)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from itertools import compress
from operator import attrgetter

from app import timeutil
from ui.models.record_model import Prepared

ROW_KEY = attrgetter("task_id")
_STATUS, _DUE, _SENT_AT, _RESOLVED_AT = (attrgetter(f) for f in ("status", "due", "sent_at", "resolved_at"))
# what a task's row shows (the columns' fields): a refresh repaints the rows where one of them changed
_SHOWN = attrgetter("status", "due", "due_kind", "resolved_at", "assignee", "outcome", "escalated", "platform",
                    "order_id", "buyer", "waited_before", "product", "reason", "template")


def task_states(tasks: list) -> list:
    """What each task's row shows, one hash of it per task (C getters): states are only compared,
    and a year of history is 200k rows, a tuple kept per row ~170 bytes more."""
    return list(map(hash, map(_SHOWN, tasks)))


def prepared(tasks: list) -> Prepared:
    return Prepared.of(tasks, ROW_KEY, task_states)


def queue_counts(rows, now: datetime, tz: str) -> list[int]:
    """[to contact, awaiting reply, resolved today, left today, done today] over these rows; of
    one row: what it adds (an action shown at once adjusts the totals by it, no 80k pass).
    Left today: still to contact with a deadline today or past; done: sent or resolved today."""
    statuses = list(map(_STATUS, rows))
    todo = list(compress(rows, map("todo".__eq__, statuses)))
    sent = list(compress(rows, map("sent".__eq__, statuses)))
    resolved = list(compress(rows, map("resolved".__eq__, statuses)))
    day = timeutil.local(now, tz).date()
    # midnight in UTC, like the store's times: the comparison skips the zone conversion per row
    end = datetime.combine(day + timedelta(days=1), time(0), timeutil.zone(tz)).astimezone(UTC)

    def today(at) -> bool:
        return at is not None and timeutil.local(at, tz).date() == day

    left = sum(1 for d in map(_DUE, todo) if d is None or d < end)
    sent_today = sum(map(today, map(_SENT_AT, sent)))
    resolved_today = sum(map(today, map(_RESOLVED_AT, resolved)))
    return [len(todo), len(sent), resolved_today, left, sent_today + resolved_today]
