"""SQLAlchemy 2.0 typed models.

Conventions that keep the schema portable to PostgreSQL later:
- times are ``UTCDateTime`` (naive UTC on disk, aware UTC in Python);
- money is integer fen (``*_fen``), never float;
- platform identifiers are text end to end.

Any change here needs an Alembic revision under ``app/store/migrations/versions``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, hands back aware UTC; refuses naive input."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime written to the store")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):  # PostgreSQL's naive datetimes (SQLite: below)
        return None if value is None else value.replace(tzinfo=UTC)

    def result_processor(self, dialect, coltype):
        """SQLite hands back text: read it with ``fromisoformat`` in one step instead of the
        generic DateTime's pattern match and then ours (a big shop reads tens of thousands)."""
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)

        def process(value, parse=datetime.fromisoformat, utc=UTC):
            return None if value is None else parse(value).replace(tzinfo=utc)
        return process


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _now() -> datetime:
    return datetime.now(UTC)


class Shop(Base):
    """A platform account (one seller may run several shops on several platforms)."""

    __tablename__ = "shops"
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    # shop-level promise overrides, e.g. {"promise_hours": 24, "cutoff": "16:00"}
    options: Mapped[str] = mapped_column(Text, default="{}")
    __table_args__ = (UniqueConstraint("platform", "name"),)


class ImportBatch(Base):
    """One imported file: the import history the seller sees."""

    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(Text)
    file_hash: Mapped[str] = mapped_column(Text, index=True)  # a Taobao pair: both files' hashes
    kind: Mapped[str] = mapped_column(String(16))  # orders | stock
    platform: Mapped[str | None] = mapped_column(String(16))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    orders: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16))  # imported | rejected | duplicate
    message: Mapped[str | None] = mapped_column(Text)


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int | None] = mapped_column(ForeignKey("shops.id", ondelete="SET NULL"))
    platform: Mapped[str] = mapped_column(String(16))
    order_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # unshipped | shipped | completed | closed
    raw_status: Mapped[str | None] = mapped_column(Text)
    after_sale: Mapped[str | None] = mapped_column(Text)
    order_type: Mapped[str | None] = mapped_column(String(32))  # normal | presale
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    promised_ship_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    presale_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a pre-order's close, where the export says
    scheduled_delivery_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # Douyin 预约送达时间 (预约到货)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    picked_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # as the export writes them: who cancelled and why decide a seller-fault cancellation rate
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_by: Mapped[str | None] = mapped_column(Text)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    amount_paid_fen: Mapped[int] = mapped_column(Integer, default=0)
    postage_fen: Mapped[int] = mapped_column(Integer, default=0)
    buyer: Mapped[str | None] = mapped_column(Text)  # buyer account / nickname
    recipient: Mapped[str | None] = mapped_column(Text)
    phone_masked: Mapped[str | None] = mapped_column(String(32))  # never a full number
    province: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    district: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)
    carrier: Mapped[str | None] = mapped_column(Text)
    tracking: Mapped[str | None] = mapped_column(String(64))
    buyer_message: Mapped[str | None] = mapped_column(Text)
    seller_note: Mapped[str | None] = mapped_column(Text)
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # when the newest export holding this order was imported: what its state is as of (0005_order_source)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # marked by the seller in the app, kept across re-imports of older exports
    local_note: Mapped[str | None] = mapped_column(Text)

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", passive_deletes=True
    )
    __table_args__ = (
        UniqueConstraint("platform", "order_id"),
        Index("ix_orders_status", "status"),
        # incidents read the last day's orders, shop health its windows' orders, every evaluation:
        # by index, with status and platform beside the time (0012_room_indexes); pickups the
        # last 72 h of parcels by shipped_at, not a year of them
        Index("ix_orders_paid_status", "paid_at", "status", "platform"),
        Index("ix_orders_shipped_at", "shipped_at", "promised_ship_at", "platform"),
        Index("ix_orders_picked_up_at", "picked_up_at", "promised_ship_at", "platform"),
        # a buyer's open orders share a same-day cap: a tick evaluates them together (0013_check_orders)
        Index("ix_orders_buyer", "buyer", "status"),
    )


class OrderLine(Base):
    __tablename__ = "order_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_pk: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    line_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str | None] = mapped_column(String(16))  # per-line canonical status, if given
    product: Mapped[str | None] = mapped_column(Text)
    spec: Mapped[str | None] = mapped_column(Text)
    sku_code: Mapped[str | None] = mapped_column(String(128), index=True)  # as the platform wrote it
    sku_id: Mapped[int | None] = mapped_column(
        ForeignKey("skus.id", ondelete="SET NULL"), index=True
    )
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_price_fen: Mapped[int] = mapped_column(Integer, default=0)
    amount_fen: Mapped[int] = mapped_column(Integer, default=0)
    refund_status: Mapped[str | None] = mapped_column(Text)

    order: Mapped[Order] = relationship(back_populates="lines")
    __table_args__ = (
        UniqueConstraint("order_pk", "line_id"),
        # an order's lines with what the incident room counts of them, from the index alone: a
        # window's lines without a visit to each row (0012_room_indexes)
        Index("ix_order_lines_order_pk", "order_pk", "id", "sku_id", "quantity", "amount_fen", "unit_price_fen",
              "status", "sku_code"),
    )


class Sku(Base):
    __tablename__ = "skus"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(128), unique=True)  # 商家编码
    name: Mapped[str] = mapped_column(Text, default="")
    spec: Mapped[str | None] = mapped_column(Text)
    cost_fen: Mapped[int] = mapped_column(Integer, default=0)
    safety_stock: Mapped[int] = mapped_column(Integer, default=0)
    lead_time_days: Mapped[int] = mapped_column(Integer, default=7)
    supplier: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_bundle: Mapped[bool] = mapped_column(Boolean, default=False)


class SkuSubstitute(Base):
    __tablename__ = "sku_substitutes"
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"), primary_key=True)
    substitute_id: Mapped[int] = mapped_column(
        ForeignKey("skus.id", ondelete="CASCADE"), primary_key=True
    )
    rank: Mapped[int] = mapped_column(Integer, default=0)


class BundleComponent(Base):
    __tablename__ = "bundle_components"
    bundle_id: Mapped[int] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"), primary_key=True)
    component_id: Mapped[int] = mapped_column(
        ForeignKey("skus.id", ondelete="CASCADE"), primary_key=True
    )
    quantity: Mapped[int] = mapped_column(Integer, default=1)


class SkuAlias(Base):
    """Maps a platform's code, or product + spec, to a SKU."""

    __tablename__ = "sku_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))  # "*" for every platform
    platform_code: Mapped[str | None] = mapped_column(String(128))
    product: Mapped[str | None] = mapped_column(Text)
    spec: Mapped[str | None] = mapped_column(Text)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"), index=True)
    __table_args__ = (UniqueConstraint("platform", "platform_code", "product", "spec"),)


class StockMovement(Base):
    """The stock ledger: on-hand is the sum of ``delta``; rows are never edited."""

    __tablename__ = "stock_movements"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # sheet | stocktake | adjust | received | shipped
    delta: Mapped[int] = mapped_column(Integer)
    counted: Mapped[int | None] = mapped_column(Integer)  # absolute count for sheet/stocktake
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL")
    )
    # the order line a 'shipped' movement consumed stock for: each line is booked once
    order_line_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # "once" as a constraint: two processes booking the same shipment at once book it once
    __table_args__ = (Index("ux_stock_movements_shipped_line", "order_line_id", "sku_id", unique=True,
                            postgresql_where=text("kind = 'shipped'"), sqlite_where=text("kind = 'shipped'")),)


class PurchaseOrder(Base):
    """Incoming stock: an open purchase with an expected arrival date."""

    __tablename__ = "purchase_orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    expected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    supplier: Mapped[str | None] = mapped_column(Text)
    received: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


class ContactTask(Base):
    __tablename__ = "contact_tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_pk: Mapped[int] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), unique=True
    )
    reason: Mapped[str] = mapped_column(String(32))  # overdue | critical | stock_short | stop_ship | manual
    template: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text, default="")
    message_edited: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="todo")  # todo|sent|replied|resolved
    outcome: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    new_ship_date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str | None] = mapped_column(Text)
    assignee: Mapped[str | None] = mapped_column(Text)  # the staff member who claimed it ("小王 处理中")
    # optimistic concurrency: every ORM update says WHERE version = the one read, so of two staff
    # changing the task at once the second gets StaleDataError instead of overwriting
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # follow-ups and escalations fall due at these instants: read by range, never a scan of closed tasks (0011)
    __table_args__ = (Index("ix_contact_tasks_status", "status"), Index("ix_contact_tasks_sent_at", "sent_at"),
                      Index("ix_contact_tasks_due_at", "due_at"))

    events: Mapped[list[ContactEvent]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="ContactEvent.id"
    )
    __mapper_args__ = {"version_id_col": version}


class ContactEvent(Base):
    __tablename__ = "contact_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("contact_tasks.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(32))  # created | status | note | escalated | edited
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(Text)  # the staff name of who did it (None: ShopSentry itself)

    task: Mapped[ContactTask] = relationship(back_populates="events")


class Alert(Base):
    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # stock | late_shipment | pickup | follow_up
    key: Mapped[str] = mapped_column(String(160), unique=True)  # e.g. order:douyin:123 / sku:SS01
    state: Mapped[str] = mapped_column(String(16))  # the level raised: warning|critical|overdue|low|out|oversold
    severity: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    first_raised: Mapped[datetime] = mapped_column(UTCDateTime)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime)  # last time the state rose
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # an evaluation reads the open alerts only: resolved history is skipped by this index (0011)
    __table_args__ = (Index("ix_alerts_resolved_at", "resolved_at"), Index("ix_alerts_raised_at", "raised_at"),
                      Index("ix_alerts_kind_resolved_at", "kind", "resolved_at"),  # a tick's rooms' open alerts
                      Index("ix_alerts_snoozed_until", "snoozed_until"))


class AlertStaff(Base):
    """One person's view of an alert: notified once per person, acknowledged and snoozed for that
    person only. ``staff``: the staff name, or this install's identity while it has none
    (app.localconf.person)."""

    __tablename__ = "alert_staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    staff: Mapped[str] = mapped_column(Text)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)  # this person's snooze (0010)
    __table_args__ = (UniqueConstraint("alert_id", "staff"), Index("ix_alert_staff_snoozed_until", "snoozed_until"))


class Setting(Base):
    """Key → JSON text. Typed access lives in ``app.settings``."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class MappingProfile(Base):
    """A column mapping the seller made for an unknown layout, reused for the same headers."""

    __tablename__ = "mapping_profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    header_signature: Mapped[str] = mapped_column(String(64), unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    mapping: Mapped[str] = mapped_column(Text)  # JSON: canonical field -> header
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)


class Channel(Base):
    """A group robot or mailbox alerts also go to (app.channels). The URL's key and any secret
    live in the OS credential store; ``url`` here is the address with its key masked."""

    __tablename__ = "channels"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # wecom | dingtalk | feishu | email
    url: Mapped[str] = mapped_column(Text)
    min_severity: Mapped[int] = mapped_column(Integer, default=1)
    quiet_start: Mapped[str | None] = mapped_column(String(5))  # None: the app's quiet hours
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    paused_reason: Mapped[str | None] = mapped_column(Text)  # refused for good (bad key): not retried
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    # own quiet hours: alerts raised up to here have been summarised for it (None: not yet)
    notified_through: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboxMessage(Base):
    """A message stored before it is sent: delivered in order, once, also after a crash or an outage."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)  # after the channel's quiet hours
    severity: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(Text)
    lines: Mapped[str] = mapped_column(Text)  # JSON list of plain lines (no buyer data)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued | sending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_outbox_status", "status"),)


class Incident(Base):
    """A burst the seller must handle now (app.incidents): a listing priced by mistake or a flood of
    orders on one SKU. Kept so it is raised once, dismissed for good, and worked through its playbook."""

    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # price_drop | order_surge
    platform: Mapped[str] = mapped_column(String(16))
    sku_id: Mapped[int | None] = mapped_column(ForeignKey("skus.id", ondelete="SET NULL"))
    sku_code: Mapped[str] = mapped_column(String(128))  # the SKU master's code, else as the platform wrote it
    since: Mapped[datetime] = mapped_column(UTCDateTime)  # first order of the burst
    last_order_at: Mapped[datetime] = mapped_column(UTCDateTime)
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | dismissed | resolved
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)  # why the seller dismissed it
    # the figures the reasons are written from (JSON: counts, prices in fen, triggers)
    facts: Mapped[str] = mapped_column(Text, default="{}")
    # playbook steps the seller marked done: listing taken down / stock set, shipping held
    listing_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hold_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (Index("ix_incidents_status", "status"),)


class IncidentOrder(Base):
    """The orders of an incident: its contact tasks are these orders' tasks."""

    __tablename__ = "incident_orders"
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True)
    order_pk: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True,
                                          index=True)


# -- incremental evaluation (app/evaluation, 0011) -------------------------------------------------
class Change(Base):
    """The change journal: what a write touched, recorded in the write's own transaction, so the
    next evaluation looks at that and at what time moved, not at the whole shop. ``kind``:
    order (its data: demand, deadline, status) | task (its contact state only) | sku | all."""

    __tablename__ = "changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(8))
    ref: Mapped[int | None] = mapped_column(Integer)


class OrderCheck(Base):
    """An open order as the last evaluation left it. Times are epoch seconds, the risk engine's
    own unit; ``next_at``: when its level (or escalation) next moves without new data, NULL never."""

    __tablename__ = "order_checks"
    order_pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    ship_by: Mapped[float] = mapped_column(Float, index=True)  # deadlines crossing: shop health looks again
    level: Mapped[str] = mapped_column(String(16))
    short_units: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[float | None] = mapped_column(Float, index=True)
    # the deadline before pauses and how it was set (OrderRisk f_base, f_kind): what shop health
    # counts, so a tick gives it the orders due within a day without evaluating them (by index)
    base: Mapped[float] = mapped_column(Float, default=0.0)
    kind: Mapped[int] = mapped_column(Integer, default=0)
    # named here, so those due within a day come from this table alone (migration 0013)
    platform: Mapped[str | None] = mapped_column(String(16))
    order_id: Mapped[str | None] = mapped_column(String(64))


class EvalMark(Base):
    """Where the evaluation stands (one row per room): the last journal entry consumed, the
    ``now`` it ran at, and what it ran under (settings, rules, version: a change means a full one)."""

    __tablename__ = "eval_marks"
    room: Mapped[str] = mapped_column(String(32), primary_key=True)
    journal_id: Mapped[int] = mapped_column(Integer, default=0)
    evaluated_at: Mapped[float] = mapped_column(Float)
    next_at: Mapped[float | None] = mapped_column(Float)
    fingerprint: Mapped[str] = mapped_column(String(64))
