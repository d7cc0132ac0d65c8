"""The way back from a store that will not open: "Restore from a backup…" on the sign-in page.

Shown when the store is damaged, its key is missing or does not match. Nobody can sign in
to such a store, so the restore is authorised by a supervisor's password (checked against
the backup) or by the office's recovery key. The work runs off the GUI thread; the report
says in plain words what came back and what must be entered again. The damaged file is
kept aside (see :mod:`offline.store.damaged_restore`).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from offline.domain.clock import now_utc
from offline.store import damaged_restore
from offline.store.damaged_restore import RestoreReport
from offline.store.errors import StoreError
from ui import i18n, ops

log = logging.getLogger(__name__)
RECOVERABLE = ("database_corrupt", "key_missing", "wrong_key")


def _tr(text: str) -> str:
    return QCoreApplication.translate("DamagedRestoreDialog", text)


def choose_file(parent: QWidget) -> str:
    """Ask for a backup file (a modal dialog; tests replace it)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, _tr("Choose a backup"), "", "CounterDesk backup (*.db)"
    )
    return path


class DamagedRestoreDialog(QDialog):
    """Pick a backup, authorise, restore; `restored(report)` fires on success."""

    restored = Signal(object)

    def __init__(self, profile: str, data_dir: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("damagedRestoreDialog")
        self.setWindowTitle(_tr("Restore from a backup"))
        self.setMinimumWidth(560)
        self.profile, self.data_dir = profile, data_dir
        self.backups = QComboBox(self)
        self.backups.setObjectName("backupChoice")
        for found in damaged_restore.candidates(profile, data_dir):
            taken = found.taken_at.strftime("%Y-%m-%d %H:%M")
            self.backups.addItem(f"{taken}  {found.path}", str(found.path))
        self.other = QPushButton(_tr("Other file…"), self)
        self.other.clicked.connect(self._choose_other)
        self.ways = QTabWidget(self)
        self.username = QLineEdit(self)
        self.username.setObjectName("supervisorUsername")
        self.password = QLineEdit(self)
        self.password.setObjectName("supervisorPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        by_supervisor = QWidget(self)
        form = QFormLayout(by_supervisor)
        form.addRow(_tr("Supervisor user name"), self.username)
        form.addRow(_tr("Password"), self.password)
        self.code = QLineEdit(self)
        self.code.setObjectName("recoveryCode")
        self.code.setPlaceholderText("XXXX-XXXX-…")
        by_code = QWidget(self)
        QFormLayout(by_code).addRow(_tr("Recovery code"), self.code)
        self.ways.addTab(by_supervisor, _tr("Supervisor's password"))
        self.ways.addTab(by_code, _tr("Recovery key"))
        self.message = QLabel(
            _tr(
                "The damaged file is kept beside the store, renamed; nothing is deleted. "
                "Work that reached the platform comes back with the next sync."
            ),
            self,
        )
        self.message.setObjectName("restoreMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore = self.buttons.addButton(
            _tr("Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore.setObjectName("restoreButton")
        self.buttons.rejected.connect(self.reject)
        self.restore.clicked.connect(self.start_restore)
        layout = QVBoxLayout(self)
        row = QFormLayout()
        row.addRow(_tr("Backup"), self.backups)
        layout.addLayout(row)
        layout.addWidget(self.other)
        layout.addWidget(self.ways)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.report: RestoreReport | None = None

    def _choose_other(self) -> None:
        path = choose_file(self)
        if path:
            self.backups.insertItem(0, path, path)
            self.backups.setCurrentIndex(0)

    def start_restore(self) -> None:
        source = self.backups.currentData()
        if not source:
            self.message.setText(_tr("Choose a backup first."))
            return
        by_code = self.ways.currentIndex() == 1
        supervisor = None if by_code else (self.username.text().strip(), self.password.text())
        code = self.code.text() if by_code else None
        profile, data_dir = self.profile, self.data_dir

        async def run() -> RestoreReport:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(
                None,
                lambda: damaged_restore.restore_damaged(
                    profile,
                    Path(source),
                    now=now_utc(),
                    data_dir=data_dir,
                    supervisor=supervisor,
                    recovery_code=code,
                ),
            )

        self.restore.setEnabled(False)
        self.message.setText(_tr("Restoring…"))
        ops.network_op(run, self).success(self._done).failure(self._failed).run_in_background()

    def _done(self, report: RestoreReport) -> None:
        self.report = report
        zh, en = report.describe()
        self.message.setText(zh if i18n.current_language().startswith("zh") else en)
        self.restore.setEnabled(False)
        self.restored.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.restore.setEnabled(True)
        if isinstance(exc, StoreError):
            self.message.setText(exc.message(i18n.current_language()))
            log.info("restore refused: %s", exc.code)
            return
        log.error("restore failed", exc_info=exc)
        self.message.setText(_tr("The restore failed; nothing was changed. See the log."))
