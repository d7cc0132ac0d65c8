"""Wire the Tools menu (settings, backup and restore) and the backup timer to the app.

One call, at the end of ``AppController.__init__``::

    from ui.settings.install import install_tools
    self.tools = install_tools(self)

It enables the menu entries, starts the daily-backup timer once the store is open
(``controller.ready``), applies saved settings live after the dialog saves them, and runs
an in-app restore by shutting the controller down and closing the window afterwards.
Who is asking is read from the controller: the signed-in workspace's user when the
workspace is on screen, nobody (None) on the sign-in, lock or setup pages.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMessageBox

from offline.store.backup import RestoreResult
from ui import session_events
from ui.backup.dialog import BackupDialog
from ui.backup.model import RestorePlan
from ui.backup.restore import restore_in_app
from ui.backup.timer import BackupTimer
from ui.settings import live, model
from ui.settings.dialog import SettingsDialog
from ui.settings.model import Editor, Settings
from ui.settings.office_legal import read_office

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Tools", text)


class Tools(QObject):
    """The Tools menu's dialogs and the backup timer of one running app."""

    def __init__(self, controller: Any) -> None:
        super().__init__(controller)
        self.controller = controller
        self.window = controller.window
        self.profile = controller.profile
        live.set_current(model.load(self.profile).prefs)
        self.settings_dialog: SettingsDialog | None = None
        self.backup_dialog: BackupDialog | None = None
        self.notice: QMessageBox | None = None
        self.timer = BackupTimer(
            self.profile, lambda: controller.store, live.current_preferences, self
        )
        controller.ready.connect(self.timer.start)
        self.timer.finished.connect(self._scheduled_backup_done)
        self.window.closing.connect(self.timer.stop)
        self.window.settings_action.triggered.connect(self.open_settings)
        self.window.backup_action.triggered.connect(self.open_backup)
        self.window.tools.installed = True
        self.window.tools.update(self.window.signed_in)

    def role(self) -> str | None:
        """The role of the user whose workspace is on screen (None when locked/signed out)."""
        current = self.controller.current
        if current is None or not self.window.signed_in:
            return None
        if self.window.pages.currentWidget() is not current:
            return None
        return str(current.ctx.user.role)

    # --- settings ------------------------------------------------------------------------
    def open_settings(self) -> SettingsDialog:
        # before the store has opened the controller cannot tell yet: the file can
        registered = self.controller.registered or self.profile.load_registration().complete
        editor = Editor(self.role(), registered=bool(registered))
        office = read_office(self.controller.store)
        dialog = SettingsDialog(self.profile, editor, self.window, office)
        dialog.saved.connect(self._settings_saved)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def _who(self) -> dict[str, Any]:
        """Who acts, for the audit log: the user on screen, or nobody signed in."""
        current = self.controller.current
        if current is None or self.role() is None:
            return {"username": "-", "user_id": None, "role": None}
        user = current.ctx.user
        return {"username": user.username, "user_id": user.user_id, "role": user.role}

    def _audit(self, event: str, **detail: Any) -> None:
        session_events.note_soon(self.controller.store, event, detail=detail, **self._who())

    def _settings_saved(self, before: Settings, after: Settings) -> None:
        # names only: values (a proxy address with a password) stay out of the audit log
        changed = model.changed_fields(before, after)
        if changed:
            self._audit("settings_changed", fields=changed)
        live.apply_to(self.controller, after, before)
        if model.needs_restart(before, after):
            self._notify(
                _tr(
                    "Saved. Language, platform address, proxy and CA bundle changes take "
                    "effect when CounterDesk starts again."
                )
            )

    # --- backup --------------------------------------------------------------------------
    def open_backup(self) -> BackupDialog | None:
        store = self.controller.store
        if store is None:
            return None
        role = self.role()

        async def restore(plan: RestorePlan, typed: str) -> RestoreResult:
            self.timer.stop()
            who = self._who()
            result = await restore_in_app(self.controller, role, plan, typed)
            detail = {"backup": plan.source.name, "audit_entries": result.audit_entries}
            profile = self.profile
            await asyncio.get_running_loop().run_in_executor(
                None,
                session_events.record_restore,
                profile.name,
                profile.root.parent.parent,
                who,
                detail,
            )
            return result

        dialog = BackupDialog(self.profile, store, role, restore=restore, parent=self.window)
        dialog.restored.connect(self._restored)
        dialog.backedUp.connect(lambda made: self._audit("backup_made", **_backup_detail(made)))
        self.backup_dialog = dialog
        dialog.open()
        return dialog

    def _scheduled_backup_done(self, ok: bool, _zh: str, _en: str) -> None:
        self._audit("backup_made", scheduled=True, ok=ok)

    def _restored(self, result: RestoreResult) -> None:
        log.info("store restored from a backup; the app closes")
        box = self._notify(
            _tr(
                "The backup was restored. The replaced database was kept as %1. "
                "CounterDesk closes now; start it again."
            ).replace("%1", str(result.replaced_aside or ""))
        )
        box.finished.connect(self.window.close)

    def _notify(self, text: str) -> QMessageBox:
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(_tr("CounterDesk"))
        box.setText(text)
        box.setObjectName("toolsNotice")
        self.notice = box
        box.open()
        return box


def _backup_detail(made: Any) -> dict[str, Any]:
    return {"scheduled": False, "ok": True, "file": made.path.name, "verified": made.verified}


def install_tools(controller: Any) -> Tools:
    """Enable Tools → Settings / Backup and restore and the daily backup for ``controller``."""
    return Tools(controller)
