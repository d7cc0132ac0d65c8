"""Signing the receipt after an intake is saved (F7 on the wizard's print step).

The signing panel opens in a dialog; the signature is stored with the application (one
store transaction, queued for sync) and the print panel shows the receipt with it. The
pad comes from the setting ``peripherals/signature_pad`` (a local service URL, or
``simulated``); the demo uses the simulator. Without a pad the on-screen canvas works.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from offline.store.actions import Actor
from offline.store.store import Store
from sync.store_thread import StoreThread
from ui.intake.runner import ThreadRunner
from ui.peripherals.signature import HttpSignaturePad, SignaturePad, SimulatedSignaturePad
from ui.peripherals.signing import SigningPanel, signature_image, store_signature

SETTING = "peripherals/signature_pad"


def signature_pad(demo: bool) -> SignaturePad | None:
    value = str(QSettings().value(SETTING, "", type=str))
    if value == "simulated" or (not value and demo):
        return SimulatedSignaturePad()
    return HttpSignaturePad(value) if value else None


class ReceiptSigning(QObject):
    """F7 on `wizard` (an intake wizard with ``record`` and ``print_panel``)."""

    def __init__(
        self, wizard: Any, store: StoreThread[Store], actor: Actor, pad: SignaturePad | None
    ) -> None:
        super().__init__(wizard)
        self.wizard, self.store, self.actor, self.pad = wizard, store, actor, pad
        self._runner = ThreadRunner(self)
        self.dialog: QDialog | None = None
        self.panel: SigningPanel | None = None
        QShortcut(QKeySequence("F7"), wizard, self.open)

    def open(self) -> None:
        doc = getattr(self.wizard, "record", None)
        if not doc:
            return  # nothing saved yet: the receipt exists only after submit
        parent: QWidget = self.wizard
        self.dialog = QDialog(parent)
        self.dialog.setWindowTitle(self.tr("Applicant's signature"))
        self.panel = SigningPanel(self.pad, self.dialog)
        QVBoxLayout(self.dialog).addWidget(self.panel)
        record_id = str(doc["id"])
        self.panel.signed.connect(lambda png: self._save(record_id, png))
        self.dialog.finished.connect(lambda _r: self.panel and self.panel.shutdown())
        self.dialog.open()

    def _save(self, record_id: str, png: bytes) -> None:
        actor = self.actor

        def work(store: Store) -> tuple[dict[str, Any], Any]:
            doc = store_signature(store, actor, record_id, png)
            return doc, signature_image(store, doc)

        self._runner.run(lambda: self.store.call_blocking(work), self._saved, owner=self)

    def _saved(self, result: tuple[dict[str, Any], Any]) -> None:
        doc, image = result
        self.wizard.record = doc
        self.wizard.print_panel.set_record(doc)
        self.wizard.print_panel.set_signature(image)
        if self.dialog is not None:
            self.dialog.accept()

    def shutdown(self) -> None:
        self._runner.shutdown()
