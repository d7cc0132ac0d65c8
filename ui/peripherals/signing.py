"""Getting the applicant's signature for a saved application and printing it.

:class:`SigningPanel` asks the configured pad (off the UI thread); if the pad fails or
is missing, the on-screen canvas stays available, and the clerk may also skip (the
receipt then has a line to sign on paper). :func:`store_signature` keeps the PNG with
the application; :func:`signature_image` reads it back for printing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from offline.store import ratings as pad_actions
from offline.store.actions import Actor
from offline.store.store import Store
from ui.intake.runner import ThreadRunner
from ui.peripherals.signature import SignatureCanvas, SignatureError, SignaturePad


class SigningPanel(QWidget):
    """Emits :attr:`signed` with PNG bytes from the pad or from the screen."""

    signed = Signal(bytes)

    def __init__(self, pad: SignaturePad | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pad = pad
        self._runner = ThreadRunner(self)
        self.canvas = SignatureCanvas()
        self.status = QLabel(self.tr("Applicant, please sign the receipt."))
        self.status.setObjectName("signingStatus")
        self.use_pad = QPushButton(self.tr("Sign on the pad"))
        self.use_pad.setEnabled(pad is not None)
        self.accept_screen = QPushButton(self.tr("Use the on-screen signature"))
        clear = QPushButton(self.tr("Clear"))
        row = QHBoxLayout()
        for button in (self.use_pad, self.accept_screen, clear):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.canvas)
        layout.addLayout(row)
        self.use_pad.clicked.connect(self.ask_pad)
        self.accept_screen.clicked.connect(self.take_screen)
        clear.clicked.connect(self.canvas.clear)

    def ask_pad(self) -> None:
        if self.pad is None or self._runner.busy:
            return
        pad = self.pad
        self.status.setText(self.tr("Waiting for the applicant to sign on the pad…"))
        self._runner.run(lambda: pad.sign("请在此签名 / Please sign"), self._got, self._failed)

    def take_screen(self) -> None:
        try:
            self._got(self.canvas.png())
        except SignatureError as exc:
            self._failed(exc)

    def _got(self, png: bytes) -> None:
        self.status.setText(self.tr("Signed."))
        self.signed.emit(png)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, SignatureError):
            self.status.setText(f"{exc.zh} / {exc.en}")
        else:
            self.status.setText(self.tr("The pad failed; sign on the screen or on paper."))

    def shutdown(self) -> None:
        self._runner.shutdown()


def store_signature(store: Store, actor: Actor, record_id: str, png: bytes) -> dict[str, Any]:
    """Keep the signature with the application (run on the store's thread)."""
    return store.attach_signature(actor, record_id, png, "image/png")


def signature_image(store: Store, doc: dict[str, Any]) -> QImage | None:
    """The latest signature of `doc` for printing, or None when it has none."""
    sha = pad_actions.signature_of(doc)
    if sha is None:
        return None
    image = QImage.fromData(store.read_blob(sha))
    return None if image.isNull() else image
