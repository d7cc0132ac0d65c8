"""Signature pad: simulator, vendor local service (real loopback HTTP), on-screen
fallback, storage with the application and the image printed on the receipt."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from pytestqt.qtbot import QtBot

from offline.store.store import Store
from tests.fixtures.store import CLERK, intake_fields
from tests.ui.intake.support import CONTEXT
from ui.peripherals.signature import (
    HttpSignaturePad,
    SignatureError,
    SignaturePad,
    SimulatedSignaturePad,
    checked_signature,
    png_bytes,
)
from ui.peripherals.signing import SigningPanel, signature_image, store_signature
from ui.printing.documents import DocKind, render


def test_simulated_pad_signs_and_can_be_cancelled(qapp: object) -> None:
    pad = SimulatedSignaturePad()
    assert isinstance(pad, SignaturePad)
    png = pad.sign("请签名")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and not checked_signature(png).isNull()
    pad.cancel_next = True
    with pytest.raises(SignatureError) as caught:
        pad.sign("请签名")
    assert caught.value.code == "cancelled"


def test_blank_or_non_image_signatures_are_refused(qapp: object) -> None:
    blank = QImage(100, 40, QImage.Format.Format_ARGB32)
    blank.fill(Qt.GlobalColor.white)
    for data, code in ((png_bytes(blank), "blank"), (b"GIF89a nope", "not_an_image")):
        with pytest.raises(SignatureError) as caught:
            checked_signature(data)
        assert caught.value.code == code


class _PadService(BaseHTTPRequestHandler):
    answer: tuple[str, bytes] = ("image/png", b"")
    prompts: list[str] = []  # noqa: RUF012 - shared on purpose across requests of a test

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.prompts.append(self.rfile.read(length).decode())
        kind, body = self.answer
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def pad_service(qapp: object) -> Iterator[tuple[str, type[_PadService]]]:
    handler = type("Handler", (_PadService,), {"prompts": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()
    thread.join()


def test_vendor_pad_service(pad_service: tuple[str, type[_PadService]]) -> None:
    url, handler = pad_service
    handler.answer = ("image/png", SimulatedSignaturePad().sign(""))
    pad = HttpSignaturePad(url, timeout=5)
    assert checked_signature(pad.sign("请签名"))
    assert "请签名" in handler.prompts[0]
    handler.answer = ("text/html", b"<html>error</html>")
    with pytest.raises(SignatureError):
        pad.sign("请签名")


def test_unreachable_pad_is_a_clear_error(qapp: object) -> None:
    pad = HttpSignaturePad("http://127.0.0.1:9", timeout=2)
    assert not pad.available()
    with pytest.raises(SignatureError) as caught:
        pad.sign("x")
    assert caught.value.code == "pad_unreachable" and "纸质" in caught.value.zh


def test_pad_fails_then_the_applicant_signs_on_screen(qtbot: QtBot) -> None:
    pad = SimulatedSignaturePad()
    pad.cancel_next = True
    panel = SigningPanel(pad)
    qtbot.addWidget(panel)
    panel.show()
    panel.ask_pad()
    qtbot.waitUntil(lambda: "cancelled" in panel.status.text())
    panel.take_screen()  # nothing drawn yet
    assert "blank" in panel.status.text()
    canvas = panel.canvas
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(20, 80))
    for x in range(30, 400, 10):
        qtbot.mouseMove(canvas, QPoint(x, 80 + (x % 40) - 20))
        canvas.mouseMoveEvent(_move(canvas, x))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(400, 80))
    with qtbot.waitSignal(panel.signed) as signed:
        panel.take_screen()
    assert not checked_signature(signed.args[0]).isNull()
    with qtbot.waitSignal(panel.signed, timeout=5000):
        panel.ask_pad()  # the pad works again
    panel.shutdown()


def _move(canvas: Any, x: int) -> Any:
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent

    pos = QPointF(x, 80 + (x % 40) - 20)
    return QMouseEvent(
        QEvent.Type.MouseMove, pos, canvas.mapToGlobal(pos), Qt.MouseButton.NoButton,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip


def test_signature_is_kept_with_the_application_and_printed_on_the_receipt(
    qapp: object, store: Store
) -> None:
    doc = store.intake(CLERK, **intake_fields())
    unsigned = render(DocKind.receipt, doc, CONTEXT, signature_image(store, doc))
    assert "＿＿＿＿" in unsigned.toPlainText()
    png = SimulatedSignaturePad().sign("")
    signed_doc = store_signature(store, CLERK, doc["id"], png)
    image = signature_image(store, signed_doc)
    assert image is not None and image.size() == QImage.fromData(png).size()
    receipt = render(DocKind.receipt, signed_doc, CONTEXT, image)
    resource = receipt.resource(
        QTextDocument.ResourceType.ImageResource, QUrl("signature:applicant")
    )
    assert isinstance(resource, QImage) and not resource.isNull()
    assert 'src="signature:applicant"' in receipt.toHtml()
    assert "＿＿＿＿" not in receipt.toPlainText()


def test_f7_signs_the_saved_receipt_and_the_print_panel_shows_it(
    qtbot: QtBot, store_thread: Any, tmp_path: Any
) -> None:
    from demo.intake_data import DEMO_ITEM
    from offline.store import ratings as pad_actions
    from tests.ui.intake.support import CLERK as UI_CLERK
    from ui.intake.runner import ThreadRunner
    from ui.intake.store_backend import StoreIntakeBackend
    from ui.intake.wizard import IntakeWizard
    from ui.peripherals.receipt_signing import ReceiptSigning
    from ui.readers.simulated import demo_cards

    runner = ThreadRunner()
    backend = StoreIntakeBackend(store_thread, UI_CLERK)
    w = IntakeWizard(backend, runner, CONTEXT, tmp_path)
    qtbot.addWidget(w)
    doc = backend.submit({
        "item_code": DEMO_ITEM["code"], "applicant": demo_cards()[0].applicant(),
        "phone": "13800138000", "form": {"shop_name": "老张粉馆", "area": 80, "business": "餐饮"},
        "materials": [], "decision": {"kind": "supplement", "missing": [
            {"code": c, "name": "x", "problem": "missing"} for c in ("M01", "M02", "M03")]},
    })  # fmt: skip
    w.record = doc
    w.print_panel.set_record(doc)
    signing = ReceiptSigning(w, store_thread, UI_CLERK, SimulatedSignaturePad())
    signing.open()
    assert signing.panel is not None
    signing.panel.ask_pad()
    qtbot.waitUntil(lambda: w.print_panel._signature is not None, timeout=10000)
    assert pad_actions.signature_of(w.record) is not None
    w.print_panel.select(DocKind.receipt)
    assert 'src="signature:applicant"' in w.print_panel._shown.toHtml()
    stored = store_thread.call_blocking(lambda s: s.get(doc["id"]))
    assert pad_actions.signature_of(stored) == pad_actions.signature_of(w.record)
    signing.shutdown()
    runner.shutdown()
