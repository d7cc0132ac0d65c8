"""Drafts (草稿) saved as the clerk types, so a crash or power cut loses nothing.

Every edit restarts a short timer; when the clerk pauses, the whole wizard state goes to
the store's drafts table (per user) in one small transaction on the store thread. A
draft is deleted in the same transaction that records the finished intake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ui.intake.backend import IntakeBackend
from ui.intake.runner import ThreadRunner

DEBOUNCE_MS = 600


class DraftSaver(QObject):
    """Debounced draft writes; ``saved`` fires after each one committed."""

    saved = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        runner: ThreadRunner,
        backend: IntakeBackend,
        collect: Callable[[], dict[str, Any]],
        parent: QObject | None = None,
        delay_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._backend = backend
        self._collect = collect
        self.draft_id: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self.enabled = True

    def schedule(self) -> None:
        if self.enabled and self.draft_id is not None:
            self._timer.start()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Write the current state now (also used before the app locks or quits)."""
        self._timer.stop()
        if not self.enabled or self.draft_id is None:
            return
        draft_id, doc = self.draft_id, self._collect()
        self._runner.run(
            lambda: self._backend.save_draft(draft_id, doc),
            lambda _r: self.saved.emit(draft_id),
            lambda exc: self.failed.emit(str(exc)),
            owner=self,
        )

    def cancel(self) -> None:
        self._timer.stop()
