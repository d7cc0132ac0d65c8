"""Legal-person applicants, an unknown calendar, the camera switch, the shortcut help."""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from stdnum.cn import uscc

from demo.intake_data import DEMO_ITEM_2
from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.intake.support import CLERK, CONTEXT, focused, press, type_text
from ui.intake.camera import camera_available
from ui.intake.runner import ThreadRunner
from ui.intake.store_backend import StoreIntakeBackend
from ui.intake.wizard import IntakeWizard
from ui.readers.simulated import demo_cards

CREDIT_BODY = "91520102MA6DK3Q5T"
CREDIT_CODE = CREDIT_BODY + uscc.calc_check_digit(CREDIT_BODY)


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


def test_legal_person_with_credit_code_checked_as_typed(
    qtbot: QtBot, wizard: IntakeWizard, store_thread: StoreThread[Store]
) -> None:
    w, page = wizard, wizard.applicant_page
    type_text(qtbot, "食品")
    press(qtbot, Qt.Key.Key_Return)
    page.kind.setFocus()
    press(qtbot, Qt.Key.Key_Down)  # 法人 legal person
    assert page.stack.currentIndex() == 1
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.org_name
    type_text(qtbot, "贵阳老张餐饮有限公司")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.credit_code
    type_text(qtbot, CREDIT_BODY + ("0" if CREDIT_CODE[-1] != "0" else "1"))
    assert page.credit_error.isVisible() and "校验" in page.credit_error.text()
    page.credit_code.clear()
    type_text(qtbot, CREDIT_CODE.lower())  # lower case is normalised, not refused
    assert not page.credit_error.isVisible()
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "张伟")  # legal representative
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, demo_cards()[0].number)
    page.phone.setFocus()
    type_text(qtbot, "0851-85551234")
    press(qtbot, Qt.Key.Key_Return)
    assert w.current_step() == 2, page.validate()
    assert focused() is w.form_page.widgets["operator_id"]
    type_text(qtbot, demo_cards()[0].number)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)  # no materials
    with qtbot.waitSignal(w.submitted, timeout=10000) as done:
        press(qtbot, Qt.Key.Key_Return)
    applicant = done.args[0]["applicant"]
    assert applicant["kind"] == "legal" and applicant["cert_no"] == CREDIT_CODE
    assert applicant["legal_rep"]["name"] == "张伟"


def test_due_date_beyond_calendar_data_is_unknown(
    qtbot: QtBot, wizard: IntakeWizard, store_thread: StoreThread[Store]
) -> None:
    long_item = deepcopy(DEMO_ITEM_2)
    long_item.update(code="11520100MB1234567X4000199001", name="长期审批事项", form_fields=[])
    long_item["promised_limit"] = {"amount": 900, "unit": "working_days"}
    long_item["legal_limit"] = {"amount": 900, "unit": "working_days"}
    store_thread.call_blocking(lambda s: s.upsert_catalog([long_item]))
    wizard.start()  # reload the catalog with the new item
    qtbot.waitUntil(lambda: wizard.item_page.model.rowCount() == 3)
    type_text(qtbot, "长期")
    press(qtbot, Qt.Key.Key_Return)
    wizard.applicant_page.fill_from_card(demo_cards()[1])
    type_text(qtbot, "13800138000")
    press(qtbot, Qt.Key.Key_Return)  # applicant
    press(qtbot, Qt.Key.Key_Return)  # this item has no form
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    page = wizard.decision_page
    assert wizard.current_step() == 4 and page.accept.isChecked()
    qtbot.waitUntil(lambda: "…" not in page.due.text())
    assert "calendar unknown" in page.due.text() or "日历未知" in page.due.text()


def test_camera_button_only_where_a_camera_exists(wizard: IntakeWizard) -> None:
    assert wizard.materials_page.camera_button.isVisibleTo(wizard.materials_page) == (
        camera_available()
    )


def test_f1_shows_the_shortcuts(qtbot: QtBot, wizard: IntakeWizard) -> None:
    assert not wizard.help.isVisible()
    press(qtbot, Qt.Key.Key_F1)
    assert wizard.help.isVisible() and "Ctrl+Enter" in wizard.help.text()
    press(qtbot, Qt.Key.Key_F1)
    assert not wizard.help.isVisible()


def test_agent_is_checked_like_the_applicant(qtbot: QtBot, wizard: IntakeWizard) -> None:
    w, page = wizard, wizard.applicant_page
    press(qtbot, Qt.Key.Key_Return)
    page.fill_from_card(demo_cards()[0])
    type_text(qtbot, "13800138000")
    page.has_agent.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert page.agent.isVisible() and focused() is page.agent.name
    press(qtbot, Qt.Key.Key_Return)  # agent left empty
    assert w.current_step() == 1
    assert focused() is page.agent.name and page.agent.name_error.isVisible()
    type_text(qtbot, "王芳")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, demo_cards()[1].number)
    press(qtbot, Qt.Key.Key_Return)
    assert w.current_step() == 2
    agent = w.request()["agent"]
    assert agent["name"] == "王芳" and agent["cert_no"] == demo_cards()[1].number
    assert agent["sex"] == "女" and agent["birth_date"] == "1992-11-02"
