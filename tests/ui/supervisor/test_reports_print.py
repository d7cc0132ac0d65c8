"""The daily report (日报): a one-day report saved as a real PDF, read back with QtPdf.

The PDF's text must carry the office name, the day and every figure of that day's
``offline.reports`` report (totals, per status, per clerk, per item, ratings).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from offline import reports
from offline.domain.status import STATUS_LABELS, Status
from offline.reports import Period
from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.printing.pdftext import pdf_text
from tests.ui.supervisor.test_reports import NOW, WAIT, build, choose, context, seed
from ui.intake.runner import ThreadRunner
from ui.printing.daily_report import daily_report_html
from ui.supervisor.reports import TODAY, ReportsView
from ui.supervisor.reports_data import RATING_LABELS, duration_text, share


def _view(qtbot: QtBot, thread: StoreThread[Store], runner: ThreadRunner) -> ReportsView:
    view = ReportsView(context(thread), runner)
    view.clock = lambda: NOW
    view.printer.printed_on = lambda: date(2026, 11, 26)
    qtbot.addWidget(view)
    return view


def test_daily_report_pdf_carries_the_days_figures(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, tmp_path: Path
) -> None:
    item_names = seed(store_thread)
    view = _view(qtbot, store_thread, runner)
    choose(qtbot, view, TODAY)
    assert view.daily_report_day() == date(2026, 11, 26)
    path = tmp_path / "daily.pdf"
    with qtbot.waitSignal(view.printer.saved, timeout=WAIT):
        view.printer.save(view.daily_report_day(), path)
    text = pdf_text(path)
    report = build(store_thread, reports.today(NOW))
    assert report.total >= 15
    assert "南明区政务服务中心" in text and "2026-11-26" in text and "日报" in text
    assert f"收件总数Received{report.total}" in text
    assert f"已受理Accepted{report.accepted}" in text
    assert f"已办结Completed{report.completed}" in text
    avg = duration_text(report.avg_receipt_to_acceptance_hours, "zh_CN").replace(" ", "")
    assert avg in text
    for status, n in report.by_status.items():
        assert f"{STATUS_LABELS[Status(status)][0]}{n}" in text
    # Names are compared in the HTML: pdfium reads some glyphs back as variants (户 as
    # 戶, a digit after Latin letters shifted: 2 as Q); the figures are compared in the PDF.
    html = daily_report_html(view.data, "南明区政务服务中心", "520102", date(2026, 11, 26))  # type: ignore[arg-type]
    for rows in (report.by_clerk, report.by_item):
        for key, n in rows.items():
            assert f"{n}{share(n, report.total)}" in text
            name = item_names.get(key) or ("李明" if key == "u-clerk1" else key)
            assert f"<td>{name}</td><td align='right'>{n}</td>" in html
    assert f"李明{report.by_clerk['u-clerk1']}" in text
    rated = sum(report.ratings.values())
    for score, n in report.ratings.items():
        label = RATING_LABELS[score][0]
        assert f"{score}{label}{n}{share(n, rated)}" in text
    assert str(path) in view.status.text()


def test_daily_report_of_a_range_is_its_last_day_and_preview_opens(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, tmp_path: Path
) -> None:
    seed(store_thread)
    view = _view(qtbot, store_thread, runner)
    view.set_range(date(2026, 11, 20), date(2026, 11, 25))
    assert view.daily_report_day() == date(2026, 11, 25)
    empty = Period(date(2026, 10, 1), date(2026, 10, 1))
    assert build(store_thread, empty).total == 0
    path = tmp_path / "empty.pdf"
    with qtbot.waitSignal(view.printer.saved, timeout=WAIT):
        view.printer.save(empty.start, path)
    text = pdf_text(path)
    assert "2026-10-01" in text and "收件总数Received0" in text and "（无none）" in text
    view.print_button.click()
    qtbot.waitUntil(lambda: view.printer.dialog is not None, timeout=WAIT)
    dialog = view.printer.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.close()
