"""Queue calling (叫号): the TCP client against the loopback simulator, F9 in a window,
the ticket carried by the next application, and waiting/handling times per ticket."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from demo.intake_data import DEMO_ITEM
from offline.domain.errors import ValidationFailed
from offline.domain.tickets import check_ticket
from offline.store.store import Store
from offline.store.tickets import ticket_report
from sync.store_thread import StoreThread
from tests.fixtures.store import CLERK, intake_fields
from ui.intake.store_backend import StoreIntakeBackend
from ui.peripherals.queue_caller import QueueCaller, QueueError, TcpQueueCaller
from ui.peripherals.queue_desk import QueueDesk, install_queue_desk
from ui.peripherals.queue_sim import QueueSimulator

T0 = datetime(2025, 9, 26, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sim(clock: Clock) -> Iterator[QueueSimulator]:
    s = QueueSimulator(clock).start()
    yield s
    s.stop()


def test_call_next_in_ticket_order_with_times(sim: QueueSimulator, clock: Clock) -> None:
    sim.take("A")
    clock.now += timedelta(minutes=1)
    sim.take("A")
    caller = TcpQueueCaller.from_url(sim.url, "03")
    assert isinstance(caller, QueueCaller)
    clock.now += timedelta(minutes=7)
    first = caller.call_next()
    assert (first.no, first.issued_at, first.called_at) == (
        "A001", "2025-09-26T01:00:00+00:00", "2025-09-26T01:08:00+00:00"
    )  # fmt: skip
    assert caller.recall().no == "A001"
    assert caller.call_next().no == "A002"
    with pytest.raises(QueueError) as empty:
        caller.call_next()
    assert empty.value.code == "queue_empty" and empty.value.zh
    assert sim.state.calls == [("03", "A001"), ("03", "A001"), ("03", "A002")]


def test_unreachable_controller_is_a_clear_error(sim: QueueSimulator) -> None:
    caller = TcpQueueCaller.from_url(sim.url, "03", timeout=2)
    sim.stop()
    with pytest.raises(QueueError) as caught:
        caller.call_next()
    assert caught.value.code == "queue_unreachable" and "口头叫号" in caught.value.zh


@pytest.mark.parametrize("url", ["http://x:1", "tcp://host", "tcp://:80", "ws//x:1"])
def test_bad_controller_address_is_refused(url: str) -> None:
    with pytest.raises(QueueError):
        TcpQueueCaller.from_url(url, "03")


@pytest.mark.parametrize(
    "answer",
    [b"garbage\n", b"[]\n", b'{"ok": true, "ticket": {"no": "A1"}}\n',
     b'{"ok": true, "ticket": {"no": "<script>", "issued_at": "2025-09-26T01:00:00Z",'
     b' "called_at": "2025-09-26T01:00:00Z"}}\n', b""],
)  # fmt: skip
def test_a_controller_answering_nonsense_gives_a_queue_error(answer: bytes) -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(1024)
            conn.sendall(answer)

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        with pytest.raises(QueueError):
            TcpQueueCaller("127.0.0.1", port, "03", timeout=5).call_next()
    finally:
        thread.join()
        server.close()


@pytest.mark.parametrize(
    "ticket",
    [
        "A012",
        {"no": "A012"},
        {"no": "A012", "issued_at": "2025-09-26T01:00:00Z", "called_at": "yesterday"},
        {"no": "A 12", "issued_at": "2025-09-26T01:00:00Z", "called_at": "2025-09-26T01:00:00Z"},
        {"no": "A012", "issued_at": "2025-09-26T02:00:00Z", "called_at": "2025-09-26T01:00:00Z"},
        {"no": "A012", "issued_at": "2025-09-26T01:00:00Z", "called_at": "2025-09-26T01:00:00Z",
         "vip": True},
    ],
)  # fmt: skip
def test_bad_tickets_are_refused_by_the_domain(store: Store, ticket: Any) -> None:
    assert check_ticket(ticket)
    before = store.conn.execute("SELECT count(*) FROM outbox").fetchone()
    with pytest.raises(ValidationFailed):
        store.intake(CLERK, **intake_fields(), ticket=ticket)
    assert store.conn.execute("SELECT count(*) FROM outbox").fetchone() == before


def test_report_gives_waiting_and_handling_time_per_ticket(store: Store, clock: Clock) -> None:
    ticket = {"no": "A001", "issued_at": "2025-09-26T01:00:00+00:00",
              "called_at": "2025-09-26T01:08:00+00:00"}  # fmt: skip
    doc = store.intake(CLERK, **intake_fields(), ticket=ticket, now=T0 + timedelta(minutes=9))
    assert doc["ticket"] == ticket
    store.add_material(CLERK, doc["id"], {"code": "M02", "originals": 1, "copies": 1})
    store.transition(CLERK, doc["id"], "accepted", now=T0 + timedelta(minutes=20))
    store.intake(CLERK, **intake_fields(name="李四"), now=T0)  # no ticket: not listed
    (row,) = ticket_report(store.conn, date(2025, 9, 26))
    assert (row.no, row.receipt_no, row.waiting, row.handling) == (
        "A001", doc["receipt_no"], 8 * 60, 12 * 60
    )  # fmt: skip
    assert ticket_report(store.conn, date(2025, 9, 27)) == []


def test_f9_calls_and_the_next_intake_carries_the_ticket(
    qtbot: QtBot,
    sim: QueueSimulator,
    store_thread: StoreThread[Store],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sim.take("B")
    window = QMainWindow()
    workspace = QWidget()
    window.setCentralWidget(workspace)
    qtbot.addWidget(window)
    monkeypatch.setattr("ui.peripherals.queue_desk.QSettings.value", lambda *_a, **_k: sim.url)
    desk = install_queue_desk(workspace, "03", demo=False)
    assert desk is not None
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    with qtbot.waitSignal(desk.called, timeout=5000):
        qtbot.keyClick(workspace, Qt.Key.Key_F9)
    assert desk.label.text().endswith("B001") and desk.label.parent() is not None
    request = {
        **intake_fields(), "agent": None, "draft_id": None, "ticket": desk.ticket(),
        "item_code": DEMO_ITEM["code"], "decision": {"kind": "accept"},
        "form": {"shop_name": "老张粉馆", "area": 80, "business": "餐饮"},
        "materials": [{"code": c, "originals": 1, "copies": 1} for c in ("M01", "M02", "M03")],
    }  # fmt: skip
    doc = StoreIntakeBackend(store_thread, CLERK).submit(request)
    assert doc["ticket"]["no"] == "B001" and doc["status"] == "accepted"
    desk.ticket_used(doc)
    assert desk.ticket() is None
    desk.shutdown()


def test_controller_down_the_clerk_goes_on_without_a_ticket(
    qtbot: QtBot, sim: QueueSimulator
) -> None:
    desk = QueueDesk(TcpQueueCaller.from_url(sim.url, "03", timeout=2))
    sim.stop()
    with qtbot.waitSignal(desk.failed, timeout=5000) as failed:
        desk.call_next()
    assert "call the applicant in person" in failed.args[0]
    assert desk.ticket() is None
    desk.shutdown()
