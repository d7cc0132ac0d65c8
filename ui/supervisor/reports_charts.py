"""QtCharts views of a report: bars for counts by status and by clerk, a pie for ratings.

Each view keeps one QChart and replaces its series and axes when a new report arrives
(``removeAllSeries`` deletes the old series; old axes are detached and deleted later), so
switching periods does not pile up chart objects. A long by-clerk list is cut to the
busiest ``MAX_BARS`` clerks plus one "others" bar; the table beside it has them all.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

Row = tuple[str, str, int]
MAX_BARS = 12


class _Chart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(360, 240)
        chart = self.chart()
        chart.legend().setVisible(False)
        chart.setMargins(chart.margins() * 0)
        self.shown: list[tuple[str, int]] = []  # (label, value) as drawn, for tests

    def _clear(self) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()


class BarChart(_Chart):
    """Vertical bars (``horizontal=False``) or horizontal bars of one count per label."""

    def __init__(self, *, horizontal: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.horizontal = horizontal

    def show_rows(self, title: str, rows: list[Row], others: str = "") -> None:
        points = [(label, count) for _key, label, count in rows]
        if len(points) > MAX_BARS:
            rest = sum(c for _label, c in points[MAX_BARS - 1 :])
            points = [*points[: MAX_BARS - 1], (others or "…", rest)]
        self._clear()
        chart = self.chart()
        chart.setTitle(title)
        # Horizontal bars are drawn bottom-up: reverse them so the busiest is on top.
        ordered = list(reversed(points)) if self.horizontal else points
        bars = QBarSet(title)
        bars.append([float(c) for _label, c in ordered])
        bars.setLabelColor(Qt.GlobalColor.black)
        series = QHorizontalBarSeries() if self.horizontal else QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([label for label, _c in ordered])
        values = QValueAxis()
        values.setLabelFormat("%d")
        values.setRange(0, max([c for _label, c in points] or [0]) * 1.1 or 1)
        values.applyNiceNumbers()  # round ticks (0, 5, 10 …) instead of 0, 6, 13 …
        category_side, value_side = (
            (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
            if self.horizontal
            else (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft)
        )
        chart.addAxis(categories, category_side)
        chart.addAxis(values, value_side)
        series.attachAxis(categories)
        series.attachAxis(values)
        self.shown = points


class PieChart(_Chart):
    """One slice per label with a non-zero count (好差评 distribution)."""

    def show_rows(self, title: str, rows: list[Row]) -> None:
        self._clear()
        chart = self.chart()
        chart.setTitle(title)
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        series = QPieSeries()
        points = [(label, count) for _key, label, count in rows if count > 0]
        for label, count in points:
            piece = series.append(f"{label}: {count}", float(count))
            piece.setLabelVisible(False)
        chart.addSeries(series)
        self.shown = points
