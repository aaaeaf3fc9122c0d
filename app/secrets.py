"""Secrets (robot keys, mail passwords) in the OS credential store through ``keyring``.

Where the OS has no store (a headless Linux box) they go to ``secrets.json`` in the data dir,
readable by this user only (0600), and ``backend()`` says so for the settings page. Never logged.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)
SERVICE = "ShopSentry"
FILE = "secrets.json"


def _keyring():
    """The OS store, or None when keyring has only its 'fail' backend here."""
    try:
        import keyring
        from keyring.backends import fail

        kr = keyring.get_keyring()
    except Exception:  # a broken keyring install is "no store", not a crash
        return None
    if isinstance(kr, fail.Keyring) or getattr(kr, "priority", 1) <= 0:
        return None
    return kr


def backend() -> str:
    """'keyring' when the OS credential store holds the secrets, else 'file'."""
    return "keyring" if _keyring() is not None else "file"


def _file(data_dir) -> Path:
    return Path(data_dir) / FILE


def _read_file(data_dir) -> dict:
    try:
        return json.loads(_file(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_file(data_dir, values: dict) -> None:
    path = _file(data_dir)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(values, f)
    os.replace(tmp, path)
    os.chmod(path, 0o600)


def get(data_dir, account: str) -> str | None:
    kr = _keyring()
    if kr is not None:
        try:
            return kr.get_password(SERVICE, account)
        except Exception:
            log.warning("the credential store did not answer for a ShopSentry secret")
            return None
    return _read_file(data_dir).get(account)


def put(data_dir, account: str, value: str | None) -> None:
    """Store ``value`` (None or "" removes it)."""
    kr = _keyring()
    if kr is not None:
        if value:
            kr.set_password(SERVICE, account, value)
        else:
            try:
                kr.delete_password(SERVICE, account)
            except Exception:  # nothing stored under that name
                pass
        return
    values = _read_file(data_dir)
    if value:
        values[account] = value
    else:
        values.pop(account, None)
    _write_file(data_dir, values)
