"""Recovery on the first-run page: restore a lost computer's backup, print the sheet.

A new computer starts at the first-run page with an empty store. Two actions live there:

- "Restore a backup with the recovery sheet…" (:class:`RecoveryRestoreDialog`): the
  backup file (with its ``.recovery`` file beside it) and the code typed from the sheet.
  The code and the backup are checked first, with the app still running: a wrong code or
  a damaged file changes nothing. Only then the app closes its store and
  ``offline.store.recovery.restore_with_code`` installs the backup, re-encrypted with this
  computer's key; CounterDesk then closes and opens the restored store at the next start.
  The restored store keeps the old computer's device identity, which the report names:
  registering this computer in its place is the "replace terminal" step.
- After a supervisor registered the computer, "Print recovery sheet…" sets up the
  office's recovery key (:mod:`ui.backup.recovery_sheet`).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from offline.domain.clock import now_utc
from offline.store import recovery
from offline.store.recovery import RecoveredStore
from ui import i18n
from ui.backup import dialog as backup_dialog
from ui.backup.model import profile_key
from ui.backup.recovery_sheet import save_sheet

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecoveryRestoreDialog", text)


def choose_backup_file(parent: QWidget, start: str) -> str:
    """Ask for a backup file (a modal file dialog; monkeypatched in tests)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, _tr("Choose a backup"), start, "CounterDesk backup (*.db)"
    )
    return path


def _explain(exc: BaseException, lang: str) -> str:
    message = getattr(exc, "message", None)
    if callable(message):
        return str(message(lang))
    return _tr("Unexpected error: %1").replace("%1", type(exc).__name__)


class RecoveryRestoreDialog(QDialog):
    """Backup file + recovery code; emits ``submitted(path, code)``."""

    submitted = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryRestoreDialog")
        self.setWindowTitle(_tr("Restore a backup with the recovery sheet"))
        hint = QLabel(
            _tr(
                "Use this on a new computer when the old one is lost or broken. Copy the "
                "backup file together with its .recovery file, then type the code from the "
                "recovery sheet."
            ),
            self,
        )
        hint.setWordWrap(True)
        self.file = QLineEdit(self)
        self.file.setObjectName("recoveryBackupFile")
        browse = QPushButton(_tr("Browse…"), self)
        browse.setObjectName("recoveryBrowse")
        browse.clicked.connect(self._browse)
        self.code = QLineEdit(self)
        self.code.setObjectName("recoveryCode")
        self.code.setPlaceholderText("ABCD-EFGH-…")
        self.message = QLabel("", self)
        self.message.setObjectName("recoveryMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore = QPushButton(_tr("Restore"), self)
        self.restore.setObjectName("recoveryRestoreButton")
        self.buttons.addButton(self.restore, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_tr("Backup file"), self.file)
        form.addRow("", browse)
        form.addRow(_tr("Recovery code"), self.code)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        path = choose_backup_file(self, self.file.text() or str(Path.home()))
        if path:
            self.file.setText(path)

    def _submit(self) -> None:
        self.submitted.emit(self.file.text().strip(), self.code.text())

    def set_busy(self, busy: bool) -> None:
        self.restore.setEnabled(not busy)

    def show_error(self, text: str) -> None:
        self.message.setText(text)


class FirstRunRecovery:
    """Wires the first-run page's recovery actions to one app controller."""

    def __init__(self, controller: Any) -> None:
        self.controller = controller
        self.window = controller.window
        self.profile = controller.profile
        self.lang = i18n.current_language()
        self.dialog: RecoveryRestoreDialog | None = None
        self.notice: QMessageBox | None = None
        self.task: asyncio.Task[RecoveredStore] | None = None
        page = self.window.first_run
        page.restoreRequested.connect(self.open_restore)
        page.recoverySheetRequested.connect(self.print_sheet)

    # --- restore on a new computer ---------------------------------------------------------
    def open_restore(self) -> RecoveryRestoreDialog:
        dialog = RecoveryRestoreDialog(self.window)
        dialog.submitted.connect(self.start_restore)
        self.dialog = dialog
        dialog.open()
        return dialog

    def start_restore(self, path: str, code: str) -> None:
        if self.dialog is None:
            return
        self.dialog.set_busy(True)
        self.dialog.show_error(_tr("Checking the backup…"))
        task = asyncio.get_running_loop().create_task(self.restore(Path(path), code))
        self.task = task
        task.add_done_callback(self._done)

    async def restore(self, source: Path, code: str) -> RecoveredStore:
        """Check with the app still running, then close the store and install the backup."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, recovery.check_backup, code, source)
        await self.controller.shutdown()
        profile = self.profile

        def install() -> RecoveredStore:
            return recovery.restore_with_code(
                code,
                source,
                profile.name,
                profile.root.parent.parent,
                replace_newer=True,  # this computer's store is the empty one of first run
                now=now_utc(),
            )

        return await loop.run_in_executor(None, install)

    def _done(self, task: asyncio.Task[RecoveredStore]) -> None:
        if task.cancelled() or self.dialog is None:
            return
        exc = task.exception()
        if exc is not None:
            self.dialog.set_busy(False)
            self.dialog.show_error(_explain(exc, self.lang))
            return
        result = task.result()
        log.info("backup restored with the recovery code; the app closes")
        self.dialog.accept()
        box = QMessageBox(self.window)
        box.setObjectName("recoveryNotice")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(_tr("CounterDesk"))
        box.setText(
            _tr(
                "The backup was restored and re-encrypted with this computer's key. It "
                "belongs to terminal %1 (device %2): a supervisor registers this computer "
                "in its place before work starts. CounterDesk closes now; start it again."
            )
            .replace("%1", result.terminal_code or "-")
            .replace("%2", result.device_id)
        )
        box.finished.connect(self.window.close)
        self.notice = box
        box.open()

    # --- the sheet, right after a supervisor registered the computer ------------------------
    def print_sheet(self) -> Path | None:
        page = self.window.first_run
        start = str(Path.home() / "counterdesk-recovery-sheet.pdf")
        chosen = backup_dialog.choose_sheet_file(self.window, start)
        if not chosen:
            return None
        registration = self.profile.load_registration()
        try:
            code = recovery.set_up(
                self.profile.root,
                profile_key(self.profile),
                device_id=registration.device_id,
                now=now_utc(),
            )
            path = save_sheet(
                Path(chosen),
                code,
                profile=self.profile.name,
                office=f"{registration.office_name} {registration.office_code}".strip(),
                device_id=registration.device_id,
                made_at=now_utc(),
            )
        except Exception as exc:
            page.show_recovery_message(_explain(exc, self.lang))
            return None
        page.show_recovery_message(
            _tr(
                "Recovery sheet %1 saved as %2. Print it, keep it in the office safe, then "
                "delete the file."
            )
            .replace("%1", code.recovery_id)
            .replace("%2", str(path))
        )
        return path


def install_first_run_recovery(controller: Any) -> FirstRunRecovery:
    """Connect the first-run page's recovery actions for ``controller``."""
    return FirstRunRecovery(controller)
