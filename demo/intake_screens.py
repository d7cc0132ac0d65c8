"""Intake screens filled with demo data, for ``make screenshots`` and demo walkthroughs.

:func:`intake_steps` drives a real wizard over a real store through every step and
yields ``(name, widget)`` at each one, so the caller can grab it. The store must be
registered and hold the demo catalog (:func:`seed_demo_catalog` does that). Nothing here
runs in production code paths.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from demo.intake_data import demo_catalog
from offline.store.actions import Actor
from offline.store.store import Store
from sync.store_thread import StoreThread
from ui.intake.runner import ThreadRunner
from ui.intake.store_backend import StoreIntakeBackend
from ui.intake.wizard import IntakeWizard
from ui.printing.documents import PrintContext
from ui.readers.simulated import SimulatedReader

DEMO_CLERK = Actor("u-clerk1", "clerk")
DEMO_CONTEXT = PrintContext("南明区政务服务中心", "李明", date(2026, 11, 26))
SIZE = (1000, 700)


def settle(done: Callable[[], bool], timeout: float = 10.0) -> None:
    """Process Qt events until ``done()`` (background store calls report back)."""
    deadline = time.monotonic() + timeout
    while not done():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if time.monotonic() > deadline:
            raise TimeoutError("demo screen did not settle")
    QApplication.processEvents()


def seed_demo_catalog(store: StoreThread[Store]) -> None:
    """Register the device (office 520102, terminal 03) and load the demo catalog."""

    def seed(s: Store) -> None:
        if s.office_code is None:
            s.register_device("520102", "03")
        s.upsert_catalog(demo_catalog())

    store.call_blocking(seed)


def intake_steps(
    store: StoreThread[Store], pdf_dir: Path, runner: ThreadRunner | None = None
) -> Iterator[tuple[str, QWidget]]:
    """Walk a demo intake: item, applicant (card read), form, materials, decision, print."""
    runner = runner or ThreadRunner()
    wizard = IntakeWizard(
        StoreIntakeBackend(store, DEMO_CLERK), runner, DEMO_CONTEXT, pdf_dir, SimulatedReader()
    )
    wizard.resize(*SIZE)
    wizard.show()
    wizard.start()
    settle(lambda: wizard.drafts.draft_id is not None)
    wizard.item_page.search.setText("个体")
    yield "intake-1-item", wizard
    wizard.advance()
    wizard.applicant_page.read_card()
    settle(lambda: bool(wizard.applicant_page.person.name.text()))
    wizard.applicant_page.phone.setText("13800138000")
    yield "intake-2-applicant", wizard
    wizard.advance()
    wizard.form_page.set_values_raw({"shop_name": "老张粉馆", "area": "80", "business": "餐饮"})
    yield "intake-3-form", wizard
    wizard.advance()
    wizard.materials_page.model.toggle_received(0)
    wizard.materials_page.model.toggle_received(1)
    yield "intake-4-materials", wizard
    wizard.advance()
    settle(lambda: "…" not in wizard.decision_page.due.text())
    yield "intake-5-decision", wizard
    wizard.advance()
    settle(lambda: wizard.record is not None)
    yield "intake-6-print", wizard
    wizard.drafts.cancel()
    settle(lambda: not runner.busy)
