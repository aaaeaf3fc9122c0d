"""The incident banner (over the order-risk tab) and the incident view, wired into the main window."""

from __future__ import annotations


def install(window) -> None:
    """Banner at the top of the risk tab, fed by every refresh; a click opens the incident view."""
    from ui.incidents.banner import IncidentBanner

    banner = IncidentBanner(window.risk)
    window.risk.layout().insertWidget(0, banner)
    banner.open_requested.connect(lambda i: open_incident(window, i))
    window.refreshed.connect(lambda snap: banner.set_incidents(snap.get("incidents")))
    window.incident_banner = banner


def open_incident(window, incident_id) -> None:
    """The incident view for ``incident_id`` (from an alert, a notification or the banner)."""
    from ui.incidents.dialog import IncidentDialog

    if incident_id is None:
        return
    dlg = IncidentDialog(window.svc, int(incident_id), window.now, window)
    dlg.changed.connect(lambda: _recheck(window))
    window.incident_dialog = dlg  # tests and screenshots reach the open view
    dlg.exec()
    window.incident_dialog = None


def _recheck(window) -> None:
    """A step recorded: the tabs again, and a check so a dismissed incident's alert resolves now."""
    window.refresh()
    checker = getattr(window, "checker", None)
    if checker is not None:
        checker.run_now("manual")
