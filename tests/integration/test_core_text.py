"""Text the core writes (app/text.py): every t()/N_() string has a zh_CN entry with the same
placeholders; Chinese by default (what the CLI always printed), English as the shop's setting."""

from __future__ import annotations

import json
import re

import pytest
from openpyxl import load_workbook

from app import text
from app.text import t
from tests.gui.test_i18n import i18n_tool
from tests.integration.test_alerts import mixed_views

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


@pytest.fixture(autouse=True)
def _default_language():
    text.set_language(text.DEFAULT)
    yield
    text.set_language(text.DEFAULT)


def test_every_core_string_has_a_chinese_entry_with_the_same_placeholders():
    problems, _unused = i18n_tool.core_problems()
    assert problems == []
    found, dynamic = i18n_tool.core_strings()
    assert dynamic == []
    # the scan sees the areas converted so far (a scan that finds nothing passes vacuously)
    areas = {where.split(":")[0].split("/")[1] for wheres in found.values() for where in wheres}
    assert {"inventory", "contact", "alerts", "exports", "risk", "imports", "cli.py", "text.py"} <= areas


def test_the_check_reports_missing_entries_other_placeholders_and_computed_strings(tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    (app / "m.py").write_text(
        "from app import text\nfrom app.text import N_, t\n"
        "A = N_('Kept')\nx = t('Has {n} units', n=1)\ny = t('Missing')\nz = t(name)\nw = text.t('Via the module')\n",
        encoding="utf-8")
    catalogue = tmp_path / "core.json"
    catalogue.write_text(json.dumps({"Kept": "保留", "Has {n} units": "有{count}件", "Via the module": "模块",
                                     "Old": "旧"}, ensure_ascii=False), encoding="utf-8")
    problems, unused = i18n_tool.core_problems(catalogue, app)
    assert len(problems) == 3, problems
    assert any("app/m.py:4" in p and "{count}" in p for p in problems)  # placeholders differ
    assert any("app/m.py:5" in p and "'Missing'" in p for p in problems)  # no entry
    assert any("app/m.py:6" in p and "computed" in p for p in problems)  # t(variable)
    assert unused == ["Old"]


def test_t_translates_fills_placeholders_and_falls_back_to_english():
    assert text.language() == "zh_CN"
    assert t("Order {order_id} shipped", order_id="A1") == "订单A1发货"
    # a value holding braces is not filled again (placeholder names in an error message)
    assert t("The message still has placeholders to fill in: {names}", names="{buyer}") == \
        "消息里还有未填写的占位符：{buyer}"
    assert text.label("Not in any catalogue {n}", n=2) == "Not in any catalogue 2"
    assert text.join(["A", "B"]) == "A、B"
    assert text.set_language("en") == "en"
    assert t("Order {order_id} shipped", order_id="A1") == "Order A1 shipped"
    assert text.join(["A", "B"]) == "A, B" and text.platform_name("pdd") == "Pinduoduo"
    assert text.set_language("fr") == "zh_CN" and text.platform_name("pdd") == "拼多多"


def test_missing_catalogue_leaves_english(monkeypatch, tmp_path):
    monkeypatch.setattr(text, "catalogue_path", lambda lang: tmp_path / "none.json")
    text.catalogue.cache_clear()
    try:
        assert t("Order {order_id} shipped", order_id="A1") == "Order A1 shipped"
    finally:
        monkeypatch.undo()
        text.catalogue.cache_clear()


@pytest.fixture
def demo(svc, now):
    svc.load_demo(now)
    return svc


def test_stock_reasons_and_inventory_errors_follow_the_language(demo, now):
    zh = {s.sku: s.reasons for s in demo.stock(now)}
    text.set_language("en")
    en = demo.stock(now)
    assert all(not CJK.search(r) for s in en for r in s.reasons), [r for s in en for r in s.reasons if CJK.search(r)]
    first = next(s for s in en if s.reasons)
    assert any(r.startswith("On hand ") and "available" in r for r in first.reasons)
    assert len(first.reasons) == len(zh[first.sku]) and any("可用" in r for r in zh[first.sku])
    with pytest.raises(ValueError, match="^The adjustment cannot be 0$"):
        demo.inventory.adjust(first.sku_id, 0, "x", now)
    text.set_language("zh_CN")
    with pytest.raises(ValueError, match="^调整数量不能为 0$"):
        demo.inventory.adjust(first.sku_id, 0, "x", now)


def test_contact_labels_errors_and_reminders_in_english(demo, now):
    from app.contact.service import export_rows, transition

    text.set_language("en")
    tasks = demo.contacts(now)
    rows = export_rows(tasks)
    assert {r["status"] for r in rows} <= {"To do", "Sent", "Replied", "Resolved"}
    assert all(not CJK.search(r["reason"] + r["platform"] + r["template"]) for r in rows)
    todo = next(x for x in tasks if x.status == "todo")
    with demo.store.session() as s, pytest.raises(ValueError, match="Cannot change from “To do” to “To do”"):
        transition(s, todo.task_id, "todo", now)
    text.set_language("zh_CN")
    assert {r["status"] for r in export_rows(tasks)} <= {"待联系", "已发送", "已回复", "已解决"}


def test_alert_titles_and_summaries_in_english(demo, now):
    from app.alerts import service as alerts

    text.set_language("en")
    raised = demo.alerts(now)
    assert raised and all(not CJK.search(a.title) for a in raised), [a.title for a in raised]
    late = [a for a in raised if a.kind == "late_shipment"]
    assert late and all(a.title.startswith("Order ") and " order " in a.body for a in late)
    views, money = mixed_views()
    n = alerts.compose(views, demo.settings, money)
    assert n.title == "Orders at risk of shipping late: 12"
    assert n.body == ("Orders overdue within 6 hours: 12, expected penalty ¥86.40\n"
                      "Also: SKUs low on stock: 1 (1 oversold), Parcels not picked up: 1")
    assert alerts.digest(demo, now).title == "ShopSentry daily digest"


def test_export_headers_follow_the_language(demo, now, tmp_path):
    text.set_language("en")
    ws = load_workbook(demo.export("stock", tmp_path / "stock.xlsx", now=now)).active
    heads = [c.value for c in ws[1]]
    assert heads[:3] == ["Status", "SKU code", "Product name"]
    assert ws["A2"].value in ("Oversold", "No stock", "Low", "Normal")
    ws = load_workbook(demo.export("contacts", tmp_path / "contacts.xlsx", now=now)).active
    assert "Message" in [c.value for c in ws[1]]


def test_cli_speaks_the_shops_language_and_lang_overrides_it(data_dir, now, capsys):
    from app import cli
    from app.services import Services

    svc = Services.open(data_dir, None)
    svc.load_demo(now)
    svc.store.dispose()
    args = ["--data-dir", str(data_dir), "--now", "2026-11-20T18:00", "stock"]
    assert cli.run(args) == 0
    assert "在库" in capsys.readouterr().out  # the default: Chinese, as the CLI always printed
    assert cli.run([*args, "--json"]) == 0
    assert "可用" in json.loads(capsys.readouterr().out)["skus"][0]["reasons"][-1]
    assert cli.run(["--lang", "en", *args]) == 0
    out = capsys.readouterr().out
    assert " on hand " in out and not CJK.search(out)
    svc = Services.open(data_dir, None)
    svc.set_setting("language", "en")
    svc.store.dispose()
    assert cli.run([*args, "--json"]) == 0
    reasons = json.loads(capsys.readouterr().out)["skus"][0]["reasons"]
    assert reasons and not any(CJK.search(r) for r in reasons)


def test_platform_tool_notes_match_the_data_in_chinese_and_read_english_in_english():
    from app.contact import templates as tpl

    platforms = tpl.data()["platform"]
    for p, entry in platforms.items():
        info = tpl.platform_info(p)
        assert (info["tool"], info["tool_tip"]) == ({**platforms["*"], **entry}["tool"],
                                                    {**platforms["*"], **entry}["tool_tip"]), p
    text.set_language("en")
    for p in platforms:
        info = tpl.platform_info(p)
        assert info["tool"] and not CJK.search(info["tool"] + info["tool_tip"]), p
        assert info["greeting"] == platforms[p].get("greeting", platforms["*"]["greeting"])  # buyers' words stay


def test_a_filler_writes_what_t_writes_many_times_over():
    """``filler`` (one string filled for tens of thousands of alerts) reads as ``t``: translated,
    an unknown name left as written, literal braces kept."""
    from app import text

    before = text.language()
    try:
        for lang in ("zh_CN", "en"):
            text.set_language(lang)
            source = "{platform} order {order_id} due {when}"
            assert text.filler(source)(platform="抖店", order_id="1", when="11-20 18:00") == \
                text.t(source, platform="抖店", order_id="1", when="11-20 18:00")
            assert text.filler("{n} of {missing}")(n=3) == text.t("{n} of {missing}", n=3) == "3 of {missing}"
            assert text.filler("{{literal}} {n}")(n=2) == text.t("{{literal}} {n}", n=2)
    finally:
        text.set_language(before)
