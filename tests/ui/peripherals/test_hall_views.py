"""Supervisor views: poor ratings awaiting a follow-up (due 15 working days after the
rating) and per-ticket waiting/handling times."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from pytestqt.qtbot import QtBot

from demo.intake_data import DEMO_ITEM
from offline.store import ratings as pad_actions
from offline.store.actions import Actor
from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.intake.support import CLERK
from ui.intake.runner import ThreadRunner
from ui.peripherals.hall_views import FollowUpView, TicketReportView
from ui.readers.simulated import demo_cards

SUPERVISOR = Actor("u-super1", "supervisor")
RATED = datetime(2025, 9, 26, 2, 0, tzinfo=UTC)  # Fri; 15 working days → Thu 23 Oct 2025
DIMS = {"overall": 2, "efficiency": 2, "service": 2, "attitude": 2}


def _intake(store: Store, now: datetime, ticket: Any = None) -> dict[str, Any]:
    return dict(
        store.intake(
            CLERK,
            item_code=DEMO_ITEM["code"],
            applicant=demo_cards()[0].applicant(),
            phone="13800138000",
            form={"shop_name": "老张粉馆", "area": 80, "business": "餐饮"},
            now=now,
            ticket=ticket,
        )
    )


def test_follow_up_list_and_recording(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    def setup(store: Store) -> dict[str, Any]:
        doc = _intake(store, RATED)
        return dict(pad_actions.rate(store.conn, CLERK, doc["id"], "acceptance", DIMS, now=RATED))

    doc = store_thread.call_blocking(setup)
    view = FollowUpView(store_thread, SUPERVISOR, runner)
    qtbot.addWidget(view)
    view.reload()
    qtbot.waitUntil(lambda: view.table.rowCount() == 1)
    assert view.table.item(0, 0).text() == doc["receipt_no"]
    assert view.table.item(0, 2).text() == "不满意"
    assert view.table.item(0, 5).text() == "2025-10-23"
    view.record()  # nothing typed: refused with a hint, nothing stored
    assert view.status.text()
    view.table.selectRow(0)
    view.text.setText("已电话回访，致歉并说明")
    with qtbot.waitSignal(view.changed, timeout=10000):
        view.record()
    qtbot.waitUntil(lambda: view.table.rowCount() == 0)


def test_ticket_times_for_the_day(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    issued = datetime(2025, 9, 26, 1, 0, tzinfo=UTC)
    ticket = {"no": "A007", "issued_at": "2025-09-26T01:00:00+00:00",
              "called_at": "2025-09-26T01:12:30+00:00"}  # fmt: skip

    def setup(store: Store) -> None:
        doc = _intake(store, issued + timedelta(minutes=13), ticket)
        store.transition(CLERK, doc["id"], "awaiting_supplement",
                         data={"missing": [{"code": c, "name": "x", "problem": "missing"}
                                             for c in ("M01", "M02", "M03")]},
                         now=issued + timedelta(minutes=20))  # fmt: skip

    store_thread.call_blocking(setup)
    view = TicketReportView(store_thread, runner, date(2025, 9, 26))
    qtbot.addWidget(view)
    view.reload()
    qtbot.waitUntil(lambda: view.table.rowCount() == 1)
    cells = [view.table.item(0, c).text() for c in range(4)]
    assert cells[0] == "A007" and cells[2:] == ["12:30", "7:30"]
