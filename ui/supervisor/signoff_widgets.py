"""Pieces of the sign-off screen: the proposal's detail pane and "open in the workspace".

The table cuts long texts; the pane under it shows the whole proposal — applicant, item,
who proposed the rejection and when, the reason, and every material received with its
originals, copies and scan — so a supervisor decides on the full picture.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QTextBrowser, QWidget

from ui.i18n import current_language
from ui.supervisor.labels import local_time


def _tr(text: str) -> str:
    return QCoreApplication.translate("SignoffDetail", text)


def material_line(m: Mapping[str, Any]) -> str:
    """One material as "name (originals 1, copies 2, scanned)"."""
    parts = [
        _tr("originals %1").replace("%1", str(m.get("originals", 0))),  # 原件 %1 份
        _tr("copies %1").replace("%1", str(m.get("copies", 0))),  # 复印件 %1 份
    ]
    if m.get("scan"):
        parts.append(_tr("scanned"))  # 已扫描
    sep = "，" if current_language().startswith("zh") else ", "
    return f"{m.get('name', '')}（{sep.join(parts)}）"


def materials_summary(materials: Sequence[Mapping[str, Any]]) -> str:
    """The table cell: names only ("none" when nothing was received)."""
    if not materials:
        return _tr("None received")  # 未收材料
    return "、".join(str(m.get("name", "")) for m in materials)


def materials_tooltip(materials: Sequence[Mapping[str, Any]]) -> str:
    return "\n".join(material_line(m) for m in materials) or materials_summary(materials)


class SignoffDetail(QTextBrowser):
    """Read-only rich text of the selected proposal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setMinimumHeight(120)
        self.show_row(None)

    def show_row(self, row: Mapping[str, Any] | None) -> None:
        if row is None:
            self.setHtml(f"<p>{escape(_tr('Select a proposal to see its details.'))}</p>")
            return
        e = escape
        heading = f"{e(str(row.get('receipt_no', '')))} · {e(str(row.get('applicant_name', '')))}"
        facts = [
            (_tr("Service item"), str(row.get("item_name") or row.get("item_code") or "")),
            (_tr("Received"), local_time(row.get("received_at"))),
            (
                _tr("Proposed by"),
                f"{row.get('proposed_by', '')}  {local_time(row.get('proposed_at'))}",
            ),
            (_tr("Clerk's reason"), str(row.get("reason") or _tr("(none given)"))),
        ]
        items = "".join(f"<li>{e(material_line(m))}</li>" for m in row.get("materials") or [])
        materials = f"<ul>{items}</ul>" if items else f"<p>{e(_tr('None received'))}</p>"
        self.setHtml(
            f"<h3>{heading}</h3><table>"
            + "".join(f"<tr><th align='left'>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in facts)
            + f"</table><p><b>{e(_tr('Materials received'))}</b></p>{materials}"
        )


def open_in_workspace(widget: QObject, record_id: str) -> bool:
    """Ask the enclosing workspace (anything up the parent chain with ``open_record``) to
    show the application in its detail tab; False when the panel stands alone."""
    parent = widget.parent()
    while parent is not None:
        opener = getattr(parent, "open_record", None)
        if callable(opener):
            opener(record_id)
            return True
        parent = parent.parent()
    return False
