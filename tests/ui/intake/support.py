"""Shared test helpers for the intake, detail and printing screens.

A real encrypted store opened on a real :class:`sync.store_thread.StoreThread`, the demo
catalog loaded through the store's own API, and keyboard helpers that send events to
whatever widget has the focus — so a test only passes if focus really moves where a
clerk's keys would go. Chinese is typed as input-method commit strings (qtbot.keyClicks
with non-ASCII text aborts Qt's test library).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from demo.intake_data import demo_catalog
from offline.store.actions import Actor
from offline.store.opening import open_profile
from offline.store.store import Store
from sync.store_thread import StoreThread
from ui.intake.runner import ThreadRunner
from ui.printing import PrintContext

CLERK = Actor("u-clerk1", "clerk")
CLERK2 = Actor("u-clerk2", "clerk")
SUPERVISOR = Actor("u-super1", "supervisor")
CONTEXT = PrintContext(
    office_name="南明区政务服务中心", clerk_name="李明", printed_on=date(2026, 11, 26)
)


def open_store_thread(data_dir: Path) -> StoreThread[Store]:
    """A registered store with the demo catalog, owned by its own thread."""
    thread: StoreThread[Store] = StoreThread(lambda: open_profile("clerk", data_dir, create=True))

    def setup(store: Store) -> None:
        if store.office_code is None:
            store.register_device("520102", "03")
            store.upsert_catalog(demo_catalog())

    thread.call_blocking(setup)
    return thread


@pytest.fixture
def store_thread(tmp_path: Path) -> Iterator[StoreThread[Store]]:
    thread = open_store_thread(tmp_path / "data")
    yield thread
    thread.close()


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[ThreadRunner]:
    r = ThreadRunner()
    yield r
    r.shutdown()
    QApplication.processEvents()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_text(qtbot: QtBot, text: str) -> None:
    """Type into the focused widget: ASCII as keys, anything else as an IME commit."""
    if text.isascii():
        qtbot.keyClicks(focused(), text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def store_call(thread: StoreThread[Store], fn: Any) -> Any:
    return thread.call_blocking(fn)
