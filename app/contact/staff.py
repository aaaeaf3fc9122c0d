"""Several staff on one contact queue: claiming a task and optimistic concurrency.

Every ORM update of a ContactTask says ``WHERE version = <the one read>`` (the model's
``version_id_col``), so of two people changing one task at once the second's UPDATE matches no
row (StaleDataError) and nothing of theirs is written; an edit made from a screen showing an older
version is refused before it is tried. Either way the second person gets :class:`TaskChanged`:
who changed it, and the task as it is now.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app import labels, localconf
from app.store.models import ContactEvent, ContactTask
from app.text import t


class TaskChanged(ValueError):
    """Someone else changed the task first. ``fresh``: its state now (status, assignee, version,
    by, at), for the screen to show instead of the stale one."""

    def __init__(self, message: str, fresh: dict):
        super().__init__(message)
        self.fresh = fresh


def fresh_state(session, task_id: int) -> dict:
    task = session.get(ContactTask, task_id, populate_existing=True)
    if task is None:
        return {"task_id": task_id, "status": None, "assignee": None, "version": None, "by": None, "at": None}
    last = session.execute(select(ContactEvent.actor, ContactEvent.at).where(ContactEvent.task_id == task_id)
                           .order_by(ContactEvent.id.desc()).limit(1)).first()
    return {"task_id": task_id, "status": task.status, "assignee": task.assignee, "version": task.version,
            "by": last.actor if last else None, "at": last.at if last else None}


def changed(session, task_id: int) -> TaskChanged:
    """The refusal for a task someone else changed first, in words."""
    fresh = fresh_state(session, task_id)
    if fresh["status"] is None:
        return TaskChanged(t("This contact task no longer exists."), fresh)
    who = localconf.name_of(fresh["by"]) or (t("Someone on another computer") if fresh["by"] else t("ShopSentry"))
    return TaskChanged(t("{who} changed this task a moment ago; it is now “{status}”. The queue shows it as it is "
                         "now: check it before changing it again.", who=who,
                         status=labels.state_label(fresh["status"])), fresh)


def check(session, task_id: int, version: int | None = None, to: str | None = None) -> ContactTask:
    """The task, unless it already is in state ``to``, or the screen's ``version`` is older and a
    person other than this PC's changed it since (ShopSentry's own refresh of a message or a
    deadline also moves the version: that must not refuse the seller's next key)."""
    task = session.get(ContactTask, task_id, populate_existing=True)
    if task is None or (to is not None and task.status == to) or \
            (version is not None and task.version != version and _someone_else_last(session, task_id)):
        raise changed(session, task_id)
    return task


def _someone_else_last(session, task_id: int) -> bool:
    last = session.scalar(select(ContactEvent.actor).where(ContactEvent.task_id == task_id)
                          .order_by(ContactEvent.id.desc()).limit(1))
    return last is not None and last not in (session.info.get("staff"), session.info.get("person"))


def claim(session, task_id: int, me: str, now: datetime, version: int | None = None) -> None:
    """``me`` takes the task ("小王 处理中"); refused while someone else holds it."""
    from app.contact.service import _event

    if not me:
        raise ValueError(t("Set your staff name in Settings first"))
    task = check(session, task_id, version)
    if task.assignee == me:
        return
    if task.assignee is not None:
        raise TaskChanged(t("{who} is already handling this task.", who=task.assignee), fresh_state(session, task_id))
    task.assignee = me
    _event(session, task, now, "claimed", note=me)


def release(session, task_id: int, me: str, now: datetime, version: int | None = None) -> None:
    """``me`` gives the task back to the queue (only the one who holds it)."""
    from app.contact.service import _event

    task = check(session, task_id, version)
    if task.assignee != me:
        return
    task.assignee = None
    _event(session, task, now, "released", note=me)
