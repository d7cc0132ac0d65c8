"""The helper-process card reader: a real subprocess speaking line-JSON on a pipe.

The chip layout vectors are written out from the layout itself (name 15 characters, sex
1, nation 2, birth 8, address 35, number 18, authority 15, validity 8 + 8; UCS-2LE).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.intake.support import CLERK, CONTEXT, press, type_text
from ui.intake.runner import ThreadRunner
from ui.intake.store_backend import StoreIntakeBackend
from ui.intake.wizard import IntakeWizard
from ui.readers import CardReader, ReaderError
from ui.readers.card_codec import parse_base_message
from ui.readers.helper import answer
from ui.readers.pipe import DEFAULT_COMMAND, PipeReader
from ui.readers.simulated import demo_cards

NUMBER = demo_cards()[0].number


def _chip(sex: str = "1", nation: str = "01", valid_to: str = "长期") -> bytes:
    text = (
        "张伟".ljust(15) + sex + nation + "19880314"
        + "贵州省贵阳市南明区花果园大街1号".ljust(35) + NUMBER
        + "贵阳市公安局南明分局".ljust(15) + "20200501" + valid_to.ljust(8)
    )  # fmt: skip
    return text.encode("utf-16-le").ljust(256, b"\x00")


def test_chip_block_is_decoded_field_by_field() -> None:
    card = parse_base_message(_chip(nation="06", sex="2", valid_to="20400501"))
    assert (card.name, card.sex, card.nation, card.number) == ("张伟", "女", "苗", NUMBER)
    assert str(card.birth_date) == "1988-03-14" and str(card.valid_to) == "2040-05-01"
    assert parse_base_message(_chip()).valid_to is None  # 长期


@pytest.mark.parametrize(
    "raw", [b"", _chip()[:100], _chip(sex="9"), _chip(nation="77"), b"\xff\xdb" * 128, "text"]
)
def test_malformed_chip_blocks_are_reader_errors(raw: bytes) -> None:
    with pytest.raises(ReaderError) as caught:
        parse_base_message(raw)
    assert caught.value.zh and caught.value.en


@pytest.mark.parametrize("request_", [None, [], {"op": "format c:"}, {"id": 1}])
def test_bad_requests_get_an_answer_not_a_crash(request_: object) -> None:
    reply = answer(request_, lambda: demo_cards()[0], "simulated")
    assert reply["ok"] is False and reply["error"]["code"] == "bad_request"


@pytest.fixture
def reader() -> Iterator[PipeReader]:
    r = PipeReader()
    yield r
    r.close()


def test_reads_cards_through_a_real_helper_process(reader: PipeReader) -> None:
    assert isinstance(reader, CardReader)
    assert reader.available() and reader.pid is not None and reader.pid != os.getpid()
    assert [reader.read().name, reader.read().name] == ["张伟", "王芳"]
    assert reader.starts == 1


def test_helper_killed_means_a_clear_error_then_a_restart(reader: PipeReader) -> None:
    assert reader.read().number == NUMBER
    first = reader.pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    with pytest.raises(ReaderError) as caught:
        reader.read()
    assert caught.value.code == "helper_crashed" and "手工录入" in caught.value.zh
    card = reader.read()  # a fresh helper, starting from the first card again
    assert card.number == NUMBER and reader.pid not in (None, first) and reader.starts == 2


def test_a_hung_helper_times_out_and_is_replaced() -> None:
    hang = [sys.executable, "-c", "import sys; sys.stdin.read()"]
    reader = PipeReader(hang, timeout=0.3)
    try:
        with pytest.raises(ReaderError) as caught:
            reader.read()
        assert caught.value.code == "helper_timeout" and reader.pid is None
    finally:
        reader.close()


def test_no_helper_installed_is_said_in_both_languages() -> None:
    reader = PipeReader(["/nonexistent/counterdesk-reader-helper.exe"])
    assert not reader.available()
    with pytest.raises(ReaderError) as caught:
        reader.read()
    assert caught.value.code == "helper_missing"


def test_no_card_comes_back_from_the_helper() -> None:
    reader = PipeReader([*DEFAULT_COMMAND, "--no-card"])
    try:
        with pytest.raises(ReaderError) as caught:
            reader.read()
        assert caught.value.code == "no_card" and reader.starts == 1
    finally:
        reader.close()


def test_vendor_backend_off_windows_explains_itself() -> None:
    reader = PipeReader([sys.executable, "-m", "ui.readers.helper", "--backend", "sdtapi"])
    try:
        with pytest.raises(ReaderError) as caught:
            reader.read()
        assert caught.value.code == "device_error"
    finally:
        reader.close()


def test_clerk_continues_by_hand_after_the_helper_dies(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, tmp_path: Path,
    reader: PipeReader,
) -> None:  # fmt: skip
    wizard = IntakeWizard(
        StoreIntakeBackend(store_thread, CLERK), runner, CONTEXT, tmp_path, reader
    )
    qtbot.addWidget(wizard)
    with qtbot.waitActive(wizard):
        wizard.show()
        wizard.activateWindow()
    wizard.start()
    qtbot.waitUntil(lambda: wizard.drafts.draft_id is not None)
    press(qtbot, Qt.Key.Key_Return)
    page = wizard.applicant_page
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.person.name.text() == "张伟")
    assert reader.pid is not None
    os.kill(reader.pid, signal.SIGKILL)
    page.person.name.clear()
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: "enter the applicant by hand" in page.reader_status.text())
    page.person.name.setFocus()
    type_text(qtbot, "Zhang Wei")
    assert page.person.name.text() == "Zhang Wei"
    press(qtbot, Qt.Key.Key_F2)  # the helper is back
    qtbot.waitUntil(lambda: page.person.name.text() == "张伟")


def test_the_helper_command_comes_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.peripherals import reader_setup
    from ui.readers import SimulatedReader

    command = '"C:\\Program Files\\CounterDesk\\helper.exe" --backend sdtapi --port 1001'
    monkeypatch.setattr(reader_setup.QSettings, "value", lambda *_a, **_k: command)
    reader = reader_setup.configured_reader(demo=False)
    assert isinstance(reader, PipeReader)
    assert reader.command[0] == "C:\\Program Files\\CounterDesk\\helper.exe"
    assert reader.command[1:] == ["--backend", "sdtapi", "--port", "1001"]
    monkeypatch.setattr(reader_setup.QSettings, "value", lambda *_a, **_k: "")
    assert isinstance(reader_setup.configured_reader(demo=True), SimulatedReader)
    assert reader_setup.configured_reader(demo=False) is None
