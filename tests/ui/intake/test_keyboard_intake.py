"""A whole intake by keyboard only, against a real store on its own thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.intake.support import CLERK, CONTEXT, focused, press, type_text
from tests.ui.printing.pdftext import pdf_text
from ui.intake.runner import ThreadRunner
from ui.intake.store_backend import StoreIntakeBackend
from ui.intake.wizard import IntakeWizard
from ui.readers.simulated import SimulatedReader, demo_cards

K = Qt.Key
ENTER = K.Key_Return


@pytest.fixture
def wizard(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, tmp_path: Path
) -> Iterator[IntakeWizard]:
    w = IntakeWizard(
        StoreIntakeBackend(store_thread, CLERK),
        runner,
        CONTEXT,
        tmp_path / "pdf",
        reader=SimulatedReader(),
    )
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    w.start()
    qtbot.waitUntil(lambda: w.item_page.model.rowCount() == 2 and w.drafts.draft_id is not None)
    yield w
    w.drafts.cancel()
    qtbot.waitUntil(lambda: not runner.busy)


def fill_applicant(qtbot: QtBot, w: IntakeWizard, number: str) -> None:
    assert focused() is w.applicant_page.person.name
    type_text(qtbot, "张伟")
    press(qtbot, K.Key_Tab)
    assert isinstance(focused(), QComboBox)  # certificate type, 居民身份证 preselected
    press(qtbot, K.Key_Tab)
    assert focused() is w.applicant_page.person.cert_no
    type_text(qtbot, number)
    press(qtbot, K.Key_Tab)
    assert focused() is w.applicant_page.phone
    type_text(qtbot, "13800138000")
    press(qtbot, K.Key_Tab)
    type_text(qtbot, "贵州省贵阳市南明区花果园大街1号")
    press(qtbot, ENTER)


@pytest.mark.usefixtures("device_clock")  # the due date needs a day the calendar knows
def test_whole_intake_by_keyboard_only(
    qtbot: QtBot, wizard: IntakeWizard, store_thread: StoreThread[Store], tmp_path: Path
) -> None:
    w = wizard
    number = demo_cards()[0].number
    # 1. item: search by part of the name, Enter takes the highlighted match
    assert focused() is w.item_page.search
    type_text(qtbot, "个体工商")
    assert w.item_page.proxy.rowCount() == 1
    press(qtbot, ENTER)
    assert w.current_step() == 1
    # 2. applicant, validated as typed
    fill_applicant(qtbot, w, number)
    assert w.current_step() == 2, w.applicant_page.validate()
    assert w.applicant_page.person.facts.text() == "男 · 1988-03-14"
    # 3. the item's form, generated from its schema
    assert focused().objectName() == "form_shop_name"
    type_text(qtbot, "老张粉馆")
    press(qtbot, K.Key_Tab)
    type_text(qtbot, "80")
    press(qtbot, K.Key_Tab)
    assert focused().objectName() == "form_business"
    press(qtbot, K.Key_Down)  # first real choice: 餐饮
    press(qtbot, ENTER)
    assert w.current_step() == 3, w.form_page.validate()
    # 4. materials: Space marks received, Down moves on
    for _ in range(3):
        press(qtbot, K.Key_Space)
        press(qtbot, K.Key_Down)
    press(qtbot, ENTER)
    assert w.current_step() == 4
    # 5. decision: accept is offered (nothing missing) and shows the due date
    assert w.decision_page.accept.isChecked()
    due = w.decision_page.due
    qtbot.waitUntil(lambda: "…" not in due.text())
    with qtbot.waitSignal(w.submitted, timeout=10000) as done:
        press(qtbot, ENTER)
    doc = done.args[0]
    assert w.current_step() == 5
    assert doc["due_date"] is not None and doc["due_date"] in due.text()  # same calendar
    # 6. print: Ctrl+S saves the acceptance notice as PDF
    with qtbot.waitSignal(w.print_panel.pdfSaved) as saved:
        press(qtbot, K.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert doc["receipt_no"] in pdf_text(Path(saved.args[0]))
    assert Path(saved.args[0]).name.endswith("-acceptance.pdf")
    # what the store holds is exactly what was typed
    stored = store_thread.call_blocking(lambda s: s.get(doc["id"]))
    assert stored["status"] == "accepted"
    assert stored["receipt_no"].startswith("520102-03-")
    assert stored["applicant"]["name"] == "张伟"
    assert stored["applicant"]["cert_no"] == number
    assert stored["address"] == "贵州省贵阳市南明区花果园大街1号"
    assert stored["form"] == {"shop_name": "老张粉馆", "area": 80, "business": "餐饮"}
    assert sorted(m["code"] for m in stored["materials"]) == ["M01", "M02", "M03"]
    assert store_thread.call_blocking(lambda s: s.drafts(CLERK.user_id)) == {}
    assert len(store_thread.call_blocking(lambda s: s.pending_mutations(10))) == 2


def test_bad_id_number_is_shown_inline_and_blocks_enter(qtbot: QtBot, wizard: IntakeWizard) -> None:
    w = wizard
    press(qtbot, ENTER)  # first item preselected
    good = demo_cards()[0].number
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    w.applicant_page.person.name.setFocus()
    type_text(qtbot, "张伟")
    w.applicant_page.person.cert_no.setFocus()
    type_text(qtbot, bad)
    error = w.applicant_page.person.cert_error
    assert error.isVisible() and "校验" in error.text()
    # while typing, an unfinished number is not an error
    w.applicant_page.person.cert_no.clear()
    type_text(qtbot, good[:10])
    assert not error.isVisible()
    assert w.applicant_page.person.facts.text() == "10/18"
    press(qtbot, ENTER)
    assert w.current_step() == 1
    assert focused() is w.applicant_page.person.cert_no  # Enter jumps to the field to fix
    assert error.isVisible()
    assert w.applicant_page.phone_error.isVisible()  # required phone is reported too


def test_form_field_errors_inline(qtbot: QtBot, wizard: IntakeWizard) -> None:
    w = wizard
    press(qtbot, ENTER)
    fill_applicant(qtbot, w, demo_cards()[1].number)
    assert w.current_step() == 2
    press(qtbot, K.Key_Tab)  # leave shop name empty
    type_text(qtbot, "-5")
    press(qtbot, K.Key_Tab)
    assert w.form_page.errors["area"].isVisible()
    assert "不能小于" in w.form_page.errors["area"].text()
    press(qtbot, ENTER)
    assert w.current_step() == 2
    assert focused() is w.form_page.widgets["shop_name"]
    assert w.form_page.errors["shop_name"].isVisible()
    assert w.form_page.errors["business"].isVisible()
    edit = w.form_page.widgets["area"]
    assert isinstance(edit, QLineEdit)
    edit.setFocus()
    edit.clear()
    type_text(qtbot, "12")
    assert not w.form_page.errors["area"].isVisible()  # error clears as the value is fixed


def test_supplement_notice_lists_every_missing_material(
    qtbot: QtBot, wizard: IntakeWizard, store_thread: StoreThread[Store]
) -> None:
    w = wizard
    press(qtbot, ENTER)
    fill_applicant(qtbot, w, demo_cards()[1].number)
    type_text(qtbot, "王芳小卖部")
    press(qtbot, K.Key_Tab)
    type_text(qtbot, "20")
    press(qtbot, K.Key_Tab)
    press(qtbot, K.Key_Down)
    press(qtbot, K.Key_Down)
    press(qtbot, ENTER)
    press(qtbot, K.Key_Space)  # only M01
    press(qtbot, K.Key_End, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, K.Key_A)  # the conditional M04 applies (agent) and is missing too
    press(qtbot, ENTER)
    page = w.decision_page
    assert not page.accept.isEnabled() and page.supplement.isChecked()
    assert page.missing_list.count() == 3
    with qtbot.waitSignal(w.submitted, timeout=10000) as done:
        press(qtbot, ENTER)
    doc = done.args[0]
    assert doc["status"] == "awaiting_supplement"
    assert [m["code"] for m in doc["supplement"]["missing"]] == ["M02", "M03", "M04"]
    assert w.print_panel.current_kind() is not None
    assert w.print_panel.current_kind().value == "supplement"


def test_propose_rejection_needs_a_reason(
    qtbot: QtBot, wizard: IntakeWizard, store_thread: StoreThread[Store]
) -> None:
    w = wizard
    press(qtbot, ENTER)
    fill_applicant(qtbot, w, demo_cards()[3].number)
    type_text(qtbot, "刘记")
    press(qtbot, K.Key_Tab)
    type_text(qtbot, "5")
    press(qtbot, K.Key_Tab)
    press(qtbot, K.Key_Down)
    press(qtbot, ENTER)
    press(qtbot, ENTER)  # no materials at all
    press(qtbot, K.Key_R, Qt.KeyboardModifier.AltModifier)
    assert w.decision_page.reject.isChecked()
    assert focused() is w.decision_page.reason
    press(qtbot, ENTER)  # no reason yet
    assert w.current_step() == 4 and w.decision_page.error.isVisible()
    type_text(qtbot, "不属于本机关职权范围")
    with qtbot.waitSignal(w.submitted, timeout=10000) as done:
        press(qtbot, ENTER)
    doc = done.args[0]
    assert doc["status"] == "rejection_proposed"
    assert doc["history"][-1]["reason"] == "不属于本机关职权范围"
    # a proposed rejection prints only the receipt until a supervisor signs it off
    assert w.print_panel.list.count() == 1
