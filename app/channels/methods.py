"""The channel methods of :class:`app.services.Services` (outbox delivery, channel configuration,
previews): a mixin, so callers keep calling ``svc.channel_add(...)`` while services.py stays short."""

from __future__ import annotations

from datetime import datetime


class ChannelMethods:
    """Needs ``store``, ``settings``, ``tz`` and ``risk`` from the class it is mixed into."""

    def deliver(self, now: datetime, notifications, risks=None):
        """Store this evaluation's message for each channel it concerns, then send what is due."""
        from app.channels import service as ch

        with self.store.session() as s:
            if not ch.has_channels(s):
                return []
            # the top orders' deadlines, worked out only when a message names orders
            ch.enqueue(s, notifications, (lambda: self.risk(now)) if risks is None else risks, self.settings,
                       self.tz, now)
        return ch.deliver(self.store, self.store.data_dir, now)

    def retry_outbox(self, now: datetime):
        """The background retry between evaluations (each message waits out its back-off)."""
        from app.channels import service as ch

        with self.store.session() as s:
            if not ch.has_channels(s):
                return []
        return ch.deliver(self.store, self.store.data_dir, now, retry_only=True)

    def channel_add(self, name: str, kind: str, url: str, secret: str | None = None, min_severity: int = 1,
                    quiet: tuple[str, str] | str | None = "keep") -> None:
        """``quiet``: own quiet hours ("HH:MM", "HH:MM"), None for the app's, "keep" as they are."""
        from app.channels import service as ch

        with self.store.session() as s:
            ch.add(s, self.store.data_dir, name, kind, url, secret, min_severity, quiet)

    def channels(self) -> list[dict]:
        from app.channels import service as ch

        with self.store.session() as s:
            return ch.listing(s, self.store.data_dir)

    def channel_remove(self, name: str) -> None:
        from app.channels import service as ch

        with self.store.session() as s:
            ch.remove(s, self.store.data_dir, name)

    def channel_test(self, name: str):
        """Send one test message now; the receiver's answer in words (``.ok``, ``.text``)."""
        from app.channels import service as ch

        with self.store.session() as s:
            return ch.test(s, self.store.data_dir, name)

    def channel_preview(self, kind: str, now: datetime) -> str:
        """The message a channel of ``kind`` would get now, as its app shows it (with the top
        orders' deadlines: a risk evaluation, so call it off the GUI thread)."""
        from app.channels import service as ch

        risks = self.risk(now)
        with self.store.session() as s:
            return ch.preview(s, kind, self.settings, self.tz, now, risks)

    def secrets_backend(self) -> str:
        """'keyring' (the OS credential store) or 'file' (0600 in the data dir, no store here)."""
        from app import secrets

        return secrets.backend()
