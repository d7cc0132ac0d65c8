"""Column sizing shared by the supervisor's lists (sign-offs, conflicts, audit).

Qt's default section width cuts receipt numbers and times in half while the last column
takes the rest of the screen; fitting the columns to their contents once a page has
arrived, with a cap so one long reason cannot push the others off screen, reads better.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

MAX_WIDTH = 280


def fit_columns(table: QTableView, max_width: int = MAX_WIDTH) -> None:
    """Size each column to its contents (capped); the last one keeps stretching.

    ``resizeColumnsToContents`` looks at the rows loaded so far, so call it after the
    first page, not for every page of a long lazy list."""
    table.setWordWrap(False)
    header = table.horizontalHeader()
    for column in range(header.count() - 1):  # the last one stretches to the edge
        table.resizeColumnToContents(column)
        if header.sectionSize(column) > max_width:
            header.resizeSection(column, max_width)
