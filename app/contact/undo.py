"""Undo a task's last state change (Ctrl+Z in the contact tab).

Nothing is erased: the undo is an event of its own (kind ``undo``) in the task's history. A task's
state changes are read as a stack — each ``status`` event pushes, each ``undo`` event pops — so a
second undo takes back the change before, and an automatic close (kind ``closed``) is never undone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app import labels
from app.contact.service import OUTCOMES, _event, _get
from app.store.models import ContactEvent, ContactTask
from app.text import t


def _live_changes(session, task_id: int) -> list[ContactEvent]:
    """The task's state changes still in effect, oldest first."""
    live: list[ContactEvent] = []
    for e in session.scalars(select(ContactEvent).where(ContactEvent.task_id == task_id,
                                                        ContactEvent.kind.in_(("status", "undo")))
                             .order_by(ContactEvent.id)):
        if e.kind == "status":
            live.append(e)
        elif live:
            live.pop()
    return live


def _last_into(events: list[ContactEvent], state: str) -> ContactEvent | None:
    return next((e for e in reversed(events) if e.to_status == state), None)


def undo_last(session, task_id: int, now: datetime) -> ContactTask:
    """Put the task back where its last state change found it; the times and the outcome that
    change set go back too. Refused when nothing is left to undo or the task moved on since."""
    task = _get(session, task_id)
    live = _live_changes(session, task_id)
    if not live or live[-1].to_status != task.status:
        raise ValueError(t("Nothing to undo for this task"))
    last, rest = live[-1], live[:-1]
    back = last.from_status
    if last.to_status == "sent":
        prev = _last_into(rest, "sent")
        task.sent_at = prev.at if prev else None
    elif last.to_status == "replied":
        prev = _last_into(rest, "replied")
        task.replied_at = prev.at if prev else None
    elif last.to_status == "resolved":
        task.outcome = task.resolved_at = None
    if back == "resolved":  # a reopened task gets its outcome back
        closed = session.scalar(select(ContactEvent).where(
            ContactEvent.task_id == task_id, ContactEvent.to_status == "resolved", ContactEvent.id < last.id)
            .order_by(ContactEvent.id.desc()).limit(1))
        first = (closed.note or "").split(" ")[0] if closed is not None else ""
        task.outcome = first if first in OUTCOMES else None
        task.resolved_at = closed.at if closed is not None else now
    _event(session, task, now, "undo", task.status, back,
           t("Undid “{old}” → “{new}”", old=labels.state_label(last.from_status),
             new=labels.state_label(last.to_status)))
    task.status = back
    return task
