"""UI test setup: async tests run on a qasync loop driven by the pytest-qt QApplication.

pytest-qt does not drive asyncio; pytest-asyncio (>= 1.5) asks this hook for the loop
factory, so ``@pytest.mark.asyncio`` tests under tests/ui/ run on a ``QEventLoop`` and
can await work that Qt signals and the store thread complete.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from ui import i18n


def _qasync_loop() -> Any:
    app = QApplication.instance() or QApplication([])
    return qasync.QEventLoop(app)


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> Mapping[str, Callable[[], Any]]:
    return {"qasync": _qasync_loop}


@pytest.fixture(autouse=True)
def collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """As in the app (ui.gc_guard): the cycle collector must not run on the store thread,
    where it would destroy Qt objects off the GUI thread and crash a later timer event."""
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    gc.collect()
    if was_enabled:
        gc.enable()


@pytest.fixture(autouse=True)
def translators_do_not_leak_between_tests() -> Iterator[None]:
    """A test that builds the whole app installs the zh_CN translators on the shared
    QApplication; without this, every later test in that worker saw Chinese where it
    expects the English source text, depending on test order."""
    language, locale = i18n.current_language(), QLocale()
    yield
    app = QApplication.instance()
    if app is not None:
        i18n.install_translators(app, "en")  # removes whatever a test installed
    i18n._current = language  # restore the module default as it was
    QLocale.setDefault(locale)
