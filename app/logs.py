"""Rotating log in the data dir; phone numbers and addresses are scrubbed before writing."""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

# mainland mobiles (optionally +86, spaced or dashed), landlines, and international numbers
PHONE = re.compile(
    r"(?<![\d*])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)"
    r"|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"
    r"|\+\d{1,3}[\s-]?\(?\d{1,4}\)?(?:[\s-]?\d{2,4}){2,4}(?!\d)"
    r"|\(\d{3}\)\s?\d{3}-\d{4}(?!\d)|(?<!\d)\d{3}-\d{3}-\d{4}(?!\d)"
)
# an administrative or street part followed, within a short stretch, by a house part; and
# "12 Main Street"-style addresses (TikTok Shop exports)
ADDRESS = re.compile(
    r"[\u4e00-\u9fff]{2,}(?:省|市|自治区|区|县|旗|镇|乡|街道|路|街|巷|大道)"
    r"[\u4e00-\u9fff\w\s\-#()（）]{0,40}?(?:号|室|栋|幢|楼|弄|单元|座|层|组)"
    r"|\b\d{1,5}\s+(?:[A-Z][\w.'-]*\s+){1,4}"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Ln|Lane|Dr|Drive|Way|Ct|Court|Pl|Place|Pkwy|Parkway|Hwy|Highway|Cir|Circle|Sq|Square|Ter|Terrace)\b\.?"
)


# a channel's key in an address: 企业微信 ?key=, 钉钉 ?access_token= and &sign=, 飞书 /hook/<token>,
# a mail password in smtp://user:password@host (the channels' masked() does the same for display)
SECRET_PARAM = re.compile(r"(?i)([?&](?:key|access_token|token|sign|secret|password)=)[^&\s\"'<>]+")
SECRET_PATH = re.compile(r"(/hook/)[^/?\s\"'<>]+")
SECRET_LOGIN = re.compile(r"(smtps?://[^:/@\s]+:)[^@\s]+@")
# these log every request line (with its URL) at INFO: warnings and up only
CHATTY = ("httpx", "httpcore")


def scrub(text: str) -> str:
    """Phone numbers and addresses out; order ids (longer digit runs) stay readable."""
    return ADDRESS.sub("[address]", PHONE.sub("[phone]", text))


def redact(text: str) -> str:
    """Robot keys, signatures and mail passwords out of any URL in ``text``."""
    text = SECRET_PARAM.sub(r"\1***", text)
    return SECRET_LOGIN.sub(r"\1***@", SECRET_PATH.sub(r"\1***", text))


class ScrubFormatter(logging.Formatter):
    """Scrubs the whole formatted record: message, arguments and any traceback, whose
    exception messages may quote a spreadsheet cell (or a library a URL with its key)."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(redact(super().format(record)))


MAX_BYTES, BACKUPS = 2_000_000, 5  # at most ~12 MB of logs in the data dir


def log_path(data_dir: Path) -> Path:
    return data_dir / "logs" / "shopsentry.log"


def setup(data_dir: Path, level: int = logging.INFO, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> Path:
    path = log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_shopsentry", False):
            root.removeHandler(h)
            h.close()
    handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler._shopsentry = True
    handler.setFormatter(ScrubFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    for name in CHATTY:  # a request line carries the robot's key: a second line of defence is redact()
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
    logging.captureWarnings(True)  # library warnings to the log, not the seller's console
    return path
