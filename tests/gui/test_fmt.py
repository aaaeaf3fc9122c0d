"""Locale formatting of money, numbers, dates and times (ui/fmt.py), in Chinese and English."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from ui import fmt

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # 18:00 in Shanghai
TZ = "Asia/Shanghai"


@pytest.fixture(params=["zh_CN", "en"])
def lang(request):
    before = fmt.language()
    fmt.set_language(request.param)
    yield request.param
    fmt.set_language(before)


@pytest.fixture
def en():
    before = fmt.language()
    fmt.set_language("en")
    yield
    fmt.set_language(before)


def test_money_is_exact_yuan_with_grouping_in_both_languages(lang):
    assert fmt.money(Decimal("12.5")) == "¥12.50"
    assert fmt.money(Decimal("1234567.891")) == "¥1,234,567.89"
    assert fmt.money(Decimal("0.005")) == "¥0.01"  # half up, like the platforms
    assert fmt.money(Decimal("-3")) == "-¥3.00"
    assert fmt.money(Decimal("-0.001")) == "¥0.00"  # no "negative zero"
    assert fmt.money(0) == "¥0.00"
    assert fmt.money(None) == ""
    # a float never enters: 0.1 + 0.2 as Decimal stays exact
    assert fmt.money(Decimal("0.1") + Decimal("0.2")) == "¥0.30"


def test_quantities_are_grouped_without_decimals(lang):
    assert fmt.number(0) == "0"
    assert fmt.number(12) == "12"
    assert fmt.number(12345) == "12,345"
    assert fmt.number(-1234567) == "-1,234,567"
    assert fmt.number(None) == ""
    assert fmt.decimal(Decimal("0.78")) == "0.78"
    assert fmt.decimal(Decimal("1234.567"), 1) == "1,234.6"


def test_times_read_like_ui_md_in_chinese():
    assert fmt.language() == "zh_CN"  # the default, before any language is installed
    assert fmt.when(NOW, TZ, NOW) == "11-20 18:00"
    assert fmt.when(datetime(2025, 11, 20, 10, 0, tzinfo=UTC), TZ, NOW) == "2025-11-20 18:00"
    assert fmt.when(None, TZ, NOW) == ""
    assert fmt.day(date(2026, 11, 25), NOW, TZ) == "11-25"
    assert fmt.day(date(2027, 1, 5), NOW, TZ) == "2027-01-05"


def test_times_read_naturally_in_english(en):
    assert fmt.when(NOW, TZ, NOW) == "Nov 20 18:00"
    assert fmt.when(datetime(2025, 3, 2, 1, 5, tzinfo=UTC), TZ, NOW) == "Mar 2, 2025 09:05"
    assert fmt.day(date(2026, 11, 25), NOW, TZ) == "Nov 25"
    assert fmt.day(date(2027, 1, 5), NOW, TZ) == "Jan 5, 2027"
    # the year is the shop's: 2026-12-31 20:00 UTC is already 2027 in Shanghai
    new_year = datetime(2026, 12, 31, 20, 0, tzinfo=UTC)
    assert fmt.when(new_year, TZ, new_year) == "Jan 1 04:00"


def test_number_columns_format_with_the_locale():
    from ui.models.record_model import number_column

    col = number_column("n", "N", lambda r: r)
    assert col.display(1234567) == "1,234,567"
    assert col.sort_key(1234567) == 1234567  # sorting stays numeric
