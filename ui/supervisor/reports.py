"""Reports (统计报表) for the supervisor: pick a period, see the office's figures.

Today (今天), this week (本周) or a chosen range (自定义区间); choosing today or this week
computes at once, a range is computed with "Show" after it passed the core's checks
(start ≤ end, at most ten years — refused with a bilingual message and nothing read).
The report is computed from the local store on the store's own thread (ThreadRunner →
StoreThread), so the GUI stays live; a busy bar shows meanwhile, and a result that
arrives after a newer choice is dropped. Shown: headline figures, charts (QtCharts) and
tables by status, by clerk, by item and by rating. Exports go through
``offline.reports_export`` (CSV, XLSX); the daily report (日报) prints or saves as PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from offline import reports
from offline.domain.clock import local_date, now_utc
from offline.reports import Period
from offline.reports_export import to_csv, to_xlsx
from ui.context import WorkspaceContext
from ui.i18n import current_language
from ui.intake.runner import ThreadRunner
from ui.printing.daily_report import DailyReportPrinter
from ui.supervisor.common import error_text
from ui.supervisor.reports_charts import BarChart, PieChart
from ui.supervisor.reports_data import (
    ReportData,
    load,
    rows_by_clerk,
    rows_by_item,
    rows_by_status,
    rows_ratings,
    summary,
)
from ui.supervisor.reports_model import CountsModel

TODAY, THIS_WEEK, CUSTOM = 0, 1, 2
SUMMARY_KEYS = ("period", "total", "accepted", "avg_accept", "completed", "avg_complete",
                "on_time", "rated")  # fmt: skip


def _day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class ReportsView(QWidget):
    """Period picker, busy bar, headline figures, four chart/table pages and exports."""

    computed = Signal(object)  # the ReportData now shown
    refused = Signal(str)  # a refused period, in the UI language
    failed = Signal(str)
    exported = Signal(str)  # path of a CSV/XLSX just written

    def __init__(
        self,
        ctx: WorkspaceContext,
        runner: ThreadRunner,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self._clock: Callable[[], datetime] = clock or now_utc  # tests and benchmarks fix it
        self.data: ReportData | None = None
        self.pending: Period | None = None
        self._generation = 0
        self._loaded_once = False
        self._build_picker()
        self._build_figures()
        self._build_actions()
        self.printer = DailyReportPrinter(ctx, runner, self)
        self.printer.printed_on = lambda: local_date(self._clock())  # one clock for all dates
        self.printer.done.connect(self.status.setText)
        self.printer.failed.connect(self._show_error)
        layout = QVBoxLayout(self)
        layout.addLayout(self._picker)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addLayout(self._summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._actions)

    # ------------------------------------------------------------------- building
    def _build_picker(self) -> None:
        self.mode = QComboBox()
        self.mode.addItems([self.tr("Today"), self.tr("This week"), self.tr("Date range")])
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMinimumDate(QDate(2000, 1, 1))
            edit.setEnabled(False)
        self._seed_range()
        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.setToolTip(self.tr("Compute the chosen period again with the latest data"))
        self._picker = QHBoxLayout()
        self._picker.addWidget(QLabel(self.tr("Period")))
        self._picker.addWidget(self.mode)
        self._picker.addWidget(QLabel(self.tr("From")))
        self._picker.addWidget(self.from_edit)
        self._picker.addWidget(QLabel(self.tr("To")))
        self._picker.addWidget(self.to_edit)
        self._picker.addWidget(self.show_button)
        self._picker.addStretch(1)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: the store does not report progress
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.show_button.clicked.connect(self.reload)

    def _build_figures(self) -> None:
        captions = {
            "period": self.tr("Period"),
            "total": self.tr("Applications received"),
            "accepted": self.tr("Accepted"),
            "avg_accept": self.tr("Average receipt → acceptance"),
            "completed": self.tr("Completed"),
            "avg_complete": self.tr("Average acceptance → completion"),
            "on_time": self.tr("On time against the promised limit"),
            "rated": self.tr("Ratings received"),
        }
        self.figures: dict[str, QLabel] = {}
        left, right = QFormLayout(), QFormLayout()
        for n, key in enumerate(SUMMARY_KEYS):
            label = QLabel("—")
            label.setObjectName(f"figure_{key}")
            self.figures[key] = label
            (left if n < 4 else right).addRow(captions[key], label)
        tip = self.tr("Calendar time, averaged over the applications that reached both steps")
        for key in ("avg_accept", "avg_complete"):
            self.figures[key].setToolTip(tip)
        tip = self.tr("Completed by the promised due date, among completed ones with a due date")
        self.figures["on_time"].setToolTip(tip)
        self._summary = QHBoxLayout()
        self._summary.addLayout(left)
        self._summary.addLayout(right)
        count, share = self.tr("Applications"), self.tr("Share")
        self.status_model = CountsModel((self.tr("Status"), count, share))
        self.clerk_model = CountsModel((self.tr("Clerk"), count, share))
        self.item_model = CountsModel((self.tr("Service item"), count, share))
        self.rating_model = CountsModel((self.tr("Rating"), self.tr("Ratings"), share))
        self.status_chart = BarChart(horizontal=True)  # Chinese labels read best on the left
        self.clerk_chart = BarChart(horizontal=True)
        self.rating_chart = PieChart()
        self.tables: dict[str, QTableView] = {}
        self.tabs = QTabWidget()
        pages = (
            ("status", self.tr("By status"), self.status_model, self.status_chart),
            ("clerk", self.tr("By clerk"), self.clerk_model, self.clerk_chart),
            ("item", self.tr("By item"), self.item_model, None),
            ("rating", self.tr("Ratings"), self.rating_model, self.rating_chart),
        )
        for key, title, model, chart in pages:
            table = QTableView()
            table.setModel(model)
            table.horizontalHeader().setStretchLastSection(True)
            table.verticalHeader().hide()
            table.setColumnWidth(0, 220)
            self.tables[key] = table
            if chart is None:
                self.tabs.addTab(table, title)
                continue
            split = QSplitter()
            split.addWidget(chart)
            split.addWidget(table)
            split.setStretchFactor(0, 3)
            split.setStretchFactor(1, 2)
            split.setSizes([600, 400])
            self.tabs.addTab(split, title)

    def _build_actions(self) -> None:
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.xlsx_button = QPushButton(self.tr("Export XLSX…"))
        self.print_button = QPushButton(self.tr("Print daily report"))
        self.pdf_button = QPushButton(self.tr("Save daily report as PDF…"))
        self._actions = QHBoxLayout()
        for button in (self.csv_button, self.xlsx_button):
            button.setEnabled(False)
            self._actions.addWidget(button)
        self._actions.addStretch(1)
        self._actions.addWidget(self.print_button)
        self._actions.addWidget(self.pdf_button)
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.print_button.clicked.connect(lambda: self.printer.preview(self.daily_report_day()))
        self.pdf_button.clicked.connect(self._save_daily_pdf)

    @property
    def clock(self) -> Callable[[], datetime]:
        return self._clock

    @clock.setter
    def clock(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock
        if self.mode.currentIndex() != CUSTOM:  # a range the user chose stays
            self._seed_range()

    def _seed_range(self) -> None:
        """The last 30 days up to today in Shanghai — never the machine's own date (many
        counter PCs run on UTC, which is still yesterday until 08:00)."""
        today = local_date(self._clock())
        for edit, day in ((self.from_edit, today - timedelta(days=29)), (self.to_edit, today)):
            edit.setDate(QDate(day.year, day.month, day.day))

    # ------------------------------------------------------------------- periods
    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if not self._loaded_once:
            self.reload()

    def reload(self) -> None:
        """Compute the period currently chosen (today when nothing else is)."""
        self._loaded_once = True
        if self.mode.currentIndex() == CUSTOM:
            self.apply_range()
        else:
            self._mode_changed(self.mode.currentIndex())

    def _mode_changed(self, index: int) -> None:
        custom = index == CUSTOM
        for widget in (self.from_edit, self.to_edit):
            widget.setEnabled(custom)
        if custom:
            self.status.setText(self.tr("Choose the dates, then press Show."))
            return
        now = self.clock()
        self.compute(reports.today(now) if index == TODAY else reports.this_week(now))

    def choose(self, index: int) -> None:
        """Pick today (0), this week (1) or the date range (2), as the combo box does."""
        if self.mode.currentIndex() == index:
            self._mode_changed(index)
        else:
            self.mode.setCurrentIndex(index)

    def set_range(self, start: date, end: date) -> None:
        """Put a range in the date fields (switches to the range mode, computes nothing)."""
        self.choose(CUSTOM)
        self.from_edit.setDate(QDate(start.year, start.month, start.day))
        self.to_edit.setDate(QDate(end.year, end.month, end.day))

    def apply_range(self) -> bool:
        """Check the chosen range and compute it; a bad range is refused, nothing read."""
        start, end = _day(self.from_edit), _day(self.to_edit)
        try:
            period = reports.date_range(start, end)
        except reports.ReportError as exc:
            message = error_text(exc)
            self._show_error(message)
            self.refused.emit(message)
            return False
        self.compute(period)
        return True

    # ------------------------------------------------------------------- computing
    def compute(self, period: Period) -> None:
        """Compute ``period`` on the store's thread; the figures update when it is done."""
        self._generation += 1
        generation = self._generation
        self.pending = period
        self.busy.show()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Computing the report…"))
        self.runner.run(
            lambda: self.ctx.store.call_blocking(load, period),
            lambda data: self._computed(generation, data),
            lambda exc: self._compute_failed(generation, exc),
            owner=self,
        )

    def _computed(self, generation: int, data: ReportData) -> None:
        if generation != self._generation:
            return  # a newer choice is on its way
        self.pending = None
        self.busy.hide()
        self.data = data
        lang = current_language()
        for key, text in summary(data, lang).items():
            self.figures[key].setText(text)
        total = data.report.total
        self.status_model.set_rows(rows_by_status(data, lang), total)
        self.clerk_model.set_rows(rows_by_clerk(data), total)
        self.item_model.set_rows(rows_by_item(data), total)
        self.rating_model.set_rows(rows_ratings(data, lang))
        self.status_chart.show_rows(self.tr("Applications by status"), self.status_model.rows)
        self.clerk_chart.show_rows(
            self.tr("Applications by clerk"), self.clerk_model.rows, self.tr("Others")
        )
        self.rating_chart.show_rows(self.tr("Ratings (1–5)"), self.rating_model.rows)
        for button in (self.csv_button, self.xlsx_button):
            button.setEnabled(True)
        self.status.setText(
            self.tr("%1 applications received in this period.").replace("%1", str(total))
        )
        self.computed.emit(data)

    def _compute_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.pending = None
        self.busy.hide()
        message = error_text(exc)
        self._show_error(message)
        self.failed.emit(message)

    def _show_error(self, message: str) -> None:
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(message)

    # ------------------------------------------------------------------- exports
    def ask_path(self, kind: str) -> Path | None:
        """Ask where to save (tests pass a path to ``export`` instead)."""
        filters = {
            "csv": self.tr("CSV file (*.csv)"),
            "xlsx": self.tr("Excel workbook (*.xlsx)"),
            "pdf": self.tr("PDF document (*.pdf)"),
        }
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save report"), self._default_name(kind), filters[kind]
        )
        return Path(name) if name else None

    def _default_name(self, kind: str) -> str:
        if kind == "pdf":
            return f"日报-{self.daily_report_day().isoformat()}.pdf"
        period = self.data.report.period if self.data else reports.today(self.clock())
        return f"统计报表-{period.start.isoformat()}-{period.end.isoformat()}.{kind}"

    def export(self, kind: str, path: Path | None = None) -> None:
        """Write the report shown as CSV or XLSX (off the GUI thread); emits ``exported``."""
        data = self.data
        if data is None:
            self._show_error(self.tr("Nothing to export yet: show a report first."))
            return
        target = path or self.ask_path(kind)
        if target is None:
            return
        if target.suffix.lower() != f".{kind}":
            target = target.with_name(target.name + f".{kind}")
        writer = to_csv if kind == "csv" else to_xlsx

        def saved(_result: object) -> None:
            self.status.setStyleSheet("")
            self.status.setText(self.tr("Saved %1").replace("%1", str(target)))
            self.exported.emit(str(target))

        def failed(exc: BaseException) -> None:
            self._show_error(
                self.tr("Could not save %1: %2").replace("%1", str(target)).replace("%2", str(exc))
            )

        self.runner.run(lambda: writer(data.report, target), saved, failed, owner=self)

    # ------------------------------------------------------------------- daily report
    def daily_report_day(self) -> date:
        """The day the daily report covers: the range's last day, else today."""
        if self.mode.currentIndex() == CUSTOM:
            return _day(self.to_edit)
        return local_date(self.clock())

    def _save_daily_pdf(self) -> None:
        path = self.ask_path("pdf")
        if path is not None:
            self.printer.save(self.daily_report_day(), path)


__all__ = ["ReportsView"]
