"""The printable daily report (日报): one day's office figures on an A4 page.

Computed like the reports screen — ``ui.supervisor.reports_data.load`` on the store's own
thread for the period of that single day — and rendered on the GUI thread from
``counterdesk_resources/templates/daily_report.html`` (``string.Template``, every value
HTML-escaped).
Printed documents are Chinese official texts with English captions, so the figures are
formatted in Chinese whatever the UI language. It goes to a print preview (which can
print or save) or straight to a PDF file through ``ui.printing.output``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from string import Template

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QWidget

from offline.domain.clock import local_date, now_utc
from offline.reports import Period
from ui.context import WorkspaceContext
from ui.intake.runner import ThreadRunner
from ui.printing.documents import TEMPLATES
from ui.printing.output import preview, save_pdf
from ui.printing.print_fonts import ensure_print_fonts
from ui.supervisor.common import error_text
from ui.supervisor.reports_data import (
    ReportData,
    load,
    rows_by_clerk,
    rows_by_item,
    rows_by_status,
    rows_ratings,
    share,
    summary,
)

LANG = "zh_CN"  # the printed page is an official Chinese document


def _table(first: str, rows: list[tuple[str, str, int]], total: int) -> str:
    head = f"<tr><th>{html.escape(first)}</th><th>数量 Count</th><th>占比 Share</th></tr>"
    body = "".join(
        f"<tr><td>{html.escape(label)}</td><td align='right'>{count}</td>"
        f"<td align='right'>{share(count, total)}</td></tr>"
        for _key, label, count in rows
    )
    if not body:
        body = '<tr><td colspan="3">（无 none）</td></tr>'
    return f'<table class="list" cellspacing="0">{head}{body}</table>'


def daily_report_html(
    data: ReportData, office_name: str, office_code: str, printed_on: date
) -> str:
    """The filled-in HTML of the daily report of ``data`` (a one-day report)."""
    report = data.report
    values = {
        **summary(data, LANG),
        "office_name": office_name,
        "office_code": office_code,
        "day": report.period.end.isoformat(),
        "printed_date": printed_on.isoformat(),
    }
    fields = {k: html.escape(v) for k, v in values.items()}
    ratings = rows_ratings(data, LANG)
    fields["status_table"] = _table("状态 Status", rows_by_status(data, LANG), report.total)
    fields["clerk_table"] = _table("窗口人员 Clerk", rows_by_clerk(data), report.total)
    fields["item_table"] = _table("事项 Service item", rows_by_item(data), report.total)
    fields["rating_table"] = _table("评价 Rating", ratings, sum(r[2] for r in ratings))
    fields["css"] = (TEMPLATES / "_base.css").read_text(encoding="utf-8")
    template = Template((TEMPLATES / "daily_report.html").read_text(encoding="utf-8"))
    return template.substitute(fields)


def render_daily_report(
    data: ReportData, office_name: str, office_code: str, printed_on: date
) -> QTextDocument:
    """A QTextDocument of the daily report, ready to print or save."""
    ensure_print_fonts()
    document = QTextDocument()
    document.setHtml(daily_report_html(data, office_name, office_code, printed_on))
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle,
        f"日报 {data.report.period.end.isoformat()} {office_name}",
    )
    return document


class DailyReportPrinter(QObject):
    """Computes a day's report off the GUI thread, then previews it or saves a PDF."""

    saved = Signal(str)  # path of the PDF written
    done = Signal(str)  # a short status line in the UI language
    failed = Signal(str)

    def __init__(
        self, ctx: WorkspaceContext, runner: ThreadRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.dialog: QDialog | None = None
        self.printed_on: Callable[[], date] = lambda: local_date(now_utc())  # tests fix it

    def _compute(self, day: date, then: object) -> None:
        period = Period(day, day)
        self.runner.run(
            lambda: self.ctx.store.call_blocking(load, period),
            then,  # type: ignore[arg-type]
            lambda exc: self.failed.emit(error_text(exc)),
            owner=self,
        )

    def document(self, data: ReportData) -> QTextDocument:
        office = self.ctx.office_name
        return render_daily_report(data, office, self.ctx.office_code, self.printed_on())

    def preview(self, day: date) -> None:
        """Open a (non-modal) print preview of the daily report of ``day``."""

        def show(data: ReportData) -> None:
            parent = self.parent()
            self.dialog = preview(
                self.document(data), parent if isinstance(parent, QWidget) else None
            )

        self._compute(day, show)

    def save(self, day: date, path: Path) -> None:
        """Write the daily report of ``day`` to ``path`` as a PDF; emits ``saved``."""

        def write(data: ReportData) -> None:
            try:
                save_pdf(self.document(data), path)
            except OSError as exc:
                self.failed.emit(
                    self.tr("Could not save %1: %2")
                    .replace("%1", str(path))
                    .replace("%2", str(exc))
                )
                return
            self.done.emit(self.tr("Daily report saved: %1").replace("%1", str(path)))
            self.saved.emit(str(path))

        self._compute(day, write)
