"""Rules that live in one place: the presale test (Python and SQL agree), chunking, setting defaults."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import Column, MetaData, String, Table, create_engine, func, insert, or_, select

from app import settings as S
from app.chunks import in_chunks
from app.contact import templates as tpl
from app.risk.presale import PRESALE_WORDS, is_presale, presale_sql

TYPES = ["预售", "全款预售订单", "normal", "普通订单", " Presale ", "pre-order", "PreOrder", "pre order", "", None,
         "presales", "现货"]


def test_presale_python_check_and_sql_predicate_agree():
    engine = create_engine("sqlite://")
    kinds = Table("kinds", MetaData(), Column("k", String, nullable=True))
    kinds.create(engine)
    k = kinds.c.k
    with engine.begin() as conn:
        conn.execute(insert(kinds), [{"k": kind} for kind in TYPES])
        got = dict(conn.execute(select(k, presale_sql(k))).all())
        # the CASE gives what the plain form gives, NULL for a NULL type included
        plain = dict(conn.execute(select(k, or_(k.like("%预售%"), func.lower(func.trim(k)).in_(PRESALE_WORDS)))).all())
    assert got == plain and got[None] is None
    assert {kind: bool(flag) for kind, flag in got.items()} == {kind: is_presale(kind) for kind in TYPES}
    assert [kind for kind in TYPES if is_presale(kind)] == ["预售", "全款预售订单", " Presale ", "pre-order", "PreOrder",
                                                             "pre order"]


def test_in_chunks_keeps_order_and_reads_iterators_lazily():
    assert list(in_chunks(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(in_chunks([], 3)) == []
    seen = []
    gen = in_chunks((seen.append(i) or i for i in range(10)), 4)
    assert next(gen) == [0, 1, 2, 3] and seen == [0, 1, 2, 3]


def test_stock_short_templates_are_the_out_of_stock_ones():
    assert set(tpl.STOCK_SHORT) < set(tpl.NAMES)
    assert all(name.startswith("缺货") for name in tpl.STOCK_SHORT)


@pytest.mark.parametrize("values_", [{}, {"contact.escalate_hours": None, "alerts.quiet_start": "soon"}])
def test_typed_getters_fall_back_to_the_one_default(values_):
    assert S.escalate_hours(values_) == 72.0 and S.follow_up_hours(values_) == 12.0
    assert S.critical_hours(values_) == 6.0 and S.warning_hours(values_) == 24.0
    assert S.velocity_days(values_) == 30 and S.review_days(values_) == 7
    assert S.interval_minutes(values_) == 5 and S.shop_tz(values_) == "Asia/Shanghai"
    assert S.clock(values_, "alerts.quiet_start") == time(23, 0)


def test_typed_getters_read_what_the_seller_set():
    given = {"contact.escalate_hours": 48, "scheduler.interval_minutes": 0, "alerts.digest_time": "08:30",
             "stock.velocity_days": "14"}
    assert S.escalate_hours(given) == 48.0 and S.velocity_days(given) == 14
    assert S.interval_minutes(given) == 5  # 0 would mean never: the default interval
    assert S.clock(given, "alerts.digest_time") == time(8, 30)
