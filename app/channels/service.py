"""Alert channels: configuration, what is sent, and the outbox that sends it once, in order.

Every message is stored in ``outbox`` before anything is posted. A delivery claims a row
(queued → sending, one conditional UPDATE, so two PCs on one shared database never both send it),
posts it, and marks it sent. A receiver that is down leaves the row queued for the next
evaluation (the app's background retry backs off exponentially in between); a receiver that
refuses for good (bad key) pauses its channel with the reason instead of retrying forever.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, update

from app import secrets, timeutil
from app.channels import kinds
from app.store.models import Alert, Channel, OutboxMessage
from app.text import platform_name, t

log = logging.getLogger(__name__)
RATE_PER_MINUTE = 20  # 企业微信: 20 messages a minute per robot; the others allow as much
TOP_ORDERS = 5
KEEP_SENT_DAYS = 14
EXPIRE_QUEUED_DAYS = 2  # an alert two days old is history, not news: not sent after an outage
STALE_CLAIM = timedelta(minutes=5)  # a "sending" row this old belongs to a process that died
PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")  # a full mainland mobile number


class ChannelError(ValueError):
    """A channel command the seller must change (unknown name, bad URL); the text says how."""


@dataclass
class Delivery:
    channel: str
    status: str  # sent | queued | failed
    messages: int
    error: str | None = None

    def to_json(self) -> dict:
        return {"channel": self.channel, "status": self.status, "messages": self.messages, "error": self.error}


def _utc(now: datetime | None) -> datetime:
    return now.astimezone(UTC) if now else datetime.now(UTC)


# -- configuration ----------------------------------------------------------------------------------
def masked(kind: str, url: str) -> str:
    """The address as shown: the key, token and password replaced by ***."""
    u = urllib.parse.urlsplit(url)
    netloc = u.netloc
    if u.password:
        netloc = netloc.replace(":" + u.password + "@", ":***@")
    query = urllib.parse.urlencode([(k, v if k in ("to", "from", "starttls") else "***")
                                    for k, v in urllib.parse.parse_qsl(u.query)], safe="*@,")
    return urllib.parse.urlunsplit((u.scheme, netloc, u.path, query, ""))


def _check_url(kind: str, url: str) -> None:
    if kind not in kinds.KINDS:
        raise ChannelError(t("unknown channel kind {kind} (choose wecom, dingtalk, feishu or email)", kind=kind))
    if kind == "email":
        try:
            kinds.mailbox(url)
        except ValueError as exc:
            raise ChannelError(str(exc)) from None
        return
    u = urllib.parse.urlsplit(url)
    if u.scheme not in ("http", "https") or not u.netloc:
        raise ChannelError(t("a robot channel needs its webhook address (https://…), as copied from the "
                             "group's robot settings"))


KEEP = "keep"  # quiet hours as they are (a new channel: the app's), e.g. `channels add` changing the severity


def add(session, data_dir, name: str, kind: str, url: str, secret: str | None = None, min_severity: int = 1,
        quiet: tuple[str, str] | str | None = KEEP) -> Channel:
    """Add or change a channel; ``quiet``: its own quiet hours, None for the app's, KEEP as they are."""
    name = (name or "").strip()
    if not name or len(name) > 64:
        raise ChannelError(t("a channel needs a name of 1 to 64 characters"))
    known = session.scalar(select(Channel).where(Channel.name == name))
    if known is not None and not url:  # changing a channel: its address and secret stay unless given anew
        url = secrets.get(data_dir, f"channel:{name}:url") or ""
        secret = secret or secrets.get(data_dir, f"channel:{name}:secret")
    _check_url(kind, url)
    if not 1 <= int(min_severity) <= 3:
        raise ChannelError(t("the minimum severity is 1 (everything), 2 (urgent) or 3 (critical only)"))
    ch = known
    if ch is None:
        ch = Channel(name=name, created_at=datetime.now(UTC))
        session.add(ch)
    if quiet == KEEP:
        quiet = (ch.quiet_start, ch.quiet_end) if own_hours(ch) else None
    ch.kind, ch.url, ch.min_severity, ch.paused_reason = kind, masked(kind, url), int(min_severity), None
    if quiet and not own_hours(ch):  # from now on it is told by its own hours: what the tray has not shown
        ch.notified_through = None
    ch.quiet_start, ch.quiet_end = quiet if quiet else (None, None)
    session.flush()
    # the full address holds the robot's key: it lives in the credential store, not the database
    secrets.put(data_dir, f"channel:{name}:url", url)
    secrets.put(data_dir, f"channel:{name}:secret", secret or None)
    return ch


def remove(session, data_dir, name: str) -> None:
    ch = _named(session, name)
    session.delete(ch)
    secrets.put(data_dir, f"channel:{name}:url", None)
    secrets.put(data_dir, f"channel:{name}:secret", None)


def _named(session, name: str) -> Channel:
    ch = session.scalar(select(Channel).where(Channel.name == name))
    if ch is None:
        raise ChannelError(t("there is no channel called {name}", name=name))
    return ch


def listing(session, data_dir) -> list[dict]:
    queued = dict(session.execute(select(OutboxMessage.channel_id, func.count(OutboxMessage.id))
                                  .where(OutboxMessage.status.in_(("queued", "sending")))
                                  .group_by(OutboxMessage.channel_id)).all())
    out = []
    for ch in session.scalars(select(Channel).order_by(Channel.name)):
        out.append({"name": ch.name, "kind": ch.kind, "url": ch.url, "min_severity": ch.min_severity,
                    "secret": bool(secrets.get(data_dir, f"channel:{ch.name}:secret")),
                    "quiet_start": ch.quiet_start, "quiet_end": ch.quiet_end,
                    "paused": ch.paused_reason, "queued": queued.get(ch.id, 0)})
    return out


def _send(data_dir, ch: Channel | dict, title: str, lines: list[str]) -> kinds.Reply:
    name, kind = (ch["name"], ch["kind"]) if isinstance(ch, dict) else (ch.name, ch.kind)
    url = secrets.get(data_dir, f"channel:{name}:url")
    if not url:
        return kinds.Reply(False, t("the channel's address is not in this computer's credential store: add the "
                                    "channel again here"), permanent=True)
    lines = [scrub(x) for x in lines]
    if kind == "email":
        return kinds.send_mail(url, scrub(title), lines)
    return kinds.post(kind, url, secrets.get(data_dir, f"channel:{name}:secret"), scrub(title), lines)


def test(session, data_dir, name: str) -> kinds.Reply:
    """One test message now (not through the outbox); success lifts a pause."""
    ch = _named(session, name)
    reply = _send(data_dir, ch, t("ShopSentry test message"),
                  [t("This group will get ShopSentry's alerts: orders about to ship late, stock running out, "
                     "parcels not picked up.")])
    if reply.ok:
        ch.paused_reason = None
    return reply


# -- what is sent ----------------------------------------------------------------------------------
def scrub(text: str) -> str:
    """Last line of defence: a full mobile number never leaves the shop (138****5678)."""
    return PHONE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)


def _order_line(platform: str, order_id: str, ship_by: datetime | None, state: str, tz: str, now: datetime) -> str:
    """One top order: platform, order id tail, deadline, what to do (never the buyer)."""
    action = {"overdue": t("ship now and tell the buyer"), "critical": t("ship today")}.get(
        state, t("plan the shipment"))
    tail = order_id[-6:]
    if ship_by is None:
        return t("{platform} …{tail}: {action}", platform=platform_name(platform), tail=tail, action=action)
    return t("{platform} …{tail} due {when}: {action}", platform=platform_name(platform), tail=tail,
             when=timeutil.short(ship_by, tz, now), action=action)


def _order_lines(session, ids: list[int], risks_by_key: dict, tz: str, now: datetime) -> list[str]:
    """The most urgent orders of a summary."""
    rows = session.execute(select(Alert.key, Alert.state).where(Alert.id.in_(ids), Alert.kind == "late_shipment")
                           .order_by(Alert.severity.desc(), Alert.raised_at).limit(TOP_ORDERS)).all()
    out = []
    for key, state in rows:
        _, platform, oid = key.split(":", 2)
        r = risks_by_key.get(key)
        out.append(_order_line(platform, oid, r.ship_by if r is not None else None, state, tz, now))
    return out


def _money(risks) -> dict:
    """Each order's expected penalty by alert key, as the tray's summary adds it up."""
    from app.alerts.service import order_key

    return {order_key(r.platform, r.order_id): r.penalty_total or 0 for r in risks or []}


def compose(session, notifications, risks, tz: str, now: datetime) -> tuple[int, str, list[str]] | None:
    """One message for one evaluation: (severity, title, lines) from the tray's summaries."""
    if not notifications:
        return None
    ids = [i for n in notifications for i in n.alert_ids]
    sev = dict(session.execute(select(Alert.id, Alert.severity).where(Alert.id.in_(ids))).all()) if ids else {}
    severity = max([sev.get(i, 1) for i in ids] or [1])
    if any(n.critical for n in notifications):
        severity = 3
    title = notifications[0].title if len(notifications) == 1 else t("ShopSentry: {n} notices",
                                                                     n=len(notifications))
    lines: list[str] = []
    for n in notifications:
        if len(notifications) > 1:
            lines.append(n.title)
        lines += [x for x in n.body.splitlines() if x.strip()]
    if ids:
        from app.alerts.service import order_key

        by_key = {order_key(r.platform, r.order_id): r for r in (risks or [])}
        lines += _order_lines(session, ids, by_key, tz, now)
    return severity, title, lines


def own_hours(ch: Channel) -> bool:
    """A channel with its own quiet hours is told by them; the others follow the app's (the tray's)."""
    return bool(ch.quiet_start and ch.quiet_end)


def _quiet(ch: Channel, settings: dict, tz: str, at: datetime) -> datetime | None:
    """When the channel's own quiet hours end, if ``at`` falls inside them (None: send now)."""
    if not own_hours(ch):
        return None  # the app's quiet hours already held the notification
    from app.alerts.service import in_quiet_hours

    own = {"alerts.quiet_start": ch.quiet_start, "alerts.quiet_end": ch.quiet_end}
    if not in_quiet_hours(at, own, tz):
        return None
    local = timeutil.local(at, tz)
    end = datetime.combine(local.date(), datetime.strptime(ch.quiet_end, "%H:%M").time(), local.tzinfo)
    return end if end > local else end + timedelta(days=1)


def _store(session, ch: Channel, composed, settings: dict, tz: str, now: datetime, *, urgent: bool = False) -> int:
    """One composed message into the channel's outbox, if its minimum severity is reached."""
    if composed is None or composed[0] < ch.min_severity:
        return 0
    severity, title, lines = composed
    session.add(OutboxMessage(channel_id=ch.id, created_at=now,
                              due_at=now if urgent else (_quiet(ch, settings, tz, now) or now),
                              severity=severity, title=scrub(title)[:255],
                              lines=json.dumps([scrub(x) for x in lines], ensure_ascii=False),
                              status="queued", attempts=0))
    return 1


def enqueue(session, notifications, risks, settings: dict, tz: str, now: datetime) -> int:
    """Store this evaluation's messages; ``risks``: the evaluation's risks, or a callable giving them
    (computed only when a message names top orders).

    A channel on the app's quiet hours gets the tray's notifications. One with its own gets what
    is about no particular alert (the daily digest) and its own summary of the alerts raised since
    it was last told: the app's quiet hours do not hold those, its own do."""
    channels = session.scalars(select(Channel)).all()
    if not channels:
        return 0
    got: list = []

    def risks_now():
        if not got:
            got.append(risks() if callable(risks) else risks or [])
        return got[0]

    follow = [c for c in channels if not own_hours(c)]
    own = [c for c in channels if own_hours(c)]
    n = 0
    # an incident waits for no quiet hours, the app's or the channel's own
    urgent = any(getattr(x, "urgent", False) for x in notifications or [])
    if follow and notifications:
        composed = compose(session, notifications, risks_now(), tz, now)
        n += sum(_store(session, ch, composed, settings, tz, now, urgent=urgent) for ch in follow)
    general = [x for x in notifications or [] if not x.alert_ids or getattr(x, "urgent", False)]
    if own and general:
        composed = compose(session, general, [], tz, now)
        n += sum(_store(session, ch, composed, settings, tz, now, urgent=urgent) for ch in own)
    for ch in own:
        n += _own_summary(session, ch, risks_now, settings, tz, now)
    return n


def _own_summary(session, ch: Channel, risks_now, settings: dict, tz: str, now: datetime) -> int:
    """The alerts raised since the channel was last told, as one summary. Its own quiet hours (or
    the app's pause) hold them: the window stays open and one summary follows when they end."""
    from app.alerts import service as alerts

    since = start = ch.notified_through
    if since is None:  # its first look starts at the oldest alert the tray had not shown
        unshown = alerts.raised_since(session, None, now)
        start = min((a.created for a in unshown), default=now) - timedelta(microseconds=1)
    held = alerts.paused_until(settings, now) or _quiet(ch, settings, tz, now)
    # moved on only from where this process read it: two PCs on one database never both tell it
    mark = (Channel.notified_through.is_(None) if since is None else Channel.notified_through == since)
    moved = session.execute(update(Channel).where(Channel.id == ch.id, mark)
                            .values(notified_through=start if held else now)).rowcount
    if held or not moved:
        return 0
    # incidents went out at once, on their own (enqueue)
    rows = [a for a in alerts.raised_since(session, start, now) if a.kind != "incident"]
    if not rows:
        return 0
    risks = risks_now() if any(a.kind == "late_shipment" for a in rows) else []
    note = alerts.compose(rows, settings, _money(risks))
    return _store(session, ch, compose(session, [note], risks, tz, now), settings, tz, now)


def _render(kind: str, title: str, lines: list[str]) -> str:
    """A message as the receiver shows it (markdown for 企业微信/钉钉, plain text for 飞书 and e-mail)."""
    lines = [scrub(x) for x in lines]
    if kind == "wecom":
        return kinds.wecom_body(title, lines)["markdown"]["content"]
    if kind == "dingtalk":
        return kinds.dingtalk_body(title, lines)["markdown"]["text"]
    return "\n".join([title, *lines])


def _sample(tz: str, now: datetime) -> tuple[str, list[str]]:
    """A message as the group would get it when orders are at risk, for a shop with no open alert:
    made-up orders, so the seller sees the shape (platform, order id tail, deadline, action)."""
    lines = [t("Orders overdue: {overdue}, within {hours} hours: {soon}", overdue=1, soon=2, hours=6)
             + t(", expected penalty {amount}", amount="¥86"),
             _order_line("taobao", "3921847562019384756", now - timedelta(hours=2), "overdue", tz, now),
             _order_line("douyin", "6953331576772446378", now + timedelta(hours=2), "critical", tz, now),
             _order_line("pdd", "241120-583920174635", now + timedelta(hours=5), "critical", tz, now)]
    return t("Example: no open alerts now; a day with orders at risk looks like this"), lines


def preview(session, kind: str, settings: dict, tz: str, now: datetime, risks=None) -> str:
    """What the group would get now for the shop's open alerts, with their top orders' deadlines
    from ``risks``, as the receiver renders it; an example message when nothing is open."""
    from app.alerts.service import compose as summary
    from app.alerts.service import open_alerts

    rows, _count, _total = open_alerts(session, now, 200)
    n = summary(rows, settings, _money(risks))
    if n is None:
        title, lines = _sample(tz, now)
    else:
        _sev, title, lines = compose(session, [n], risks or [], tz, now)
    return _render(kind, title, lines)


# -- the outbox ----------------------------------------------------------------------------------------
def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def deliver(store, data_dir, now: datetime, *, retry_only: bool = False, clock=None) -> list[Delivery]:
    """Send what is due, channel by channel, oldest first; ``retry_only``: the background retry,
    which waits out each message's back-off (an evaluation tries everything queued)."""
    wall = clock or (lambda: datetime.now(UTC))
    out = []
    with store.session() as s:
        chans = [(c.id, c.name, c.kind, c.paused_reason) for c in s.scalars(select(Channel).order_by(Channel.name))]
        # a row claimed by a process that died between claim and send: queued again
        s.execute(update(OutboxMessage).where(OutboxMessage.status == "sending",
                                              OutboxMessage.claimed_at < wall() - STALE_CLAIM)
                  .values(status="queued"))
        s.execute(update(OutboxMessage).where(OutboxMessage.status == "queued",
                                              OutboxMessage.created_at < now - timedelta(days=EXPIRE_QUEUED_DAYS))
                  .values(status="failed", error=t("too old to send after the outage")))
        s.execute(delete(OutboxMessage).where(OutboxMessage.status.in_(("sent", "failed")),
                                              OutboxMessage.created_at < now - timedelta(days=KEEP_SENT_DAYS)))
    for cid, name, kind, paused in chans:
        out.append(_deliver_channel(store, data_dir, {"id": cid, "name": name, "kind": kind}, paused, now, wall,
                                    retry_only))
    return [d for d in out if d is not None]


def _deliver_channel(store, data_dir, ch: dict, paused: str | None, now, wall, retry_only) -> Delivery | None:
    with store.session() as s:
        q = select(OutboxMessage.id).where(OutboxMessage.channel_id == ch["id"], OutboxMessage.status == "queued",
                                           OutboxMessage.due_at <= now).order_by(OutboxMessage.id)
        waiting = list(s.scalars(q))
        recent = s.scalar(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.channel_id == ch["id"], OutboxMessage.status == "sent",
            OutboxMessage.sent_at > wall() - timedelta(minutes=1))) or 0
    if not waiting:
        return None
    if paused:
        return Delivery(ch["name"], "failed", 0, paused)
    sent, error = 0, None
    for mid in waiting:
        if recent + sent >= RATE_PER_MINUTE:
            error = t("rate limit: {n} messages a minute; the rest follow", n=RATE_PER_MINUTE)
            break
        with store.session() as s:
            row = s.get(OutboxMessage, mid)
            if retry_only and row.next_try_at is not None and row.next_try_at > wall():
                break  # in order: nothing overtakes the message that is waiting out its back-off
            claimed = s.execute(update(OutboxMessage).where(OutboxMessage.id == mid, OutboxMessage.status == "queued")
                                .values(status="sending", claimed_at=wall())).rowcount
            title, lines = row.title, json.loads(row.lines)
        if not claimed:
            continue  # another PC took it
        reply = _send(data_dir, ch, title, lines)
        with store.session() as s:
            row = s.get(OutboxMessage, mid)
            if reply.ok:
                row.status, row.sent_at, row.error = "sent", wall(), None
                sent += 1
                continue
            row.status, row.attempts, row.error = "queued", row.attempts + 1, reply.text
            row.next_try_at = wall() + _backoff(row.attempts)
            if reply.permanent:
                s.get(Channel, ch["id"]).paused_reason = reply.text
                log.warning("channel %s refused for good and is paused", ch["name"])
            else:
                log.info("channel %s: message waits (%s)", ch["name"], reply.text)
        error = reply.text
        return Delivery(ch["name"], "failed" if reply.permanent else "queued", sent, error)
    left = len(waiting) - sent
    return Delivery(ch["name"], "sent" if not left else "queued", sent, error)


def has_channels(session) -> bool:
    return session.scalar(select(func.count(Channel.id))) > 0

