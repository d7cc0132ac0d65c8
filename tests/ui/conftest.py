"""UI test setup: async tests run on a qasync loop driven by the pytest-qt QApplication.

pytest-qt does not drive asyncio; pytest-asyncio (>= 1.5) asks this hook for the loop
factory, so ``@pytest.mark.asyncio`` tests under tests/ui/ run on a ``QEventLoop`` and
can await work that Qt signals and the store thread complete.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication


def _qasync_loop() -> Any:
    app = QApplication.instance() or QApplication([])
    return qasync.QEventLoop(app)


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> Mapping[str, Callable[[], Any]]:
    return {"qasync": _qasync_loop}
