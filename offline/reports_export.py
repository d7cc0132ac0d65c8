"""Export a supervisor report (统计报表) to CSV or XLSX for the office's paperwork.

One flat table — section, key, value — so the CSV opens in any spreadsheet and the XLSX
(openpyxl) carries the same rows on one sheet. Headers are bilingual; the CSV is written
with a UTF-8 BOM so Excel on a Chinese Windows shows the characters correctly.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped]  # no stubs in the lock

from offline.reports import Report

HEADER = ("分类 / section", "项目 / key", "数值 / value")


def rows(report: Report) -> list[tuple[str, str, str | int | float | None]]:
    """The report as (section, key, value) rows, in a stable order (floats to 4 places)."""
    out: list[tuple[str, str, str | int | float | None]] = [
        ("period", "start", report.period.start.isoformat()),
        ("period", "end", report.period.end.isoformat()),
        ("summary", "total", report.total),
        ("summary", "accepted", report.accepted),
        ("summary", "avg_receipt_to_acceptance_hours", report.avg_receipt_to_acceptance_hours),
        ("summary", "completed", report.completed),
        (
            "summary",
            "avg_acceptance_to_completion_hours",
            report.avg_acceptance_to_completion_hours,
        ),
        ("summary", "with_due_date", report.with_due_date),
        ("summary", "on_time", report.on_time),
        ("summary", "on_time_rate", report.on_time_rate),
    ]
    out += [("by_status", k, v) for k, v in report.by_status.items()]
    out += [("by_clerk", k, v) for k, v in report.by_clerk.items()]
    out += [("by_item", k, v) for k, v in report.by_item.items()]
    out += [("ratings", str(k), v) for k, v in report.ratings.items()]
    return [(a, b, round(v, 4) if isinstance(v, float) else v) for a, b, v in out]


def to_csv(report: Report, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(("" if v is None else v for v in row) for row in rows(report))


def to_xlsx(report: Report, path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "report"
    sheet.append(HEADER)
    for row in rows(report):
        sheet.append(list(row))
    book.save(path)
