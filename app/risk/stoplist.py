"""Stop-ship regions (物流停发): the seller's list of provinces and cities a courier does not serve."""

from __future__ import annotations

import re

_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "地区", "省", "市", "盟")
_ADDR = re.compile(r"^\s*(?P<p>[^\s\d]{2,8}?(?:省|自治区|特别行政区|市))?\s*(?P<c>[^\s\d]{2,8}?(?:自治州|地区|盟|市))?")


def _norm(name: str) -> str:
    s = name.strip()
    for suf in _SUFFIXES:
        if s.endswith(suf) and len(s) > len(suf) + 1:
            return s[: -len(suf)]
    return s


class StopList:
    """Province / city names; "新疆" matches "新疆维吾尔自治区", "乌鲁木齐市" matches "乌鲁木齐"."""

    def __init__(self, regions) -> None:
        self.items = [(r.strip(), _norm(r)) for r in (regions or []) if isinstance(r, str) and r.strip()]
        self._memo: dict[tuple, str | None] = {}

    def __bool__(self) -> bool:
        return bool(self.items)

    def match(self, province: str | None, city: str | None, address: str | None = None) -> str | None:
        if not province and not city and address:
            m = _ADDR.match(address)
            province, city = (m.group("p"), m.group("c")) if m else (None, None)
        key = (province, city)
        if key in self._memo:
            return self._memo[key]
        hit = None
        names = [x for x in (province, city) if x]
        normed = {_norm(x) for x in names}
        for raw, n in self.items:
            if n in normed or any(raw in x for x in names):
                hit = raw
                break
        self._memo[key] = hit
        return hit
