"""Alert conditions for shop metrics (kind ``health``): one per metric over its line (over the last
of two lines is a state of its own), or heading over it once the overdue orders ship; the alert
service raises each once per crossing."""

from __future__ import annotations

from decimal import Decimal

from app.health.report import summary
from app.text import platform_name, t

OVER = ("watch", "over")


def conditions(metrics: list) -> list[dict]:
    """``metrics``: the shop's evaluated metrics at this moment (HealthService.evaluate)."""
    out = []
    for m in metrics:
        name = platform_name(m.d.platform)
        if m.level == "over" and len(m.d.lines) > 1:  # past the last of two lines (TikTok's 10 % enforcement)
            state, title = "crossed_last", t("{platform} shop rate over the last line", platform=name)
        elif m.level in OVER:
            state, title = "crossed", t("{platform} shop rate over the line", platform=name)
        elif m.projected_level in OVER:
            state, title = "projected", t("{platform} shop rate heading over", platform=name)
        else:
            continue
        out.append({"kind": "health", "key": f"health:{m.d.platform}:{m.d.metric}", "state": state,
                    "money": Decimal(0), "text": lambda m=m, title=title: (title, summary(m))})
    return out
