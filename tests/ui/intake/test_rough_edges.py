"""Rough edges a clerk hit at the counter: stale validation messages, blank gaps in the
applicant form, the cursor and counts on the materials step."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from demo.intake_data import demo_catalog
from tests.ui.intake.support import focused, press, type_text
from tests.ui.intake.test_keyboard_intake import fill_applicant, wizard  # noqa: F401
from ui.intake.applicant_page import ApplicantPage
from ui.intake.materials_model import COL_COPIES, COL_NAME
from ui.intake.materials_page import MaterialsPage
from ui.intake.runner import ThreadRunner
from ui.intake.wizard import IntakeWizard
from ui.readers.simulated import demo_cards


def _page(qtbot: QtBot, runner: ThreadRunner) -> ApplicantPage:
    page = ApplicantPage(runner)
    qtbot.addWidget(page)
    page.resize(700, 700)
    with qtbot.waitExposed(page):
        page.show()
    return page


def _top(widget: QWidget, page: QWidget) -> int:
    return widget.mapTo(page, QPoint(0, 0)).y()


def test_a_fixed_field_loses_its_message_at_once(qtbot: QtBot, runner: ThreadRunner) -> None:
    page = _page(qtbot, runner)
    person = page.person
    assert page.validate()  # Enter on an empty form
    assert person.name_error.isVisible() and person.name_error.text()
    assert page.phone_error.isVisible()
    person.name.setFocus()
    type_text(qtbot, "张伟")
    assert not person.name_error.isVisible()  # no Enter needed
    assert page.phone_error.isVisible()  # still wrong: still said
    page.phone.setText("13800138000")
    assert not page.phone_error.isVisible()
    # typing never raises a new message before Enter
    page.phone.setText("12")
    assert not page.phone_error.isVisible()


def test_no_blank_gap_under_the_id_number_message(qtbot: QtBot, runner: ThreadRunner) -> None:
    page = _page(qtbot, runner)
    person = page.person
    person.cert_no.setText("52010219880314001X")  # wrong check digit (GB 11643)
    assert person.cert_error.isVisible()
    qtbot.wait(1)  # let the layouts settle
    below_error = _top(page.phone, page) - (
        _top(person.cert_error, page) + person.cert_error.height()
    )
    row = page.phone.height()
    # one row's spacing (and the layouts' margins), not the height of blank rows
    assert below_error < row, (below_error, row)


def test_materials_cursor_on_first_missing_required_and_true_counts(
    qtbot: QtBot, runner: ThreadRunner
) -> None:
    page = MaterialsPage(runner, attach=lambda path: {})
    qtbot.addWidget(page)
    page.set_item(demo_catalog()[0])
    model, table = page.model, page.table
    model.toggle_received(0)  # 申请书 received
    table.setCurrentIndex(model.index(3, COL_NAME))  # left on the optional row
    page.focus_first()  # coming back to the step (Alt+Left)
    assert table.currentIndex().row() == 1  # 经营者身份证明: the first still missing
    # ticking and unticking the optional material leaves its counts at zero
    model.toggle_received(3)
    assert model.index(3, COL_COPIES).data() == "1/1"
    model.toggle_received(3)
    assert model.index(3, COL_COPIES).data() == "0/1"
    assert all(m["code"] != "M04" for m in model.received_materials())


def test_back_and_forth_then_down_down_space_ticks_a_required_material(
    qtbot: QtBot,
    wizard: IntakeWizard,  # noqa: F811 (the fixture imported above)
) -> None:
    w = wizard
    type_text(qtbot, "个体工商")
    press(qtbot, Qt.Key.Key_Return)
    fill_applicant(qtbot, w, demo_cards()[0].number)
    w.form_page.set_values_raw({"shop_name": "老张粉馆", "area": "80", "business": "餐饮"})
    press(qtbot, Qt.Key.Key_Return)
    assert w.current_step() == 3 and focused() is w.materials_page.table
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Down)
    assert w.materials_page.table.currentIndex().row() == 3  # the optional 委托 row
    press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert w.current_step() == 2
    press(qtbot, Qt.Key.Key_Return)
    assert w.current_step() == 3
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)
    received = [m["code"] for m in w.materials_page.model.received_materials()]
    assert received == ["M03"], received  # required; the optional M04 stays unticked
