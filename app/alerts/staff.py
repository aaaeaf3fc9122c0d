"""Alerts per person: each person (a staff name, or an install without one: app.localconf.person)
is notified of an alert once, and acknowledges or snoozes it for themselves only (another PC's
staff still see it). Rows of ``alert_staff``, written with an upsert so two PCs marking at once
never collide.

A mark counts for the alert's current level only: one made before the alert last rose
(``Alert.raised_at``: warning → critical, or back after it cleared) is news again, as the rise
clears the shop-wide marks in ``evaluate``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select, type_coerce
from sqlalchemy.orm import aliased

from app.chunks import in_chunks
from app.store.models import Alert, AlertStaff, UTCDateTime
from app.store.session import insert_once


class Mine:
    """``person``'s row of ``alert_staff`` beside each alert: an outer join, one index lookup per
    alert (the alert centre lists tens of thousands)."""

    def __init__(self, person: str):
        self.row = aliased(AlertStaff)
        self.on = and_(self.row.alert_id == Alert.id, self.row.staff == person)

    def select(self, *columns):
        return select(*columns).select_from(Alert).outerjoin(self.row, self.on)

    def not_done(self, column: str):
        """A WHERE clause: no ``column`` (notified_at / acknowledged_at) for the alert's current level."""
        col = getattr(self.row, column)
        return or_(col.is_(None), col < Alert.raised_at)

    def snoozed(self, now: datetime):
        """A WHERE clause: snoozed until after ``now``."""
        return and_(self.row.snoozed_until.is_not(None), self.row.snoozed_until > now)

    def snoozed_until(self):
        """A column: until when this person snoozed the alert, else the shop-wide snooze."""
        return type_coerce(func.coalesce(self.row.snoozed_until, Alert.snoozed_until), UTCDateTime)


def has_marks(session, person: str) -> bool:
    """``person`` has told, acknowledged or snoozed anything (else their rows need no join)."""
    return session.scalar(select(AlertStaff.id).where(AlertStaff.staff == person).limit(1)) is not None


def mark(session, alert_ids, person: str, column: str, at: datetime | None) -> int:
    """Set ``column`` to ``at`` for ``person`` on each alert."""
    ids = list(alert_ids)
    for part in in_chunks(ids, 500):
        _upsert(session, [{"alert_id": i, "staff": person, column: at} for i in part], {column: at})
    return len(ids)


def snooze(session, alert_ids, person: str, until: datetime) -> int:
    """``person`` is reminded again at ``until`` (and not before): notified once more then."""
    ids = list(alert_ids)
    for part in in_chunks(ids, 500):
        _upsert(session, [{"alert_id": i, "staff": person, "snoozed_until": until} for i in part],
                {"snoozed_until": until, "notified_at": None})
    return len(ids)


def carry(session, before: str, after: str) -> None:
    """An install that was known by its identity now has a staff name: what it was told,
    acknowledged and snoozed, and its digest, stay its own (the name's own marks win)."""
    rows = session.execute(select(AlertStaff.alert_id, AlertStaff.notified_at, AlertStaff.acknowledged_at,
                                  AlertStaff.snoozed_until).where(AlertStaff.staff == before)).all()
    values = [{"alert_id": r.alert_id, "staff": after, "notified_at": r.notified_at,
               "acknowledged_at": r.acknowledged_at, "snoozed_until": r.snoozed_until} for r in rows]
    for part in in_chunks(values, 500):
        _upsert(session, part, None)
    from app import settings as settings_mod

    day = settings_mod.get(session, f"{DIGEST_KEY}:{before}")
    if day is not None and settings_mod.get(session, f"{DIGEST_KEY}:{after}") is None:
        digest_sent(session, after, day)  # today's digest too
    through = settings_mod.get(session, f"{TOLD_KEY}:{before}")
    if through is not None and settings_mod.get(session, f"{TOLD_KEY}:{after}") is None:
        settings_mod.set_(session, f"{TOLD_KEY}:{after}", through)  # and what it was told at once


def _upsert(session, rows: list[dict], update: dict | None) -> None:
    if rows:
        insert_once(session, AlertStaff, rows, ["alert_id", "staff"], update=update)


DIGEST_KEY = "alerts.last_digest"  # the shop-wide date older versions kept: read when a person has none


def last_digest(session, person: str, settings: dict) -> str | None:
    """The shop-local date of ``person``'s last daily digest: each person gets one a day, on the
    first of their PCs that evaluates after the digest time."""
    from app import settings as settings_mod

    mine = settings_mod.get(session, f"{DIGEST_KEY}:{person}")
    return mine if mine is not None else settings.get(DIGEST_KEY)


def digest_sent(session, person: str, day: str) -> None:
    from app import settings as settings_mod

    settings_mod.set_(session, f"{DIGEST_KEY}:{person}", day)


TOLD_KEY = "alerts.told_through"  # per person: every alert pending before this instant was told


def told_through(session, person: str) -> datetime | None:
    from app import settings as settings_mod

    text = settings_mod.get(session, f"{TOLD_KEY}:{person}")
    try:
        return datetime.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None  # a damaged mark: the whole list is looked at, as before there was one


def told(session, person: str, now: datetime) -> None:
    from app import settings as settings_mod

    settings_mod.set_(session, f"{TOLD_KEY}:{person}", now.isoformat())


def fresh_since(session, person: str, since: datetime, now: datetime) -> set[int]:
    """Open alerts that may have become news for ``person`` since ``since``: raised (or risen)
    after it, or back from a snooze (shop-wide or this person's) after it and by ``now``."""
    is_open = Alert.resolved_at.is_(None)
    ids = set(session.scalars(select(Alert.id).where(Alert.raised_at > since, is_open)))
    ids.update(session.scalars(select(Alert.id).where(Alert.snoozed_until > since, Alert.snoozed_until <= now,
                                                      is_open)))
    ids.update(session.scalars(select(AlertStaff.alert_id).where(
        AlertStaff.staff == person, AlertStaff.snoozed_until > since, AlertStaff.snoozed_until <= now)))
    return ids
