"""设备与同步 / Devices and sync: each device of the office and how its sync is doing.

This computer is always shown, from its own store (what waits in its outbox, when it last
pushed and pulled). The other devices come from the platform when it answers (last push
and pull, sequence gaps, conflicts and refusals); offline, the last list fetched this
session is shown with the time it was fetched. A device offline longer than the login
policy allows or with a stuck action is shown in red with the reason in words (rules in
``sync.device_health``). Store reads run on the store thread, the fetch on the loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from client.wire import DeviceHealthList
from offline.domain.clock import TZ
from sync.device_health import (
    DEFAULT_POLICY_DAYS,
    DeviceRow,
    OwnFacts,
    Thresholds,
    build,
    fetch_platform,
    read_own,
)
from ui import i18n, ops
from ui.context import WorkspaceContext
from ui.supervisor.common import Index, ListTableModel, error_text, row_table
from ui.supervisor.office_source import policy_days
from ui.supervisor.platform_link import ClientGetter

ATTENTION_BG = QColor("#fde0dc")
ATTENTION_FG = QColor("#b71c1c")


def _local(value: datetime | None, never: str) -> str:
    return never if value is None else value.astimezone(TZ).strftime("%Y-%m-%d %H:%M")


class DeviceModel(ListTableModel):
    """Read-only rows; red when a device needs attention."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[DeviceRow] = []
        self.now = datetime.now(UTC)
        self._headers = [
            self.tr("Terminal"),
            self.tr("Device"),
            self.tr("Last push"),
            self.tr("Last pull"),
            self.tr("Pending actions"),
            self.tr("Oldest pending"),
            self.tr("Days offline / allowed"),
            self.tr("Conflicts"),
            self.tr("Refused"),
            self.tr("Attention"),
        ]

    def set_rows(self, rows: Sequence[DeviceRow], now: datetime) -> None:
        self.beginResetModel()
        self.rows, self.now = list(rows), now
        self.endResetModel()

    def _age(self, age: timedelta | None) -> str:
        if age is None:
            return ""
        minutes = int(age.total_seconds() // 60)
        if minutes < 60:
            return self.tr("%n min").replace("%n", str(minutes))
        if minutes < 48 * 60:
            return self.tr("%n h").replace("%n", str(minutes // 60))
        return self.tr("%n days").replace("%n", str(minutes // (24 * 60)))

    def cell(self, row: DeviceRow, column: int) -> str:
        never = self.tr("never")
        lang = i18n.current_language()
        if column == 0:
            return row.terminal_code
        if column == 1:
            return self.tr("This computer") if row.own else row.name
        if column == 2:
            return _local(row.last_push_at, never)
        if column == 3:
            return _local(row.last_pull_at, never)
        if column == 4:
            pending = "—" if row.pending is None else str(row.pending)
            if row.pending_gap:
                pending += self.tr(" (gap %n)").replace("%n", str(row.pending_gap))
            return pending
        if column == 5:
            return self._age(row.oldest_pending_age(self.now))
        if column == 6:
            days = "—" if row.days_offline is None else f"{row.days_offline:.1f}"
            return f"{days} / {row.policy_days}"
        if column == 7:
            return str(row.conflicts)
        if column == 8:
            return str(row.rejected)
        return "；".join(m.text(lang) for m in row.reasons)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.BackgroundRole and row.attention:
            return QBrush(ATTENTION_BG)
        if role == Qt.ItemDataRole.ForegroundRole and row.attention:
            return QBrush(ATTENTION_FG)
        return None


def _own_facts(store: Any, user_id: str) -> tuple[OwnFacts, int]:
    return read_own(store), policy_days(store, user_id) or DEFAULT_POLICY_DAYS


class DeviceHealthView(QWidget):
    """The table, a line saying where the list comes from, and a refresh button."""

    refreshed = Signal()

    def __init__(
        self, ctx: WorkspaceContext, client: ClientGetter, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client = client
        self.model = DeviceModel()
        # The platform's list fetched last in this session, shown (with its time) offline.
        self.last_fetched: tuple[DeviceHealthList, datetime] | None = None
        self.table = row_table(self.model)
        self.table.verticalHeader().hide()
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        top = QHBoxLayout()
        top.addWidget(self.source, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.refresh_button.clicked.connect(self.refresh)

    def showEvent(self, event: QShowEvent) -> None:
        """Each time the tab is shown (not a window restore) the figures are read again."""
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def refresh(self) -> None:
        """This computer from the store, then the platform's list (or the cached one)."""
        self.refresh_button.setEnabled(False)
        ops.query_op(self.ctx.store, _own_facts, self.ctx.user.user_id, parent=self).success(
            self._own_loaded
        ).failure(self._failed).run_in_background()

    def _own_loaded(self, result: tuple[OwnFacts, int]) -> None:
        own, days = result
        client = self.client()
        if client is None:
            self._show(own, days, None)
            return

        async def fetch() -> DeviceHealthList:
            return await fetch_platform(client)

        ops.network_op(fetch, self).success(lambda health: self._show(own, days, health)).failure(
            lambda exc: self._show(own, days, None, exc)
        ).run_in_background()

    def _show(
        self,
        own: OwnFacts,
        days: int,
        health: DeviceHealthList | None,
        error: BaseException | None = None,
    ) -> None:
        now = datetime.now(UTC)
        if health is not None:
            self.last_fetched = (health, now)
        cached = self.last_fetched
        listed = cached[0] if cached else None
        rows = build(own, listed, now=now, thresholds=Thresholds(policy_days=days))
        self.model.set_rows(rows, now)
        self.table.resizeColumnsToContents()
        if health is not None:
            text = self.tr("From the platform, fetched at %1.").replace("%1", _local(now, ""))
        elif cached is not None:
            text = self.tr(
                "The platform is not reachable: this computer now, other devices as fetched at %1."
            ).replace("%1", _local(cached[1], ""))
        else:
            text = self.tr(
                "The platform is not reachable and no device list was fetched yet: only "
                "this computer is shown."
            )
        if error is not None:
            text += " " + error_text(error)
        flagged = sum(1 for r in rows if r.attention)
        if flagged:
            text += " " + self.tr("%n device(s) need attention.").replace("%n", str(flagged))
        self.source.setText(text)
        self.refresh_button.setEnabled(True)
        self.refreshed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.source.setText(error_text(exc))
        self.refresh_button.setEnabled(True)
        self.refreshed.emit()
