"""The alert centre's kind filter offers every alert kind the app raises, the newer incident, shop
health and backup ones included, named in the interface language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from app.store.models import Alert

# one open alert per kind the checker can raise (app/alerts, app/incidents, app/health, app/backup)
NEWER = {"incident": "incident", "health": "at_risk", "backup": "failed", "stale_data": "stale"}


def _raise(svc, now) -> None:
    with svc.store.session() as s:
        for kind, state in NEWER.items():
            s.add(Alert(kind=kind, key=f"{kind}:test", state=state, severity=2, title=f"{kind} title",
                        body="", first_raised=now - timedelta(hours=1), raised_at=now - timedelta(hours=1),
                        last_seen=now))


def test_filtering_by_each_kind_shows_only_that_kind(window, svc, now):

    svc.evaluate_alerts(now)  # the demo's own late-shipment and stock alerts beside the newer kinds
    _raise(svc, now)
    window.alerts.reload_sync()
    centre = window.alerts.centre
    everything = centre.visible_alerts()
    every = {a.kind for a in everything}
    assert set(NEWER) <= every and len(every) > len(NEWER)
    for kind in NEWER:
        index = centre.kind_box.findData(kind)
        assert index > 0, kind
        centre.kind_box.setCurrentIndex(index)
        shown = [centre.list.item(i).data(Qt.UserRole + 1)[0] for i in range(centre.list.count())]
        assert shown and {a.kind for a in shown} == {kind}
        assert [a.key for a in shown] == [a.key for a in everything if a.kind == kind]  # all of them
        assert f"{kind}:test" in {a.key for a in shown}
    centre.kind_box.setCurrentIndex(0)
    assert centre.list.count() == len(centre.visible_alerts()) > len(NEWER)


@pytest.mark.parametrize("lang, names", [
    ("zh_CN", {"incident": "异常事件", "health": "店铺健康", "backup": "备份", "stale_data": "数据时效"}),
    ("en", {"incident": "Incident", "health": "Shop health", "backup": "Backup", "stale_data": "Data age"}),
])
def test_the_newer_kinds_are_named_in_the_interface_language(window, qtbot, qapp, lang, names):
    from ui import i18n

    if lang != "en" and not i18n.qm_path(lang).exists():
        pytest.skip("translations not built")
    i18n.install(qapp, lang)
    try:
        centre = type(window.alerts.centre)()  # built anew: tr() runs under the installed language
        qtbot.addWidget(centre)
        shown = {centre.kind_box.itemData(i): centre.kind_box.itemText(i) for i in range(centre.kind_box.count())}
    finally:
        i18n.uninstall(qapp)
    assert {k: shown[k] for k in names} == names
