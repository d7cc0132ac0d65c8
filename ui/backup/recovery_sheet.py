"""The printable recovery sheet (恢复单): the recovery code as groups and as a QR code.

The sheet is the only copy of the recovery key: it goes to the office safe. It names the
office, the profile and the sheet number (the code's check group, also recorded beside
each backup) so an administrator can tell which sheet opens which backup, and says in
both languages how to use it on a new computer. The code itself is never stored.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QTextDocument

from offline.domain.clock import TZ
from offline.store.recovery_code import RecoveryCode
from ui.printing.output import save_pdf
from ui.printing.qr import qr_image

QR_URL = QUrl("counterdesk://recovery-qr")


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecoverySheet", text)


def sheet_html(code: RecoveryCode, *, profile: str, office: str, device_id: str,
               made_at: datetime) -> str:  # fmt: skip
    groups = code.grouped().split("-")
    rows = "<br>".join(" ".join(groups[i : i + 4]) for i in range(0, len(groups), 4))
    when = made_at.astimezone(TZ).strftime("%Y-%m-%d %H:%M")
    steps = _tr(
        "To open a backup on a new computer: copy the backup file together with its "
        ".recovery file, then run: counterdesk store restore --profile NAME "
        "--recovery-code CODE FILE"
    )
    return (
        f"<h1>{escape(_tr('CounterDesk recovery sheet'))}</h1>"
        f"<p>{escape(_tr('Keep this sheet in the office safe. Anyone holding it and a backup can read the backup.'))}</p>"  # noqa: E501
        f"<p>{escape(_tr('Sheet number'))}: <b>{escape(code.recovery_id)}</b><br>"
        f"{escape(_tr('Office'))}: {escape(office)}<br>"
        f"{escape(_tr('Profile'))}: {escape(profile)}<br>"
        f"{escape(_tr('Device'))}: {escape(device_id)}<br>"
        f"{escape(_tr('Made at'))}: {escape(when)}</p>"
        f"<p style='font-family: monospace; font-size: 18pt'>{rows}</p>"
        f"<p><img src='{QR_URL.toString()}' width='220' height='220'></p>"
        f"<p>{escape(steps)}</p>"
    )


def render_sheet(code: RecoveryCode, *, profile: str, office: str, device_id: str,
                 made_at: datetime) -> QTextDocument:  # fmt: skip
    document = QTextDocument()
    document.addResource(
        QTextDocument.ResourceType.ImageResource, QR_URL, qr_image(code.grouped(), scale=6)
    )
    document.setHtml(
        sheet_html(code, profile=profile, office=office, device_id=device_id, made_at=made_at)
    )
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle, f"Recovery sheet {code.recovery_id}"
    )
    return document


def save_sheet(path: Path, code: RecoveryCode, *, profile: str, office: str, device_id: str,
               made_at: datetime) -> Path:  # fmt: skip
    """Write the sheet as an A4 PDF (print it, then delete the file)."""
    return save_pdf(
        render_sheet(code, profile=profile, office=office, device_id=device_id, made_at=made_at),
        path,
    )
