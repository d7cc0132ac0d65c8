"""Two small supervisor views fed by the peripherals:

* :class:`FollowUpView` — 差评回访: poor ratings awaiting a follow-up, soonest due first,
  with the due date 15 working days after the rating; the supervisor records what was
  done, which closes the item on every device after sync.
* :class:`TicketReportView` — 叫号时长: waiting (issued → called) and handling (called →
  decision at the counter) time per queue ticket for one day.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from offline.domain.clock import today_local
from offline.domain.ratings import LEVELS, FollowUp
from offline.domain.tickets import TicketTimes
from offline.store.actions import Actor
from offline.store.store import Store
from offline.store.tickets import ticket_report
from sync.store_thread import StoreThread
from ui.context import WorkspaceContext
from ui.intake.runner import ThreadRunner


def _minutes(seconds: int | None) -> str:
    return "—" if seconds is None else f"{seconds // 60}:{seconds % 60:02d}"


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class FollowUpView(QWidget):
    changed = Signal(str)  # record id

    def __init__(self, store: StoreThread[Store], actor: Actor, runner: ThreadRunner) -> None:
        super().__init__()
        self.store, self.actor, self.runner = store, actor, runner
        self.items: list[FollowUp] = []
        self.table = _table(
            [self.tr("Receipt no."), self.tr("Stage"), self.tr("Level"), self.tr("Comment"),
             self.tr("Rated at"), self.tr("Follow up by")]
        )  # fmt: skip
        self.table.setObjectName("followUps")
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("What was done (call-back, correction)"))
        self.record_button = QPushButton(self.tr("Record follow-up"))
        self.status = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.record_button.clicked.connect(self.record)

    def title(self) -> str:
        return self.tr("Poor-rating follow-ups")

    def reload(self) -> None:
        self.runner.run(
            lambda: self.store.call_blocking(lambda s: s.open_follow_ups()),
            self._show,
            self._failed,
            owner=self,
        )

    def _show(self, items: list[FollowUp]) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            due = item.due.isoformat() if item.due else self.tr("calendar unknown")
            cells = [item.receipt_no, item.stage, LEVELS[item.score][0], item.comment,
                     item.rated_at, due]  # fmt: skip
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if not items:
            self.status.setText(self.tr("No poor rating awaits a follow-up."))

    def record(self) -> None:
        row = self.table.currentRow()
        text = self.text.text().strip()
        if not 0 <= row < len(self.items) or not text:
            self.status.setText(self.tr("Choose a rating and say what was done."))
            return
        item, actor = self.items[row], self.actor

        def save(store: Store) -> None:
            store.record_follow_up(actor, item.record_id, item.rating_id, text)

        self.runner.run(
            lambda: self.store.call_blocking(save),
            lambda _r: self._recorded(item.record_id),
            self._failed,
            owner=self,
        )

    def _recorded(self, record_id: str) -> None:
        self.text.clear()
        self.status.setText(self.tr("Follow-up recorded."))
        self.changed.emit(record_id)
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(str(exc))


class TicketReportView(QWidget):
    def __init__(self, store: StoreThread[Store], runner: ThreadRunner, day: date) -> None:
        super().__init__()
        self.store, self.runner = store, runner
        self.day = QDateEdit(QDate(day.year, day.month, day.day))
        self.day.setCalendarPopup(True)
        self.table = _table(
            [self.tr("Ticket"), self.tr("Receipt no."), self.tr("Waiting (min:s)"),
             self.tr("Handling (min:s)")]
        )  # fmt: skip
        self.table.setObjectName("ticketTimes")
        layout = QVBoxLayout(self)
        layout.addWidget(self.day)
        layout.addWidget(self.table, 1)
        self.day.dateChanged.connect(lambda _d: self.reload())

    def title(self) -> str:
        return self.tr("Queue times")

    def reload(self) -> None:
        day = self.day.date().toPython()
        assert isinstance(day, date)
        self.runner.run(
            lambda: self.store.call_blocking(lambda s: ticket_report(s.conn, day)),
            self._show,
            owner=self,
        )

    def _show(self, rows: list[TicketTimes]) -> None:
        self.table.setRowCount(len(rows))
        for row, times in enumerate(rows):
            cells = [times.no, times.receipt_no, _minutes(times.waiting), _minutes(times.handling)]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))


def add_hall_tabs(tabs: QTabWidget, ctx: WorkspaceContext, runner: ThreadRunner) -> None:
    """The supervisor panel's tabs for poor-rating follow-ups and ticket times."""
    actor = Actor(ctx.user.user_id, ctx.user.role)
    follow_ups = FollowUpView(ctx.store, actor, runner)
    follow_ups.changed.connect(lambda rid: ctx.changed([rid]))
    tickets = TicketReportView(ctx.store, runner, today_local())
    tabs.addTab(follow_ups, follow_ups.title())
    tabs.addTab(tickets, tickets.title())
    follow_ups.reload()
    tickets.reload()
