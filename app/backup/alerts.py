"""The backup alert as a condition (kind ``backup``): open while the last automatic backup
failed, so the alert service neither resolves it early nor raises it twice; resolved by the next
backup that succeeds (app.backup.service)."""

from __future__ import annotations

from decimal import Decimal


def conditions(settings: dict) -> list[dict]:
    from app.backup.service import ALERT_KEY, FAILURE, alert_text

    failure = settings.get(FAILURE)
    if not failure:
        return []
    why = failure.get("why", "") if isinstance(failure, dict) else str(failure)
    return [{"kind": "backup", "key": ALERT_KEY, "state": "failed", "money": Decimal(0),
             "text": lambda: alert_text(why)}]
