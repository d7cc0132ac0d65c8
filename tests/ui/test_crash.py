"""An unhandled exception is logged (masked) and shown; the app keeps running."""

from __future__ import annotations

import logging
import sys

import pytest
from pytestqt.qtbot import QtBot

from ui import crash


def test_excepthook_logs_and_opens_a_dialog(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    previous = crash.install()
    try:
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError as exc:
            with caplog.at_level(logging.ERROR, logger="counterdesk.crash"):
                sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    assert any("unhandled exception" in r.getMessage() for r in caplog.records)
    assert crash._open_dialogs, "an error dialog is open"
    box = crash._open_dialogs[-1]
    qtbot.addWidget(box)
    assert box.isVisible()
    assert "boom in a slot" in box.detailedText()
    box.done(0)
    assert box not in crash._open_dialogs
