"""ID card readers: simulated reader (F2), keyboard-wedge scan field (F3), parsing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.intake.support import CLERK, CONTEXT, focused, press, type_text
from ui.intake.runner import ThreadRunner
from ui.intake.store_backend import StoreIntakeBackend
from ui.intake.wizard import IntakeWizard
from ui.readers import CardReader, ReaderError, SimulatedReader, WedgeReader, parse_wedge_line
from ui.readers.simulated import demo_cards
from ui.readers.wedge import ScannedNumber


def wedge_line(
    index: int = 1, validity: str = "20200501-20400501", birth: str | None = None
) -> str:
    c = demo_cards()[index]
    birth = birth or f"{c.birth_date:%Y%m%d}"
    return "|".join([c.name, c.sex, c.nation, birth, c.address, c.number, c.authority, validity])


def test_readers_satisfy_the_protocol() -> None:
    assert isinstance(SimulatedReader(), CardReader)
    assert isinstance(WedgeReader(), CardReader)


def test_wedge_line_parses_a_whole_card() -> None:
    card = parse_wedge_line(wedge_line(1, "20200501-长期"))
    assert not isinstance(card, ScannedNumber)
    assert card.name == "王芳" and card.birth_date == date(1992, 11, 2)
    assert card.valid_to is None


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("", "empty"),
        ("a|b|c", "bad_layout"),
        ("520102198803140136", "bad_number"),
        (wedge_line(birth="19921103"), "birth_mismatch"),
        (wedge_line(validity="2020-0501"), "bad_date"),
    ],
)
def test_wedge_errors_are_bilingual(line: str, code: str) -> None:
    with pytest.raises(ReaderError) as caught:
        parse_wedge_line(line)
    assert caught.value.code == code
    assert caught.value.zh and caught.value.en


def test_wedge_reader_reads_the_fed_line_once() -> None:
    reader = WedgeReader()
    assert not reader.available()
    reader.feed(wedge_line(0))
    assert reader.read().number == demo_cards()[0].number
    with pytest.raises(ReaderError):
        reader.read()


@pytest.fixture
def wizard(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, tmp_path: Path
) -> IntakeWizard:
    w = IntakeWizard(
        StoreIntakeBackend(store_thread, CLERK), runner, CONTEXT, tmp_path, SimulatedReader()
    )
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    w.start()
    qtbot.waitUntil(lambda: w.drafts.draft_id is not None)
    press(qtbot, Qt.Key.Key_Return)
    return w


def test_f2_reads_the_card_and_fills_the_applicant(qtbot: QtBot, wizard: IntakeWizard) -> None:
    page = wizard.applicant_page
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.person.name.text() == "张伟")
    assert page.person.cert_no.text() == demo_cards()[0].number
    assert page.address.text() == demo_cards()[0].address
    assert focused() is page.phone  # next thing the clerk has to type
    assert page.person.facts.text() == "男 · 1988-03-14"


def test_reader_failure_is_shown(qtbot: QtBot, wizard: IntakeWizard) -> None:
    page = wizard.applicant_page
    assert isinstance(page.reader, SimulatedReader)
    page.reader.fail_next = True
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: "No card" in page.reader_status.text())
    assert page.person.name.text() == ""


def test_f3_scan_field_takes_a_wedge_line_or_a_barcode(qtbot: QtBot, wizard: IntakeWizard) -> None:
    page = wizard.applicant_page
    press(qtbot, Qt.Key.Key_F3)
    assert focused() is page.scan
    type_text(qtbot, wedge_line(1))
    press(qtbot, Qt.Key.Key_Return)
    assert page.person.name.text() == "王芳"
    assert wizard.current_step() == 1  # Enter in the scan field does not advance
    press(qtbot, Qt.Key.Key_F3)
    type_text(qtbot, demo_cards()[3].number)
    press(qtbot, Qt.Key.Key_Return)
    assert page.person.cert_no.text() == demo_cards()[3].number
    assert focused() is page.person.name
