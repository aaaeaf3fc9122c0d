"""Time zone handling: every time compared is aware; the store keeps UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Shanghai"


def zone(name: str | None) -> ZoneInfo:
    return ZoneInfo(name or DEFAULT_TZ)


def utcnow() -> datetime:
    return datetime.now(UTC)


def parse_now(text: str | None, tz: str | None = None) -> datetime:
    """``--now`` value: ISO-8601, read in the shop's zone when it carries no offset."""
    if not text:
        return utcnow()
    dt = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=zone(tz))
    return dt


def check_clock(tz: str | None, now: str | None) -> str | None:
    """A sentence for a --tz or --now the core cannot use, else None (the CLI and the window alike)."""
    if tz:
        try:
            zone(tz)
        except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
            return f"--tz: unknown time zone {tz!r} (use a name such as Asia/Shanghai)"
    if now:
        try:
            parse_now(now, tz)
        except ValueError:
            return (f"--now: {now!r} is not an ISO-8601 time (for example 2026-11-20T18:00, read in "
                    "the shop's time zone, or 2026-11-20T18:00+08:00)")
    return None


def as_utc(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        raise ValueError("naive datetime reached the core")
    return dt.astimezone(UTC)


def local(dt: datetime | None, tz: str | None) -> datetime | None:
    return None if dt is None else dt.astimezone(zone(tz))


def iso(dt: datetime | None, tz: str | None) -> str | None:
    """ISO-8601 with the shop's offset, as the contract prints times."""
    return None if dt is None else dt.astimezone(zone(tz)).isoformat()


def short(dt: datetime | None, tz: str | None, now: datetime | None = None) -> str:
    """`11-20 18:00` this year, `2025-11-20 18:00` otherwise (UI.md)."""
    if dt is None:
        return ""
    return _short(dt.astimezone(zone(tz)), (now or utcnow()).astimezone(zone(tz)).year)


def _short(d: datetime, year: int) -> str:
    return d.strftime("%m-%d %H:%M") if d.year == year else d.strftime("%Y-%m-%d %H:%M")


def short_of(tz: str | None, now: datetime):
    """``short`` for many instants given as epoch seconds: each minute's text made once (it shows
    no seconds), for the first check of a big shop that words tens of thousands of deadlines."""
    z = zone(tz)
    year = now.astimezone(z).year
    memo: dict[int, str] = {}

    def text(ts: float) -> str:
        m = int(ts // 60)
        out = memo.get(m)
        if out is None:
            out = memo[m] = _short(datetime.fromtimestamp(m * 60, z), year)
        return out
    return text


def hours(h: float) -> timedelta:
    return timedelta(hours=h)
