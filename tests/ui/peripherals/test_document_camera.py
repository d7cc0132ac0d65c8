"""Document camera: page compression under a size cap, the vendor HTTP capture service
(a real loopback server), capture page by page with thumbnails, storage as encrypted
attachments queued for the resumable upload."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.fixtures.store import CLERK
from ui.peripherals.capture import (
    CaptureError,
    CaptureSource,
    HttpCaptureSource,
    SimulatedCaptureSource,
    compress_page,
    thumbnail,
)
from ui.peripherals.capture_dialog import CaptureDialog, save_pages
from ui.peripherals.capture_service_sim import CaptureServiceSimulator
from ui.readers.simulated import demo_cards


def _noise_png(width: int, height: int) -> bytes:
    """Random pixels: the hardest picture to compress."""
    raw = os.urandom(width * height * 4)
    image = QImage(raw, width, height, QImage.Format.Format_RGB32).copy()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_pages_are_jpeg_under_the_cap_and_no_larger_than_a4_at_300_dpi(qapp: object) -> None:
    page = _noise_png(3000, 2000)
    assert len(page) > 500 * 1024
    jpeg = compress_page(page)
    assert jpeg[:3] == b"\xff\xd8\xff" and len(jpeg) <= 500 * 1024
    image = QImage.fromData(jpeg)
    assert max(image.width(), image.height()) <= 2480
    small = compress_page(page, max_bytes=30 * 1024)
    assert len(small) <= 30 * 1024


@pytest.mark.parametrize("junk", [b"", b"not an image", b"\xff\xd8\xff\x00broken"])
def test_non_images_are_capture_errors(qapp: object, junk: bytes) -> None:
    with pytest.raises(CaptureError) as caught:
        compress_page(junk)
    assert caught.value.zh and caught.value.en


@pytest.fixture
def service(qapp: object) -> Iterator[CaptureServiceSimulator]:
    s = CaptureServiceSimulator().start()
    yield s
    s.stop()


def test_vendor_http_service_gives_pages(service: CaptureServiceSimulator) -> None:
    source = HttpCaptureSource(service.url, timeout=5)
    assert isinstance(source, CaptureSource) and source.available()
    page = source.capture()
    assert page[:3] == b"\xff\xd8\xff" and not thumbnail(page).isNull()
    service.broken = True
    with pytest.raises(CaptureError) as caught:
        source.capture()
    assert caught.value.code == "camera_unreachable"


def test_service_down_is_unavailable_and_a_clear_error(service: CaptureServiceSimulator) -> None:
    source = HttpCaptureSource(service.url, timeout=5)
    service.stop()
    assert not source.available()
    with pytest.raises(CaptureError):
        source.capture()


def test_capture_page_by_page_with_thumbnails(qtbot: QtBot) -> None:
    source = SimulatedCaptureSource(620, 877)
    dialog = CaptureDialog(source)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    for expected in (1, 2, 3):
        with qtbot.waitSignal(dialog.captured, timeout=10000):
            qtbot.keyClick(dialog, Qt.Key.Key_Space)
        assert dialog.thumbs.count() == expected
    assert not dialog.thumbs.item(0).icon().isNull()
    source.fail_next = True
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "No document under the camera" in dialog.status.text())
    assert len(dialog.pages) == 3  # the clerk goes on: the pages taken are kept
    dialog.thumbs.setCurrentRow(1)
    qtbot.keyClick(dialog.thumbs, Qt.Key.Key_Delete)
    assert len(dialog.pages) == 2 and dialog.thumbs.count() == 2
    with qtbot.waitSignal(dialog.finished_pages) as done:
        dialog.finish()
    assert [len(p) for p in done.args[0]] == [len(p) for p in dialog.pages]


def test_pages_are_stored_encrypted_and_queued_for_upload(
    qapp: object, store_thread: StoreThread[Store]
) -> None:
    source = SimulatedCaptureSource(620, 877)
    pages = [compress_page(source.capture()) for _ in range(2)]
    card = demo_cards()[0]

    def work(store: Store) -> tuple[dict[str, object], list[tuple[str, int]], list[bytes]]:
        doc = store.intake(
            CLERK,
            item_code="11520100MB1234567X4000112001",
            applicant=card.applicant(),
            phone="13800138000",
            form={"shop_name": "老张粉馆", "area": 80, "business": "餐饮"},
        )
        doc = save_pages(store, CLERK, doc["id"], "M02", pages)
        shas = [str(m["attachment"]) for m in doc["materials"] if m["attachment"]]  # type: ignore[index, union-attr]
        return doc, store.pending_blobs(), [store.read_blob(s) for s in shas]

    doc, pending, stored = store_thread.call_blocking(work)
    assert stored == pages
    assert len(pending) == 2 and {m["code"] for m in doc["materials"]} >= {"M02"}  # type: ignore[union-attr]


def test_missing_libpulse_is_a_clear_log_line_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import ctypes.util

    from ui.intake import camera

    real = ctypes.util.find_library
    monkeypatch.setattr(camera.sys, "platform", "linux")
    monkeypatch.setattr(
        camera.ctypes.util, "find_library", lambda n: None if n == "pulse" else real(n)
    )
    monkeypatch.setattr(camera, "_pulse_reported", False)
    with caplog.at_level("WARNING"):
        assert camera.camera_available() is False
    assert "libpulse0" in caplog.text


def test_f6_in_the_materials_step_captures_pages_into_the_intake(
    qtbot: QtBot, store_thread: StoreThread[Store], tmp_path: Any
) -> None:
    from tests.ui.intake.support import CONTEXT, press, type_text
    from ui.intake.runner import ThreadRunner
    from ui.intake.store_backend import StoreIntakeBackend
    from ui.intake.wizard import IntakeWizard

    runner = ThreadRunner()
    w = IntakeWizard(StoreIntakeBackend(store_thread, CLERK), runner, CONTEXT, tmp_path)
    w.materials_page.capture.set_source(SimulatedCaptureSource(620, 877))
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    w.start()
    qtbot.waitUntil(lambda: w.drafts.draft_id is not None)
    press(qtbot, Qt.Key.Key_Return)
    w.applicant_page.fill_from_card(demo_cards()[0])
    type_text(qtbot, "13800138000")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "老张粉馆")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "80")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert w.current_step() == 3
    press(qtbot, Qt.Key.Key_Down)  # M02
    press(qtbot, Qt.Key.Key_F6)
    dialog = w.materials_page.capture.dialog
    assert dialog is not None and dialog.isVisible()
    for _ in range(2):
        with qtbot.waitSignal(dialog.captured, timeout=10000):
            dialog.capture()
    assert dialog.thumbs.count() == 2
    dialog.finish()
    assert "M02: 2" in w.materials_page.status.text()
    w.advance()  # to the decision: M03 still missing → one-time supplement notice
    assert w.current_step() == 4
    with qtbot.waitSignal(w.submitted, timeout=10000) as done:
        w.advance()
    doc = done.args[0]
    pages = [m for m in doc["materials"] if m["code"] == "M02" and m["attachment"]]
    assert len(pages) == 2 and all(m["form"] == "electronic" for m in pages)
    stored = store_thread.call_blocking(lambda s: s.read_blob(pages[0]["attachment"]))
    assert stored == dialog.pages[0]
    assert w.materials_page.capture.pages == {}
    runner.shutdown()
