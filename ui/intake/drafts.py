"""Drafts (草稿) saved as the clerk types, so a crash or power cut loses nothing.

Every edit restarts a short timer; when the clerk pauses, the whole wizard state goes to
the store's drafts table (per user) in one small transaction on the store thread. A
draft is deleted in the same transaction that records the finished intake.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ui.intake.backend import IntakeBackend
from ui.intake.runner import ThreadRunner

DEBOUNCE_MS = 600

# Drafts open in a wizard of this process: a second intake tab must not resume the same
# draft and overwrite it.
_CLAIMED: set[str] = set()


def is_claimed(draft_id: str) -> bool:
    return draft_id in _CLAIMED


def _release(holder: list[str | None], *_: object) -> None:
    if holder[0] is not None:
        _CLAIMED.discard(holder[0])
        holder[0] = None


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
        self._holder: list[str | None] = [None]
        self.destroyed.connect(partial(_release, self._holder))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self.enabled = True

    @property
    def draft_id(self) -> str | None:
        return self._holder[0]

    @draft_id.setter
    def draft_id(self, value: str | None) -> None:
        _release(self._holder)
        self._holder[0] = value
        if value is not None:
            _CLAIMED.add(value)

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
