"""The "Backup and restore" dialog (备份与恢复).

Lists the verified backups (time, size, verified), shows the last scheduled result, takes
a backup now, edits the schedule (supervisor: retention, daily time, folder, second backup
place), prints a new recovery sheet (supervisor; :mod:`ui.backup.recovery_sheet`) and
starts a restore (supervisor only; warning and typed confirmation in
:mod:`ui.backup.confirm`).
The backup runs on a worker thread with its own connection to the store file; the
pending count and checking a backup with the key run on the store's thread
(:mod:`ui.ops`); the restore itself is handed to the ``restore`` coroutine the app
provides, which closes the store first (see :mod:`ui.backup.restore`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from offline.backup_schedule import (
    MAX_KEEP,
    BackupFile,
    BackupRefused,
    list_backups,
    load_state,
    next_seq,
)
from offline.domain.clock import TZ, now_utc
from offline.store import recovery
from offline.store.backup import RestoreResult
from sync.store_thread import StoreThread
from ui import i18n, ops
from ui.backup.confirm import RestoreConfirmDialog
from ui.backup.model import RestorePlan, RestoreRefused, check_role, plan_restore, policy_for
from ui.backup.model import profile_key as load_profile_key
from ui.backup.recovery_sheet import save_sheet
from ui.backup.timer import backup_in_background
from ui.profile import Profile
from ui.settings import model
from ui.settings.model import Editor, SettingsRefused

RestoreFn = Callable[[RestorePlan, str], Coroutine[Any, Any, RestoreResult]]


def _tr(text: str) -> str:
    return QCoreApplication.translate("BackupDialog", text)


def choose_folder(parent: QWidget, start: str) -> str:
    """Ask for a folder (a modal file dialog; monkeypatched in tests)."""
    return QFileDialog.getExistingDirectory(parent, _tr("Backup folder"), start)


def choose_sheet_file(parent: QWidget, start: str) -> str:
    """Ask where to save the recovery sheet PDF (a modal file dialog; monkeypatched in tests)."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, _tr("Save recovery sheet"), start, "PDF (*.pdf)"
    )
    return path


def _explain(exc: BaseException, lang: str) -> str:
    message = getattr(exc, "message", None)
    if callable(message):
        return str(message(lang))
    return _tr("Unexpected error: %1").replace("%1", type(exc).__name__)


class BackupDialog(QDialog):
    """Backups of one profile; ``restored(result)`` after a successful restore."""

    restored = Signal(object)
    backedUp = Signal(object)  # BackupFile of a backup taken from this dialog (audit log)

    def __init__(
        self,
        profile: Profile,
        store: StoreThread[Any],
        role: str | None,
        *,
        restore: RestoreFn | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle(_tr("Backup and restore"))
        self.resize(640, 480)
        self.profile = profile
        self.store = store
        self.role = role
        self.restore_fn = restore
        self.lang = i18n.current_language()
        self.settings = model.load(profile)
        self.confirm_dialog: RestoreConfirmDialog | None = None
        self._restoring: RestorePlan | None = None
        self._restore_task: asyncio.Task[RestoreResult] | None = None
        self.backups: list[BackupFile] = []
        self._build()
        self.refresh()

    # --- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self.status = QLabel("", self)
        self.status.setObjectName("backupStatus")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels([_tr("Taken at"), _tr("Size"), _tr("Verified")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.backup_button = QPushButton(_tr("Back up now"), self)
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(_tr("Restore from backup…"), self)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self.start_restore)
        self.restore_button.setEnabled(False)
        if self.role != "supervisor":
            self.restore_button.setToolTip(_tr("Only a supervisor may restore from a backup."))
        self.sheet_button = QPushButton(_tr("Print recovery sheet…"), self)
        self.sheet_button.setObjectName("recoverySheetButton")
        self.sheet_button.clicked.connect(self.print_recovery_sheet)
        self.sheet_button.setEnabled(self.role == "supervisor")
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.sheet_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        prefs = self.settings.prefs
        self.keep = QSpinBox(self)
        self.keep.setObjectName("backupKeep")
        self.keep.setRange(1, MAX_KEEP)
        self.keep.setValue(prefs.backup_keep)
        self.daily_at = QLineEdit(prefs.backup_time, self)
        self.daily_at.setObjectName("backupTime")
        self.daily_at.setPlaceholderText("12:10")
        folder_box = QWidget(self)
        folder_row = QHBoxLayout(folder_box)
        folder_row.setContentsMargins(0, 0, 0, 0)
        self.folder = QLineEdit(prefs.backup_folder, folder_box)
        self.folder.setObjectName("backupFolder")
        self.folder.setPlaceholderText(str(self.profile.backup_dir))
        browse = QPushButton(_tr("Browse…"), folder_box)
        browse.setObjectName("backupBrowse")
        browse.clicked.connect(self._browse)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.mirror = QLineEdit(prefs.backup_mirror, self)
        self.mirror.setObjectName("backupMirror")
        self.mirror.setPlaceholderText(_tr("USB drive or network share (optional)"))
        self.save_button = QPushButton(_tr("Save schedule"), self)
        self.save_button.setObjectName("saveSchedule")
        self.save_button.clicked.connect(self.save_schedule)
        form = QFormLayout()
        form.addRow(_tr("Backups to keep"), self.keep)
        form.addRow(_tr("Daily backup at"), self.daily_at)
        form.addRow(_tr("Backup folder"), folder_box)
        form.addRow(_tr("Second backup place"), self.mirror)
        form.addRow("", self.save_button)
        if self.role != "supervisor":
            for widget in (self.keep, self.daily_at, folder_box, self.mirror, self.save_button):
                widget.setEnabled(False)
        self.message = QLabel("", self)
        self.message.setObjectName("backupMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Why greyed buttons are greyed, in words (as the settings dialog does).
        self.role_note = QLabel("", self)
        self.role_note.setObjectName("backupRoleNote")
        self.role_note.setWordWrap(True)
        if self.role != "supervisor":
            self.role_note.setText(
                _tr(
                    "Anyone may back up now. Restoring a backup, the recovery sheet and the "
                    "schedule are for a supervisor (窗口负责人): ask one to sign in."
                )
            )
        self.role_note.setVisible(self.role != "supervisor")
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.role_note)
        layout.addLayout(form)
        layout.addWidget(self.message)

    # --- showing -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the folder and the last result (a few small files; no database)."""
        try:
            policy = policy_for(self.profile, self.settings.prefs)
            self.backups = list_backups(policy.folder)
        except (BackupRefused, OSError):
            self.backups = []
        locale = QLocale()
        self.table.setRowCount(len(self.backups))
        for row, item in enumerate(self.backups):
            cells = (
                item.taken_at.astimezone(TZ).strftime("%Y-%m-%d %H:%M:%S"),
                locale.formattedDataSize(item.size),
                _tr("yes") if item.verified else _tr("no"),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.status.setText(self._status_text())
        self._selection_changed()

    def _status_text(self) -> str:
        state = load_state(self.profile.backup_state_path)
        parts = []
        if state.success is not None:
            when = state.success.astimezone(TZ).strftime("%Y-%m-%d %H:%M")
            parts.append(_tr("Last backup: %1").replace("%1", when))
        else:
            parts.append(_tr("No backup has been taken yet."))
        if state.failed_last:
            error = state.last_error_zh if self.lang.startswith("zh") else state.last_error_en
            parts.append(_tr("Last attempt failed: %1").replace("%1", error or ""))
        warning = state.mirror_warning_zh if self.lang.startswith("zh") else state.mirror_warning_en
        if warning:
            parts.append(warning)
        try:
            sheet = recovery.current_recovery_id(self.profile.root, load_profile_key(self.profile))
        except Exception:  # no keyring here: the dialog still lists the files
            sheet = None
        if sheet is None:
            parts.append(
                _tr("No recovery key: if this computer is lost, its backups cannot be opened.")
            )
        else:
            parts.append(_tr("Recovery sheet in use: %1").replace("%1", sheet))
        return "\n".join(parts)

    def selected(self) -> BackupFile | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.backups):
            return None
        return self.backups[rows[0].row()]

    def _selection_changed(self) -> None:
        allowed = self.role == "supervisor" and self.restore_fn is not None
        self.restore_button.setEnabled(allowed and self.selected() is not None)

    def _say(self, text: str) -> None:
        self.message.setText(text)

    # --- actions -----------------------------------------------------------------------
    def back_up_now(self) -> None:
        self.backup_button.setEnabled(False)
        self._say(_tr("Backing up…"))
        profile, prefs = self.profile, self.settings.prefs
        ops.network_op(lambda: backup_in_background(profile, prefs), self).success(
            self._backed_up
        ).failure(self._backup_failed).run_in_background()

    def _backed_up(self, made: BackupFile) -> None:
        self.backup_button.setEnabled(True)
        self.refresh()
        self._say(_tr("Backup written and verified: %1").replace("%1", made.path.name))
        self.backedUp.emit(made)

    def _backup_failed(self, exc: BaseException) -> None:
        self.backup_button.setEnabled(True)
        self.refresh()
        self._say(_explain(exc, self.lang))

    def _browse(self) -> None:
        path = choose_folder(self, self.folder.text() or str(self.profile.backup_dir))
        if path:
            self.folder.setText(path)

    def save_schedule(self) -> bool:
        changes = {
            "backup_keep": self.keep.value(),
            "backup_time": self.daily_at.text(),
            "backup_folder": self.folder.text(),
            "backup_mirror": self.mirror.text(),
        }
        editor = Editor(self.role, registered=True)
        try:
            after = model.check(self.settings, changes, editor)
        except SettingsRefused as refused:
            self._say(refused.message(self.lang) + "\n" + _tr("Nothing was saved."))
            return False
        model.save(self.profile, self.settings, after)
        self.settings = after
        self.daily_at.setText(after.prefs.backup_time)
        self.refresh()
        self._say(_tr("Backup schedule saved."))
        return True

    def print_recovery_sheet(self) -> Path | None:
        """Supervisor: make a NEW recovery key and save its sheet as a PDF to print. The
        code exists only on that sheet; backups from now on carry the new wrapped key."""
        if self.role != "supervisor":
            self._say(_tr("Only a supervisor may set up the recovery key."))
            return None
        start = str(Path.home() / "counterdesk-recovery-sheet.pdf")
        chosen = choose_sheet_file(self, start)
        if not chosen:
            return None
        registration = self.profile.load_registration()
        try:
            key = load_profile_key(self.profile)
            code = recovery.set_up(
                self.profile.root, key, device_id=registration.device_id, now=now_utc()
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
            self._say(_explain(exc, self.lang))
            return None
        self.refresh()
        self._say(
            _tr(
                "New recovery key set up (sheet %1). Print %2, keep the sheet in the office "
                "safe, then delete the file. Older backups still need the previous sheet."
            )
            .replace("%1", code.recovery_id)
            .replace("%2", str(path))
        )
        return path

    def start_restore(self) -> None:
        """Check role and backup on the store thread, then ask for confirmation."""
        chosen = self.selected()
        try:
            check_role(self.role)
        except RestoreRefused as exc:
            self._say(exc.message(self.lang))
            return
        if chosen is None:
            return
        role, profile, source = self.role, self.profile, chosen.path

        def prepare(store: Any) -> RestorePlan:
            pending = int(store.sync_counts()["pending"])
            current = next_seq(store.conn)
            return plan_restore(role, source, load_profile_key(profile), pending, current)

        self.restore_button.setEnabled(False)
        ops.query_op(self.store, prepare, parent=self).success(self._ask).failure(
            self._restore_failed
        ).run_in_background()

    def _ask(self, plan: RestorePlan) -> None:
        self._selection_changed()
        dialog = RestoreConfirmDialog(plan, self)
        dialog.confirmed.connect(lambda typed: self.run_restore(plan, typed))
        self.confirm_dialog = dialog
        dialog.open()

    def run_restore(self, plan: RestorePlan, typed: str) -> None:
        """Run the app's restore coroutine as a plain task, NOT a ``ui.ops`` op: the
        restore shuts the controller down, which drains every ops task and would wait for
        itself."""
        if self.restore_fn is None:
            return
        self._restoring = plan
        self.setEnabled(False)
        self._say(_tr("Restoring…"))
        task: asyncio.Task[RestoreResult] = asyncio.get_running_loop().create_task(
            self.restore_fn(plan, typed)
        )
        self._restore_task = task
        task.add_done_callback(self._restore_done)

    def _restore_done(self, task: asyncio.Task[RestoreResult]) -> None:
        if task.cancelled() or not shiboken6.isValid(self):
            return
        exc = task.exception()
        if exc is not None:
            self._restore_failed(exc)
        else:
            self._restored(task.result())

    def _restored(self, result: RestoreResult) -> None:
        aside = str(result.replaced_aside or "")
        self._say(
            _tr("Restored from %1. The replaced database was kept as %2.")
            .replace("%1", self._restoring.source.name if self._restoring else "")
            .replace("%2", aside)
        )
        self.restored.emit(result)

    def _restore_failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self._selection_changed()
        self._say(_explain(exc, self.lang))
