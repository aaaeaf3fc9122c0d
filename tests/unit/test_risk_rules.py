"""Rule tables as data: loading, validation errors that name file and key, overrides, penalties
against hand-computed cases from RULES.md."""

import json
from decimal import Decimal

import pytest

from app.risk import penalties
from app.risk.rules import (
    RuleError,
    apply_overrides,
    check_overrides,
    check_shop_options,
    compile_rule,
    describe,
    flatten,
    load_rules,
    load_tables,
)

D = Decimal


def good_table(platform="x"):
    return {"platform": platform, "name": "测试", "verified": True, "effective_from": "2026-08-10", "source": "s",
            "promise": {"mode": "hours", "hours": 48},
            "deductions": {"late": {"name": "发货超时", "trigger": "t", "bands": [{"percent": "1", "min": "2", "max": "50"}]},
                           "stockout": {"name": "缺货", "trigger": "t", "bands": [{"percent": "3"}]}}}


def write(tmp_path, name, obj):
    (tmp_path / name).write_text(obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False),
                                 encoding="utf-8")


def test_shipped_tables_load_for_every_platform_with_provenance():
    tables = load_tables(reload=True)
    assert set(tables) == {"douyin", "taobao", "pdd", "kuaishou", "tiktok", "tmall"}
    for t in tables.values():
        assert t["source"] and t["effective_from"]
    # PDD and Kuaishou have no official text: unverified
    assert not tables["pdd"]["verified"] and not tables["kuaishou"]["verified"]
    assert tables["douyin"]["verified"] and tables["taobao"]["verified"]
    assert compile_rule(tables["douyin"]).rule_id == "douyin/发货超时/2026-08-10"
    assert compile_rule(tables["taobao"]).rule_id == "taobao/延迟发货/2026-04-09"


@pytest.mark.parametrize("mutate, key", [
    (lambda t: t["deductions"]["late"]["bands"][0].update(percent="abc"), "deductions.late.bands.0.percent"),
    (lambda t: t.pop("source"), "source"),
    (lambda t: t["deductions"].pop("stockout"), "deductions.stockout"),
    (lambda t: t["deductions"]["late"]["bands"][0].update(min="60"), "deductions.late.bands.0.min"),
    (lambda t: t["deductions"]["late"].update(rounding="元"), "deductions.late.rounding"),
    (lambda t: t["deductions"]["late"]["bands"][0].update(late_max_hours=48), "deductions.late.bands.0"),
    (lambda t: t["promise"].update(mode="weekly"), "promise.mode"),
    (lambda t: t["promise"].update(hourz=3), "promise.hourz"),
    (lambda t: t.update(effective_from="2026-13-01"), "effective_from"),
    (lambda t: t.update(platform="y"), "platform"),
])
def test_broken_table_names_file_and_key(tmp_path, mutate, key):
    t = good_table()
    mutate(t)
    write(tmp_path, "x.json", t)
    with pytest.raises(RuleError) as e:
        load_tables(tmp_path)
    assert "x.json" in str(e.value) and key in str(e.value)


def test_invalid_json_names_the_file(tmp_path):
    write(tmp_path, "good.json", good_table("good"))
    write(tmp_path, "bad.json", "{not json")
    with pytest.raises(RuleError, match="bad.json"):
        load_tables(tmp_path)


def test_seller_overrides_apply_and_bad_ones_name_the_key():
    rules = load_rules({"rules.overrides": {"taobao": {"promise.hours": 24,
                                                       "deductions.late.bands.0.max": "20"}}})
    assert rules["taobao"]["promise"]["hours"] == 24
    assert rules["taobao"]["deductions"]["late"]["bands"][0]["max"] == "20"
    assert load_rules()["taobao"]["promise"]["hours"] == 48  # the shipped table is untouched
    with pytest.raises(RuleError, match=r"deductions\.late\.bands\.0\.percent"):
        load_rules({"rules.overrides": {"douyin": {"deductions.late.bands.0.percent": "x"}}}, strict=True)
    with pytest.raises(RuleError, match="promise.hourz"):
        load_rules({"rules.overrides": {"douyin": {"promise.hourz.a": 3}}}, strict=True)
    # not strict: the bad change is skipped, the good one kept
    lenient = load_rules({"rules.overrides": {"taobao": {"promise.hours": "x", "deductions.late.bands.1.max": 40}}})
    assert lenient["taobao"]["promise"]["hours"] == 48
    assert lenient["taobao"]["deductions"]["late"]["bands"][1]["max"] == 40
    errors = check_overrides({"taobao": {"promise.hours": -1}, "nope": {}})
    assert len(errors) == 2 and any("promise.hours" in e for e in errors) and any("nope" in e for e in errors)
    assert check_overrides({"douyin": {"deductions.stockout.bands.2.max": "1000"}}) == []


def test_shop_options_same_day_cutoff_presale_and_errors():
    dy = load_tables()["douyin"]
    r = compile_rule(dy, {"promise": "same_day", "cutoff": "15:00", "presale_days": 15})
    assert (r.promise.mode, r.promise.cutoff.hour, r.promise_source) == ("same_day", 15, "店铺设置")
    assert r.presale.seconds == 15 * 24 * 3600
    assert compile_rule(dy, {"promise_hours": 24}).promise.seconds == 24 * 3600
    assert compile_rule(dy, {}).promise.seconds == 48 * 3600
    assert check_shop_options("douyin", {"promise": "same_day"}) == []
    assert "隔日" in check_shop_options("douyin", {"promise": "隔日"})[0]
    assert "promize" in check_shop_options("douyin", {"promize": "same_day"})[0]
    # per-shop number override
    r2 = compile_rule(dy, {"rules": {"deductions.late.bands.1.percent": "2"}})
    assert penalties.estimate(r2.late, 48, 60, "1000") == D("20.00")
    # a broken shop setting never stops the check: ignored, platform default used
    assert compile_rule(dy, {"promise": "隔日"}).promise.seconds == 48 * 3600


def test_apply_overrides_refuses_missing_parents():
    t = good_table()
    with pytest.raises(RuleError, match="deductions.late.bands.5.max"):
        apply_overrides(t, {"deductions.late.bands.5.max": 1}, "x")


def test_describe_and_flatten_for_the_settings_page():
    text = describe(load_tables())
    assert "拼多多（未核实）" in text and "发货超时" in text and "取整到元" in text and "当日发" in text
    keys = dict(flatten(load_tables()["douyin"]))
    assert keys["deductions.late.bands.1.percent"] == "1" and keys["promise.options.same_day.cutoff"] == "16:00"


def rules():
    return {p: compile_rule(t) for p, t in load_tables().items()}


def test_douyin_late_deduction_bands_clamps_and_whole_yuan():
    late = rules()["douyin"].late
    # promise <= 48 h, late <= 48 h: no per-order amount
    assert penalties.estimate(late, 48, 10, "500") == D("0.00")
    # late > 48 h: 1 %, 2–50 元: 1 % of 59.90 = 0.599 → raised to the 2 元 minimum
    assert penalties.estimate(late, 48, 60, "59.90") == D("2.00")
    # 1 % of 8,000 = 80 → capped at 50
    assert penalties.estimate(late, 48, 60, "8000") == D("50.00")
    # whole 元, half up: 3.586 → 4, 3.45 → 3, 3.50 → 4
    assert penalties.estimate(late, 48, 60, "358.60") == D("4.00")
    assert penalties.estimate(late, 48, 60, "345.00") == D("3.00")
    assert penalties.estimate(late, 48, 60, "350.00") == D("4.00")
    # promise 48–240 h: 1 % (2–50) if late <= 48 h, 3 % (3–50) after
    assert penalties.estimate(late, 72, 10, "500") == D("5.00")
    assert penalties.estimate(late, 72, 50, "500") == D("15.00")
    assert penalties.estimate(late, 72, 50, "50") == D("3.00")
    # promise > 240 h: 1 % (3–50) / 5 % (5–50)
    assert penalties.estimate(late, 300, 10, "100") == D("3.00")
    assert penalties.estimate(late, 300, 60, "100") == D("5.00")
    assert penalties.estimate(late, 300, 60, "2000") == D("50.00")


def test_douyin_stockout_bands():
    st = rules()["douyin"].stockout
    assert penalties.estimate(st, 24, 0, "358.60") == D("4.00")   # 1 % (2–50)
    assert penalties.estimate(st, 120, 0, "358.60") == D("11.00")  # 3 % = 10.758 → 11
    assert penalties.estimate(st, 300, 0, "358.60") == D("18.00")  # 5 % = 17.93 → 18
    assert penalties.estimate(st, 300, 0, "20") == D("5.00")       # minimum 5


def test_taobao_late_and_stockout_excluding_postage_to_the_fen():
    tb = rules()["taobao"]
    assert penalties.estimate(tb.late, 48, 1, "1000") == D("10.00")      # 1 % (3–30)
    assert penalties.estimate(tb.late, 48, 1, "100") == D("3.00")        # minimum 3
    assert penalties.estimate(tb.late, 48, 1, "456.78") == D("4.57")     # 4.5678 → 4.57
    assert penalties.estimate(tb.late, 72, 1, "300") == D("15.00")       # 5 % (5–30)
    assert penalties.estimate(tb.late, 72, 1, "1000") == D("30.00")      # cap 30
    assert penalties.estimate(tb.late, 48, 1, "1000", postage="100") == D("9.00")  # item price only
    assert penalties.estimate(tb.stockout, 48, 0, "59.90") == D("5.99")   # 10 % (5–100)
    assert penalties.estimate(tb.stockout, 48, 0, "2000") == D("100.00")  # cap 100
    assert penalties.estimate(tb.stockout, 72, 0, "1000") == D("150.00")  # 15 % (5–500)
    assert penalties.estimate(tb.stockout, 72, 0, "9999") == D("500.00")


def test_pdd_observed_tiers_and_unverified_platforms():
    r = rules()
    late = r["pdd"].late
    assert [penalties.estimate(late, 48, 1, a) for a in ("9.99", "10", "100", "300", "5000")] == \
        [D("3.00"), D("5.00"), D("5.00"), D("15.00"), D("100.00")]
    assert not late.verified and not r["kuaishou"].late.verified
    assert penalties.estimate(r["kuaishou"].late, 48, 100, "1000") == D("0.00")  # nothing published
