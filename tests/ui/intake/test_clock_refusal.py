"""On a computer clock known to be wrong the intake is refused with a plain message that
says to correct the clock, nothing is saved, and the same intake goes through once the
clock is right."""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from demo.intake_data import DEMO_ITEM_2
from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.fixtures.clock import START, TickingClock
from tests.ui.intake.support import CLERK, CONTEXT, press, type_text
from ui.intake.runner import ThreadRunner
from ui.intake.store_backend import StoreIntakeBackend
from ui.intake.wizard import IntakeWizard
from ui.readers.simulated import demo_cards


@pytest.fixture
def wizard(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, tmp_path: Path
) -> Iterator[IntakeWizard]:
    w = IntakeWizard(StoreIntakeBackend(store_thread, CLERK), runner, CONTEXT, tmp_path)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    w.start()
    qtbot.waitUntil(lambda: w.drafts.draft_id is not None)
    yield w
    w.drafts.cancel()
    qtbot.waitUntil(lambda: not runner.busy)


def test_wrong_clock_refuses_intake_with_a_plain_message(
    qtbot: QtBot,
    wizard: IntakeWizard,
    store_thread: StoreThread[Store],
    device_clock: TickingClock,
) -> None:
    item = deepcopy(DEMO_ITEM_2)
    item.update(code="11520100MB1234567X4000198001", name="时钟测试事项", form_fields=[])
    store_thread.call_blocking(lambda s: s.upsert_catalog([item]))
    wizard.start()
    qtbot.waitUntil(lambda: wizard.item_page.model.rowCount() == 3)
    type_text(qtbot, "时钟测试")
    press(qtbot, Qt.Key.Key_Return)
    wizard.applicant_page.fill_from_card(demo_cards()[1])
    type_text(qtbot, "13800138000")
    press(qtbot, Qt.Key.Key_Return)  # applicant
    press(qtbot, Qt.Key.Key_Return)  # this item has no form
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.current_step() == 4
    qtbot.waitUntil(lambda: "…" not in wizard.decision_page.due.text())

    device_clock.set(datetime(2000, 1, 1, tzinfo=UTC))  # the clock battery died
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.banner.isVisible())
    text = wizard.banner.text()
    assert ("电脑时钟不正确" in text and "请校准" in text) or "clock is wrong" in text
    assert "Traceback" not in text and "ClockWrong" not in text
    assert wizard.current_step() == 4  # still on the decision, nothing lost
    count = store_thread.call_blocking(
        lambda s: s.conn.execute("SELECT count(*) FROM applications").fetchone()[0]
    )
    assert count == 0

    device_clock.set(START)  # corrected
    with qtbot.waitSignal(wizard.submitted, timeout=10000) as done:
        press(qtbot, Qt.Key.Key_Return)
    assert done.args[0]["receipt_no"].split("-")[2] == "20261126"
