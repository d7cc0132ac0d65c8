"""Step 1: pick the service item (事项) by typing part of its name or code.

Typing filters the list; Up/Down move the selection without leaving the search field;
Enter takes the highlighted item (the wizard then advances).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout

from offline.domain.errors import Issue
from ui.intake.catalog_model import CatalogFilter, CatalogModel, CodeRole, ItemRole
from ui.intake.page import ErrorLabel, Page


class ItemPage(Page):
    def __init__(self) -> None:
        super().__init__()
        self.model = CatalogModel(self)
        self.proxy = CatalogFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setObjectName("itemSearch")
        self.search.setPlaceholderText(self.tr("Name or implementation code"))
        self.list = QListView()
        self.list.setObjectName("itemList")
        self.list.setModel(self.proxy)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.error = ErrorLabel("item")
        self.nothing = QLabel(self.tr("Nothing found"))
        self.nothing.setObjectName("itemNothingFound")
        self.nothing.hide()
        label = QLabel(self.tr("&Search service item (Ctrl+F)"))
        label.setBuddy(self.search)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(self.nothing)
        layout.addWidget(self.error)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.list.selectionModel().currentChanged.connect(lambda *_: self.changed.emit())

    def title(self) -> str:
        return self.tr("Service item")

    def set_catalog(self, items: list[dict[str, Any]]) -> None:
        code = self.selected_code()
        self.model.set_items(items)
        self._filter(self.search.text())
        if code:
            self.select_code(code)

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self.nothing.setVisible(bool(text.strip()) and self.proxy.rowCount() == 0)
        if self.proxy.rowCount() and not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and isinstance(event, QKeyEvent):
            key = event.key() if event.type() == QEvent.Type.KeyPress else None
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                rows = self.proxy.rowCount()
                if rows:
                    row = self.list.currentIndex().row()
                    step = 1 if key == Qt.Key.Key_Down else -1
                    row = min(max(row + step, 0), rows - 1)
                    self.list.setCurrentIndex(self.proxy.index(row, 0))
                return True
        return super().eventFilter(watched, event)

    def selected_item(self) -> dict[str, Any] | None:
        index = self.list.currentIndex()
        return index.data(ItemRole) if index.isValid() else None

    def selected_code(self) -> str | None:
        index = self.list.currentIndex()
        return index.data(CodeRole) if index.isValid() else None

    def select_code(self, code: str) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(CodeRole) == code:
                self.list.setCurrentIndex(index)
                return

    def validate(self) -> list[Issue]:
        issues = []
        if self.selected_item() is None:
            issues.append(Issue("item_code", "required", "请选择办理事项", "Choose a service item"))
        self.error.show_issues(issues)
        return issues

    def focus_first(self, issues: list[Issue] | None = None) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def to_draft(self) -> dict[str, Any]:
        return {"item_code": self.selected_code(), "item_search": self.search.text()}

    def from_draft(self, draft: dict[str, Any]) -> None:
        self.search.setText(draft.get("item_search", ""))
        if draft.get("item_code"):
            self.select_code(draft["item_code"])
