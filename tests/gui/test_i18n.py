"""The zh_CN catalogue covers every UI string, compiles, loads, and keeps placeholders/accelerators."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPO_TS = ROOT / "resources" / "translations" / "shopsentry_zh_CN.ts"
JSON = ROOT / "scripts" / "translations_zh_CN.json"


def _load_tool():
    spec = importlib.util.spec_from_file_location("shopsentry_i18n_tool", ROOT / "scripts" / "i18n.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up here
    spec.loader.exec_module(mod)
    return mod


i18n_tool = _load_tool()


def ts_entries(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """{(context, source): (translation, type)} read straight from the XML."""
    out = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        for m in ctx.iter("message"):
            t = m.find("translation")
            out[(ctx.findtext("name"), m.findtext("source"))] = (t.text or "", t.get("type", ""))
    return out


@pytest.fixture(scope="module")
def extraction(tmp_path_factory) -> tuple[Path, dict]:
    """The repo catalogue re-extracted from the current ui/ sources, in a temp copy, and the report."""
    ts = tmp_path_factory.mktemp("i18n") / "shopsentry_zh_CN.ts"
    shutil.copy(REPO_TS, ts)
    return ts, i18n_tool.update(ts)


@pytest.fixture(scope="module")
def extracted(extraction) -> Path:
    return extraction[0]


def test_every_ui_string_has_a_finished_translation(extracted):
    entries = ts_entries(extracted)
    assert len(entries) > 100  # the extraction really ran over ui/
    assert ("MainWindow", "Inventory") in entries
    missing = [f"[{c}] {s!r}" for (c, s), (text, kind) in entries.items() if kind or not text.strip()]
    assert not missing, ("UI strings without a zh_CN translation (add them to scripts/translations_zh_CN.d/<area>.json, "
                         "then `python scripts/i18n.py sync`):\n" + "\n".join(missing))


def test_no_tr_of_a_computed_string(extraction):
    # self.tr(name) or self.tr(f"...{x}") looks up a string no catalogue can hold
    assert extraction[1]["dynamic"] == [], "tr() on a computed string (pass a literal, fill %1 after)"


def test_strings_hidden_from_lupdate_are_still_extracted(extracted):
    # tr() inside an f-string (detail panes) and module-level tr() wrappers with their runtime context
    entries = ts_entries(extracted)
    assert ("TableTab", "Select a row to see its details.") in entries
    assert ("fmt", "%1 left") in entries
    assert ("ImportDialog", "Import finished") in entries
    assert not any(c == "" for c, _s in entries), "a string landed in the empty context"


def test_json_data_file_alone_translates_everything(tmp_path):
    ts = tmp_path / "fresh_zh_CN.ts"
    i18n_tool.update(ts)  # no previous catalogue: everything starts unfinished
    assert all(kind == "unfinished" for _t, kind in ts_entries(ts).values())
    result = i18n_tool.fill(ts, JSON)
    assert result["rejected"] == []
    assert result["conflicts"] == [], "two areas translate one English string differently"
    left = [k for k, (text, kind) in ts_entries(ts).items() if kind or not text]
    assert left == []


def test_translations_keep_placeholders_and_accelerators():
    entries = ts_entries(REPO_TS)
    ph = re.compile(r"%\d+")
    for (ctx, src), (text, _kind) in entries.items():
        assert sorted(set(ph.findall(src))) == sorted(set(ph.findall(text))), (ctx, src, text)
        if "<" not in src and re.search(r"&[^&\s]", src):
            key = re.search(r"&([^&\s])", src).group(1).upper()
            assert f"&{key}" in text.upper(), (ctx, src, text)


@pytest.fixture
def zh_translator(qapp, tmp_path):
    from PySide6.QtCore import QTranslator

    qm = i18n_tool.build(REPO_TS, tmp_path / "shopsentry_zh_CN.qm")
    t = QTranslator()
    assert t.load(str(qm))
    qapp.installTranslator(t)
    yield t
    qapp.removeTranslator(t)


def test_compiled_catalogue_translates_the_ui(zh_translator):
    from PySide6.QtCore import QCoreApplication

    tr = QCoreApplication.translate
    assert tr("MainWindow", "Inventory") == "库存"
    assert tr("MainWindow", "Order risk") == "订单风险"
    assert tr("MainWindow", "Customer contact") == "客户联系"
    assert tr("MainWindow", "&File") == "文件(&F)"
    assert tr("MainWindow", "&Import…") == "导入(&I)…"
    assert tr("RiskTab", "Overdue") == "已超时"
    assert tr("InventoryTab", "Oversold") == "超卖"
    # one English word, two Chinese ones depending on where it appears
    assert tr("InventoryTab", "Out of stock") == "无货"
    assert tr("ContactTab", "Follow up") == "跟进" and tr("alerts", "Follow up") == "待跟进"
    assert tr("MainWindow", "Last import: %1").replace("%1", "11-20 18:00") == "上次导入：11-20 18:00"


def test_countdowns_read_like_ui_md(zh_translator):
    from ui import fmt

    now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    assert fmt.countdown(now + timedelta(hours=5, minutes=12), now) == "剩 5小时12分"
    assert fmt.countdown(now - timedelta(days=1, hours=2), now) == "已超时 1天2小时"


# ----------------------------------------------------------------- the tool itself, on small inputs

SAMPLE = '''
from PySide6.QtCore import QCoreApplication, QObject


def tr(text):
    return QCoreApplication.translate("Helper", text)


def label(code):
    return {"tb": QCoreApplication.translate("platform", "Taobao")}.get(code, code)


class Panel(QObject):
    def build(self, name):
        self.tr("&Import…")
        self.tr("Last import: %1")
        html = f"<b>{self.tr('Why')}</b>"
        return tr("Done"), label("tb"), html, self.tr(name)
'''


def _write_ts(path: Path, entries: dict[tuple[str, str], str]) -> None:
    msgs = [i18n_tool.Message(c, s, translation=t, finished=True) for (c, s), t in entries.items()]
    i18n_tool.write_ts(path, msgs)


def test_update_keeps_translations_drops_obsolete_and_finds_contexts(tmp_path):
    src = tmp_path / "panel.py"
    src.write_text(SAMPLE, encoding="utf-8")
    ts = tmp_path / "x_zh_CN.ts"
    _write_ts(ts, {("Panel", "&Import…"): "导入(&I)…", ("Panel", "Gone"): "旧的"})
    report = i18n_tool.update(ts, sources=[src])
    entries = ts_entries(ts)
    assert entries[("Panel", "&Import…")] == ("导入(&I)…", "")
    assert ("Panel", "Gone") not in entries
    assert report["dropped"] == 1 and report["kept"] == 1
    assert entries[("Helper", "Done")][1] == "unfinished"
    assert ("platform", "Taobao") in entries
    assert ("Panel", "Why") in entries  # inside an f-string: lupdate misses it, the AST scan does not
    assert ("Panel", "Why") in report["lupdate_missed"]
    assert not any(c == "platform" and s == "tb" for c, s in entries)  # label() is no tr wrapper
    assert report["dynamic"] == ["panel.py:18"]  # self.tr(name): can never be translated


def test_fill_adds_accelerators_rejects_broken_placeholders_prefers_context(tmp_path):
    ts = tmp_path / "y_zh_CN.ts"
    msgs = [i18n_tool.Message(c, s) for c, s in
            [("Panel", "&Import…"), ("Panel", "Last import: %1"), ("Panel", "Stock"), ("Other", "Stock"),
             ("Panel", "Exported to %1")]]
    i18n_tool.write_ts(ts, msgs)
    mapping = tmp_path / "t.json"
    mapping.write_text(
        '{"&Import…": "导入…", "Last import: %1": "上次导入：%1", "Stock": "库存",'
        ' "Exported to %1": "已导出", "Unused": "无", "Other": {"Stock": "存货"}}', encoding="utf-8")
    result = i18n_tool.fill(ts, mapping)
    entries = ts_entries(ts)
    assert entries[("Panel", "&Import…")] == ("导入(&I)…", "")
    assert entries[("Panel", "Last import: %1")] == ("上次导入：%1", "")
    assert entries[("Panel", "Stock")] == ("库存", "")
    assert entries[("Other", "Stock")] == ("存货", "")
    assert entries[("Panel", "Exported to %1")][1] == "unfinished"  # "%1" lost: not applied
    assert len(result["rejected"]) == 1 and "Exported to %1" in result["rejected"][0]
    assert result["unused"] == ["Unused"]
    # check reports the one left and fails; translating it makes check pass
    assert i18n_tool.main(["--ts", str(ts), "check"]) == 1
    mapping.write_text('{"Exported to %1": "已导出到 %1"}', encoding="utf-8")
    i18n_tool.fill(ts, mapping)
    assert i18n_tool.main(["--ts", str(ts), "check"]) == 0


def test_ts_round_trip_keeps_special_characters(tmp_path):
    ts = tmp_path / "z_zh_CN.ts"
    text = {("C", "Save & quit <now>\n\"%1\""): "保存并退出 <现在>\n“%1”"}
    _write_ts(ts, text)
    (msg,) = i18n_tool.read_ts(ts)
    assert (msg.context, msg.source, msg.translation, msg.finished) == (
        "C", "Save & quit <now>\n\"%1\"", "保存并退出 <现在>\n“%1”", True)
    qm = i18n_tool.build(ts, tmp_path / "z.qm")
    assert qm.stat().st_size > 0


def test_area_files_add_translations_and_conflicts_are_reported(tmp_path):
    base = tmp_path / "translations_zh_CN.json"
    base.write_text('{"Stock": "库存", "Panel": {"Out": "无货"}}', encoding="utf-8")
    area = tmp_path / "translations_zh_CN.d"
    area.mkdir()
    (area / "alerts.json").write_text('{"Send": "发送", "Panel": {"Out": "断货"}}', encoding="utf-8")
    (area / "contact.json").write_text('{"Stock": "存货", "Send": "发送", "Panel": {"Out": "缺货"}}',
                                       encoding="utf-8")
    (area / "inventory.json").write_text('{"Send": "发出"}', encoding="utf-8")
    conflicts: list[str] = []
    flat, nested = i18n_tool.load_mapping(base, conflicts)
    assert flat["Stock"] == "存货"  # an area may correct the base file
    assert nested["Panel"]["Out"] == "缺货"
    # ...but two areas disagreeing is reported (same text twice is fine)
    assert conflicts == ["[Panel] 'Out': alerts.json says '断货', contact.json says '缺货'",
                         "'Send': contact.json says '发送', inventory.json says '发出'"]
