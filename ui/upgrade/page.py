"""The page shown while the store's schema is upgraded on opening (数据库升级).

An upgrade of a big store takes tens of seconds (the v5 back-fill: ~25 s at 200,000
rows). It runs on the store thread as part of opening, so the window stays responsive;
this page says what is happening, asks the clerk not to switch the computer off, and
follows the store's ``on_progress(done, total)`` reports (the bar is busy while the
pre-upgrade backup and the working copy are made). A stopped upgrade is safe: it runs on a
copy that replaces the database only once checked (``offline.store.upgrade``), so the file
keeps its older version; it starts over next time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from offline.store.migrations import PendingMigration

Progress = Callable[[int, int], None]
_MIN_INTERVAL_S = 0.05  # at most ~20 progress updates a second reach the GUI thread


def _tr(text: str) -> str:
    return QCoreApplication.translate("UpgradePage", text)


class UpgradePage(QWidget):
    """Title, what is upgraded, and a progress bar (busy until the first report)."""

    def __init__(self, pending: PendingMigration, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("upgradePage")
        self.title = QLabel(_tr("Upgrading the database, do not switch off…"), self)
        self.title.setObjectName("upgradeTitle")
        self.title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel(
            _tr("Database version %1 → %2, %3 applications. This happens once after an update.")
            .replace("%1", str(pending.from_version))
            .replace("%2", str(pending.to_version))
            .replace("%3", f"{pending.rows:,}"),
            self,
        )
        self.detail.setObjectName("upgradeDetail")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("upgradeProgress")
        self.bar.setRange(0, 0)  # busy until the store reports its total
        self.bar.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def set_progress(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` (abstract units from the store)."""
        if total <= 0:
            return
        if self.bar.maximum() != total:
            self.bar.setRange(0, total)
        self.bar.setValue(min(done, total))

    def reporter(self, loop: asyncio.AbstractEventLoop) -> Progress:
        """An ``on_progress`` for the store thread: hands reports to this page on the GUI
        thread through the loop, throttled, never dropping the first or the last."""
        last = [0.0]

        def report(done: int, total: int) -> None:
            now = time.monotonic()
            if done not in (0, total) and now - last[0] < _MIN_INTERVAL_S:
                return
            last[0] = now
            loop.call_soon_threadsafe(self._deliver, done, total)

        return report

    def _deliver(self, done: int, total: int) -> None:
        import shiboken6

        if shiboken6.isValid(self):
            self.set_progress(done, total)
