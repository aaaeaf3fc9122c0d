"""One label map per concept, shown alike by tabs, dialogs and exports.

The codes are what the data stores (a risk level, a contact task's state, why a task exists, an
outcome, a template's name); the words are English sources marked with ``N_()`` and shown in the
shop's language through app.text (resources/translations/core_zh_CN.json). Plain vocabulary: no
Qt, no store, so ui/ may import it beside app/services.py.
"""

from __future__ import annotations

from app.text import N_, label

LEVELS = {"overdue": N_("Overdue"), "critical": N_("Critical"), "warning": N_("Warning"), "ok": N_("OK")}
TASK_STATES = {"todo": N_("To do"), "sent": N_("Sent"), "replied": N_("Replied"), "resolved": N_("Resolved")}
# a SKU's stock status (app/inventory): the inventory tab, the stock export and the purchase list
STOCK_STATES = {"oversold": N_("Oversold"), "out": N_("No stock"), "low": N_("Low"), "normal": N_("Normal")}
# a stock movement's kind: the SKU's history in the tab and the stock reasons
MOVEMENTS = {"sheet": N_("Stock sheet"), "stocktake": N_("Stocktake"), "adjust": N_("Adjustment"),
             "received": N_("Received"), "shipped": N_("Shipped")}
# why a contact task exists
REASONS = {"overdue": N_("Overdue"), "critical": N_("Due soon"), "stock_short": N_("Out of stock"),
           "stop_ship": N_("Stop-ship region"), "manual": N_("Added by hand"), "presale": N_("Presale"),
           "incident": N_("Price error")}
# outcomes are stored as their Chinese codes
OUTCOMES = {"同意等待": N_("Agreed to wait"), "换款": N_("Took a substitute"), "部分退款补偿": N_("Partial refund"),
            "退款": N_("Refunded"), "申请平台介入": N_("Platform stepped in"), "无回应": N_("No response")}
# the templates' names are keys of resources/templates, in the order the seller sees them
TEMPLATES = {"延迟发货致歉": N_("Late-shipment apology"), "缺货可等待": N_("Out of stock: can wait"),
             "缺货换款": N_("Out of stock: substitute"), "缺货退款": N_("Out of stock: refund"),
             "停发地区说明": N_("Stop-ship region notice"), "预售说明": N_("Presale notice"),
             "价格标错说明": N_("Price error notice")}


def _shown(table: dict[str, str], code: str | None) -> str:
    """``code`` in the shop's language; a code the table does not know is shown as it is."""
    return label(table[code]) if code in table else (code or "")


def level_label(code: str) -> str:
    return _shown(LEVELS, code)


def state_label(code: str | None) -> str:
    return _shown(TASK_STATES, code)


def stock_label(code: str) -> str:
    return _shown(STOCK_STATES, code)


def movement_label(code: str) -> str:
    return _shown(MOVEMENTS, code)


def reason_label(code: str) -> str:
    return _shown(REASONS, code)


def outcome_label(code: str | None) -> str:
    return _shown(OUTCOMES, code)


def template_label(name: str) -> str:
    return _shown(TEMPLATES, name)


# settings as their pages in the settings dialog name them: the pages show these very words, and a
# damaged stored value (app/settings.py) is named by them rather than by its key
_QUIET = N_("Quiet hours")
_RULE_TABLES = N_("Rule tables")
SETTINGS = {
    "timezone": N_("Shop time zone"), "language": N_("Language (after restart)"),
    "ui.close_to_tray": N_("Keep running in the tray when the window is closed"),
    "watch.folders": N_("Automatic import"), "stale_hours": N_("Data counts as old after (hours)"),
    "risk.critical_hours": N_("Critical within (hours)"), "risk.warning_hours": N_("Warning within (hours)"),
    "stock.velocity_days": N_("Sales velocity window (days)"),
    "stock.review_days": N_("Review period for reorders (days)"),
    "health.window_days": N_("TikTok shop-rate window (days, assumed)"),
    "scheduler.interval_minutes": N_("Check every"), "alerts.quiet_start": _QUIET, "alerts.quiet_end": _QUIET,
    "alerts.digest_time": N_("Daily digest at"), "contact.follow_up_hours": N_("Follow up when no reply after"),
    "contact.escalate_hours": N_("Escalate when still open after the deadline by"),
    "rules.overrides": _RULE_TABLES, "risk.shop_options": _RULE_TABLES,
    "risk.pauses": N_("Platform pauses"), "risk.stop_ship_regions": N_("Stop-ship regions"),
    "risk.tmall_shop": N_("This is a Tmall shop: import Qianniu exports as Tmall orders, priced by Tmall's table"),
    "backup.second_folder": N_("Second backup folder"),
}
# a setting no page shows (kept by the app itself, e.g. the last digest's date)
_UNLABELLED = N_("A saved setting")


def setting_label(key: str) -> str:
    """The setting's name on its page in the shop's language; never the stored key."""
    return label(SETTINGS.get(key, _UNLABELLED))


# reasons offered by the dialogs (any text is accepted; these are the common ones); English sources,
# the dialogs show app.text.label() of each and the movement keeps the text the seller saw
STOCKTAKE_REASONS = (N_("Regular count"), N_("Spot check"), N_("Check after receiving"), N_("Shrinkage"),
                     N_("Other"))
ADJUST_REASONS = (N_("Damaged / written off"), N_("Customer return restocked"), N_("Samples / gifts taken out"),
                  N_("Found"), N_("Correcting an entry error"), N_("Other"))
