"""Who uses this PC, for :class:`app.services.Services` (a mixin): the staff name typed once, and
the identity per-person state belongs to when no name is set (app.localconf.person)."""

from __future__ import annotations


class StaffMethods:
    """Needs ``store`` from the class it is mixed into."""

    @property
    def staff(self) -> str | None:
        """The staff name of whoever uses this PC (Settings → 共享数据库), None until set."""
        return self.store.staff

    @property
    def person(self) -> str:
        """Whom this PC's notifications, acknowledgements, snoozes and digest belong to: the staff
        name, else this install's own identity (each PC is someone even before a name is set)."""
        return self.store.person

    def set_staff_name(self, name: str | None) -> None:
        from app import localconf
        from app.alerts.staff import carry

        name = (name or "").strip()[:32] or None
        localconf.write(self.store.data_dir, staff_name=name)
        before, self.store.staff = self.store.person, name
        self.store.person = localconf.person(self.store.data_dir, name)
        if before != self.store.person and localconf.is_install(before):
            with self.store.session() as s:  # what this PC saw and put aside before it had a name
                carry(s, before, self.store.person)
