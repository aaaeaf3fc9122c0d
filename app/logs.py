"""Rotating log in the data dir; phone numbers and addresses are scrubbed before writing."""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
# province/city/district followed by a street part: looks like an address
ADDRESS = re.compile(r"[\u4e00-\u9fff]{2,}(省|市|自治区)[\u4e00-\u9fff\w\s\-#()（）]{4,}(号|室|栋|楼|弄)")


def scrub(text: str) -> str:
    return ADDRESS.sub("[address]", PHONE.sub("[phone]", text))


class ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        clean = scrub(msg)
        if clean != msg:
            record.msg, record.args = clean, ()
        return True


def log_path(data_dir: Path) -> Path:
    return data_dir / "logs" / "shopsentry.log"


def setup(data_dir: Path, level: int = logging.INFO) -> Path:
    path = log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_shopsentry", False):
            root.removeHandler(h)
            h.close()
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler._shopsentry = True
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(ScrubFilter())
    root.addHandler(handler)
    root.setLevel(level)
    return path
