"""Incidents as alert conditions (kind ``incident``, severity 3): detection runs in every
scheduler evaluation; each open incident is one condition with one key, so the alert service
raises it once, at once, and resolves it when the incident is dismissed or over."""

from __future__ import annotations

from app.text import t


def conditions(incidents: list) -> list[dict]:
    """``incidents``: the open incidents as this evaluation's detection left them (IncidentService.refresh)."""
    out = []
    for v in incidents:
        out.append({"kind": "incident", "key": f"incident:{v.id}", "state": "incident", "money": v.exposure,
                    "text": lambda v=v: _text(v)})
    return out


def _text(v) -> tuple[str, str]:
    from app.incidents.views import title

    return title(v), f"{v.platform_label} {v.sku}: " + t("; ").join(v.reasons[:3])
