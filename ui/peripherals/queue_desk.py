"""The counter's side of queue calling: F9 calls the next ticket, the status bar shows it,
and the next application received takes it.

The call runs off the UI thread; when the controller is down the clerk sees why in the
status label and carries on (calling the applicant in person, intake without a ticket).
The controller address comes from the setting ``peripherals/queue_controller``
(``tcp://host:port``); in demo mode a simulator on loopback stands in.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from ui.intake.runner import ThreadRunner
from ui.peripherals.queue_caller import QueueCaller, QueueError, TcpQueueCaller, Ticket
from ui.peripherals.queue_sim import QueueSimulator

SETTING = "peripherals/queue_controller"


class QueueDesk(QObject):
    """Holds the ticket called at this counter until an application takes it."""

    called = Signal(object)  # Ticket
    failed = Signal(str)

    def __init__(self, caller: QueueCaller, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.caller = caller
        self.current: Ticket | None = None
        self._runner = ThreadRunner(self)
        self.label = QLabel()
        self.label.setObjectName("queueTicket")
        self.called.connect(self._show)
        self.failed.connect(self.label.setText)

    def call_next(self) -> None:
        """F9: ask the controller for the next ticket (off the UI thread)."""
        if self._runner.busy:
            return
        self.label.setText(self.tr("Calling…"))
        self._runner.run(self.caller.call_next, self._called, self._failed, owner=self)

    def _called(self, ticket: Ticket) -> None:
        self.current = ticket
        self.called.emit(ticket)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, QueueError):
            self.failed.emit(f"{exc.zh} / {exc.en}")
        else:
            self.failed.emit(self.tr("Queue call failed; call the applicant in person."))

    def _show(self, ticket: Ticket) -> None:
        self.label.setText(self.tr("Now serving %1").replace("%1", ticket.no))

    def ticket(self) -> dict[str, str] | None:
        """The called ticket for the application being submitted (kept until it is
        saved, so a failed submit does not lose it)."""
        return None if self.current is None else self.current.to_doc()

    def ticket_used(self, doc: dict[str, Any]) -> None:
        """An application carrying the current ticket was saved: the next one has none."""
        used = (doc.get("ticket") or {}).get("no")
        if self.current is not None and used == self.current.no:
            self.label.setText(self.tr("%1 received").replace("%1", used))
            self.current = None

    def shutdown(self) -> None:
        self._runner.shutdown()


def desk_from_settings(counter: str, parent: QWidget) -> QueueDesk | None:
    """A desk for the configured controller, or None when none is configured."""
    url = QSettings().value(SETTING, "", type=str)
    if not url:
        return None
    try:
        caller = TcpQueueCaller.from_url(str(url), counter)
    except QueueError:
        return None
    return QueueDesk(caller, parent)


def install_queue_desk(workspace: QWidget, counter: str, demo: bool) -> QueueDesk | None:
    """F9 on `workspace` calls the next ticket; the ticket shows in the main window's
    status bar. Demo mode without a configured controller uses a loopback simulator."""
    desk = desk_from_settings(counter, workspace)
    if desk is None and demo:
        sim = QueueSimulator().start()
        for _ in range(30):
            sim.take("A")
        desk = QueueDesk(TcpQueueCaller.from_url(sim.url, counter), workspace)
        desk.destroyed.connect(lambda *_: sim.stop())
    if desk is None:
        return None
    QShortcut(QKeySequence("F9"), workspace, desk.call_next)
    window = workspace.window()
    if isinstance(window, QMainWindow):
        window.statusBar().addPermanentWidget(desk.label)
        desk.destroyed.connect(desk.label.deleteLater)
    return desk
