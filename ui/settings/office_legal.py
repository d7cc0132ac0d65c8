"""The office's review body and court in the settings dialog, shown read-only.

Both are per-office settings the platform publishes with the catalog
(``counterdesk_resources/catalog/offices.json`` on the reference platform) and both are printed on
rejection notices (行政许可法第三十八条第二款: the right to 行政复议 and 行政诉讼, naming
where). A counter cannot change them: a wrong court on a notice is fixed at the platform,
once, for every counter of the office.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("OfficeLegal", text)


def read_office(store: Any) -> dict[str, Any]:
    """The office block of the saved catalog from a store thread, or {} when unreadable."""
    if store is None:
        return {}
    try:
        info = store.call_blocking(lambda s: s.office_info())
    except Exception:  # the dialog must open even when the store cannot be read
        log.exception("office settings could not be read")
        return {}
    return info if isinstance(info, dict) else {}


def add_office_rows(form: QFormLayout, office: Mapping[str, Any], parent: QWidget) -> list[QLabel]:
    """Append the review body and court rows to ``form``; returns their value labels."""
    labels = []
    for name, caption in (
        ("review_body", _tr("Administrative review body")),
        ("court", _tr("Court for administrative lawsuits")),
    ):
        value = str(office.get(name) or "")
        label = QLabel(value or _tr("not set by the platform"), parent)
        label.setObjectName(f"{name}Value")
        label.setToolTip(_tr("Printed on rejection notices; set for the office by the platform."))
        form.addRow(caption, label)
        labels.append(label)
    return labels
