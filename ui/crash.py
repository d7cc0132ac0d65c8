"""Unhandled exceptions: logged, then shown in a non-modal dialog; the app keeps running.

qasync routes exceptions raised in ``@asyncSlot`` handlers to ``sys.excepthook``, so this
one hook covers both plain slots and coroutines. The dialog is opened with ``open()``
(never ``exec()``, which would nest an event loop inside a running task).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("counterdesk.crash")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]
_open_dialogs: list[QMessageBox] = []


def show_error_dialog(exc: BaseException) -> QMessageBox | None:
    """Open a non-modal error box for ``exc`` (None when no QApplication exists)."""
    if QApplication.instance() is None:
        return None
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("Crash", "Unexpected error"),
        QCoreApplication.translate(
            "Crash", "Something went wrong. Your work is saved; the details are in the log."
        ),
    )
    box.setDetailedText("".join(traceback.format_exception_only(type(exc), exc)))
    box.setObjectName("crashDialog")
    _open_dialogs.append(box)
    box.finished.connect(lambda _=0, b=box: _open_dialogs.remove(b))
    box.open()
    return box


def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an unhandled exception and tell the user, without quitting."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    log.error("unhandled exception", exc_info=(kind, exc, tb))
    show_error_dialog(exc)


def install() -> ExceptHook:
    """Install :func:`excepthook`; return the previous hook so callers can restore it."""
    previous = sys.excepthook
    sys.excepthook = excepthook
    return previous
