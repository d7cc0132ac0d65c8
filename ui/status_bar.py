"""The sync status bar: honest about what has and has not reached the platform.

It follows the sync engine's :class:`sync.status.StatusBoard` (plain callbacks on the
loop thread) and shows: online/offline, pending actions, age of the oldest pending one,
last successful sync, conflicts/refusals, a progress bar during a run, a warning when the
computer clock is more than ten minutes from the platform's, and a "同步/Sync now" button.
It says "synced" only when the engine's snapshot is settled — never while anything is
pending. Ages are re-rendered every few seconds by a timer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from offline.domain.clock import TZ, now_utc
from sync.diagnosis import low_disk_warning
from sync.status import Phase, SyncStatus
from ui import i18n
from ui.icons import icon

REFRESH_MS = 5000


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncStatusBar", text)


def human_age(seconds: float) -> str:
    """'3 min', '2 h 5 min', '4 d' — coarse on purpose."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return _tr("<1 min")
    if minutes < 60:
        return _tr("%n min").replace("%n", str(minutes))
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return _tr("%1 h %2 min").replace("%1", str(hours)).replace("%2", str(minutes))
    return _tr("%n d").replace("%n", str(hours // 24))


def headline(status: SyncStatus) -> str:
    """One honest phrase for the state; 'synced' only when settled."""
    if status.running:
        return {
            Phase.probing: _tr("Connecting…"),
            Phase.uploading: _tr("Uploading attachments…"),
            Phase.pushing: _tr("Sending…"),
            Phase.pulling: _tr("Receiving…"),
            Phase.resyncing: _tr("Full resync…"),
            Phase.refreshing: _tr("Updating catalog…"),
        }.get(status.phase, _tr("Syncing…"))
    if status.settled:
        return _tr("All synced")
    if status.pending:
        return _tr("Not yet synced")
    if status.last_error is not None:
        return _tr("Sync problem")
    return _tr("Not synced yet")


class SyncStatusBar(QStatusBar):
    """A QStatusBar showing one :class:`SyncStatus` snapshot at a time."""

    syncRequested = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        now: Callable[[], datetime] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatusBar")
        self._now = now or now_utc
        self._monotonic = monotonic
        self.status = SyncStatus()
        self.disk_folder: Path | None = None
        self.connection = QLabel(self)
        self.connection.setObjectName("connectionLabel")
        self.state = QLabel(self)
        self.state.setObjectName("stateLabel")
        self.pending = QLabel(self)
        self.pending.setObjectName("pendingLabel")
        self.last_success = QLabel(self)
        self.last_success.setObjectName("lastSuccessLabel")
        self.conflicts = QLabel(self)
        self.conflicts.setObjectName("conflictsLabel")
        self.clock = QLabel(self)
        self.clock.setObjectName("clockLabel")
        self.clock.setStyleSheet("color: #c62828; font-weight: bold;")
        self.clock.hide()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("syncProgress")
        self.progress.setMaximumWidth(140)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.sync_button = QPushButton(_tr("Sync now"), self)
        self.sync_button.setObjectName("syncNowButton")
        self.sync_button.setToolTip(_tr("Send and receive now (F5)"))
        self.sync_button.clicked.connect(self.syncRequested)
        for widget in (
            self.clock,
            self.connection,
            self.state,
            self.pending,
            self.conflicts,
            self.last_success,
            self.progress,
        ):
            self.addPermanentWidget(widget)
        self.addPermanentWidget(self.sync_button)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._render)
        self._timer.start()
        self._render()

    def watch_disk(self, folder: Path) -> None:
        """Warn while the disk holding `folder` (the profile) is running out of room."""
        self.disk_folder = folder
        self._render()

    def show_status(self, status: SyncStatus) -> None:
        """Listener for the status board (runs on the loop = GUI thread)."""
        self.status = status
        self._render()

    def _render(self) -> None:
        s, now = self.status, self._now()
        online = bool(s.online)
        self.connection.setPixmap(icon("online" if online else "offline").pixmap(12, 12))
        self.connection.setText("")
        self.connection.setToolTip(_tr("Online") if online else _tr("Offline"))
        conn_text = _tr("Online") if online else _tr("Offline")
        if s.online is None:
            conn_text = _tr("Not connected yet")
        self.state.setText(f"{conn_text} · {headline(s)}")
        if s.pending:
            age = s.oldest_pending_age(now)
            pending = _tr("%n pending").replace("%n", str(s.pending))
            if age is not None:
                pending += " · " + _tr("oldest %1").replace("%1", human_age(age))
            self.pending.setText(pending)
            self.pending.setStyleSheet("color: #b26a00; font-weight: bold;")
        else:
            self.pending.setText(_tr("Nothing pending"))
            self.pending.setStyleSheet("")
        problems = s.conflicts + s.rejected
        self.conflicts.setVisible(problems > 0)
        self.conflicts.setText(
            _tr("%1 conflicts, %2 refused")
            .replace("%1", str(s.conflicts))
            .replace("%2", str(s.rejected))
        )
        self.conflicts.setStyleSheet("color: #c62828; font-weight: bold;" if problems else "")
        if s.last_success_at is not None:
            local = s.last_success_at.astimezone(TZ)
            stamp = (
                local.strftime("%H:%M")
                if local.date() == now.astimezone(TZ).date()
                else local.strftime("%m-%d %H:%M")
            )
            self.last_success.setText(_tr("Last sync %1").replace("%1", stamp))
        else:
            self.last_success.setText(_tr("Never synced"))
        self.progress.setVisible(s.running)
        if s.running:
            self.progress.setRange(0, max(0, s.progress_total))
            self.progress.setValue(min(s.progress_done, s.progress_total))
        self.sync_button.setEnabled(not s.running)
        self._render_clock(now)
        message = s.last_error.text(i18n.current_language()) if s.last_error else ""
        warnings = list(s.warnings)
        low_disk = low_disk_warning(self.disk_folder) if self.disk_folder else None
        if low_disk is not None:
            warnings.append(low_disk)
        if warnings:
            message = " ".join(
                [message, *(w.text(i18n.current_language()) for w in warnings)]
            ).strip()
        self.showMessage(message)

    def _render_clock(self, now: datetime) -> None:
        """Warn while the computer clock is more than ten minutes from the platform's time
        (its last response plus the monotonic time since): receipts carry the date."""
        seen = self.status.server_time
        drifting = seen is not None and seen.drifting(now, self._monotonic())
        self.clock.setVisible(drifting)
        if seen is None or not drifting:
            self.clock.clear()
            return
        drift = seen.drift(now, self._monotonic()).total_seconds()
        text = (
            _tr("Computer clock is %1 ahead of the platform: please correct it")
            if drift > 0
            else _tr("Computer clock is %1 behind the platform: please correct it")
        )
        self.clock.setText(text.replace("%1", human_age(abs(drift))))

    def summary(self) -> str:
        """Everything the bar says, as one string (for tests and accessibility)."""
        parts = [self.state.text(), self.pending.text()]
        if self.clock.isVisible() or self.clock.text():
            parts.insert(0, self.clock.text())
        if self.conflicts.isVisible() or (self.status.conflicts + self.status.rejected):
            parts.append(self.conflicts.text())
        parts.append(self.last_success.text())
        return " | ".join(parts)
