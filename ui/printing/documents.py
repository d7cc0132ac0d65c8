"""Which documents exist for an application, and how each one is filled in.

Templates live in ``resources/templates/<kind>.html`` (``string.Template`` syntax). Every
value is HTML-escaped before substitution; tables of materials are built here. The QR
code of the receipt number is added as an image resource named ``qr:receipt``. Printed
documents are Chinese official texts with English captions; calendar dates are
Asia/Shanghai dates (docs/CONTRACTS.md).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from string import Template
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from ui.intake.cert_types import cert_label, mask_number
from ui.printing.qr import qr_image

TEMPLATES = Path(__file__).resolve().parents[2] / "resources" / "templates"
SHANGHAI = ZoneInfo("Asia/Shanghai")
QR_URL = QUrl("qr:receipt")


class DocKind(StrEnum):
    """The four documents a counter prints."""

    receipt = "receipt"  # 收件凭证
    acceptance = "acceptance"  # 受理通知书
    supplement = "supplement"  # 一次性告知书
    rejection = "rejection"  # 不予受理通知书
    extension = "extension"  # 延期通知书, 行政许可法 第四十二条


TITLES: dict[DocKind, tuple[str, str]] = {
    DocKind.receipt: ("收件凭证", "Receipt for materials"),
    DocKind.acceptance: ("受理通知书", "Notice of acceptance"),
    DocKind.supplement: ("一次性告知书", "One-time supplement notice"),
    DocKind.rejection: ("不予受理通知书", "Notice of non-acceptance"),
    DocKind.extension: ("延期通知书", "Notice of extension"),
}

_ACCEPTED_OR_LATER = {"accepted", "under_review", "suspended", "approved", "denied", "delivered"}


@dataclass(frozen=True)
class PrintContext:
    """What the record does not carry: display names and the print date."""

    office_name: str
    clerk_name: str
    printed_on: date


def kinds_for(doc: Mapping[str, Any]) -> list[DocKind]:
    """The documents that can be (re)printed for this record in its current state.

    A rejection notice needs the supervisor's sign-off (status ``rejected``); before that
    the applicant only gets the receipt.
    """
    kinds = [DocKind.receipt]
    status = doc.get("status")
    if doc.get("accepted_at") or status in _ACCEPTED_OR_LATER:
        kinds.append(DocKind.acceptance)
    if doc.get("supplement"):
        kinds.append(DocKind.supplement)
    if status == "rejected":
        kinds.append(DocKind.rejection)
    if isinstance(doc.get("extension"), Mapping):
        kinds.append(DocKind.extension)
    return kinds


def local_date(stamp: str | None) -> str:
    """An ISO timestamp (UTC) as an Asia/Shanghai calendar date, or an empty string."""
    if not stamp:
        return ""
    return datetime.fromisoformat(stamp).astimezone(SHANGHAI).date().isoformat()


def _table(headers: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    if not body:
        body = '<tr><td colspan="9">（无 none）</td></tr>'
    return f'<table class="list" cellspacing="0"><tr>{head}</tr>{body}</table>'


def _materials(doc: Mapping[str, Any]) -> str:
    rows = [
        (i, m.get("name", ""), m.get("originals", 0), m.get("copies", 0))
        for i, m in enumerate(doc.get("materials") or [], start=1)
    ]
    return _table(["序号 No.", "材料 Material", "原件 Originals", "复印件 Copies"], rows)


def _missing(doc: Mapping[str, Any]) -> str:
    missing = (doc.get("supplement") or {}).get("missing") or []
    rows = [(i, m.get("name", ""), m.get("problem", "")) for i, m in enumerate(missing, 1)]
    return _table(["序号 No.", "材料 Material", "问题 What is missing"], rows)


def _reason(doc: Mapping[str, Any]) -> str:
    for entry in reversed(doc.get("history") or []):
        if entry.get("to") in ("rejected", "rejection_proposed") and entry.get("reason"):
            return str(entry["reason"])
    return ""


def _extension(doc: Mapping[str, Any]) -> dict[str, str]:
    """The extension notice's values (行政许可法 第四十二条: how long and why)."""
    found = doc.get("extension")
    extension: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    return {
        "extension_days": str(extension.get("working_days", "")),
        "extension_reason": str(extension.get("reason") or ""),
        "extension_date": local_date(extension.get("at")),
    }


def fields(doc: Mapping[str, Any], context: PrintContext) -> dict[str, str]:
    """Every placeholder value, HTML-escaped, except the pre-built tables and CSS."""
    applicant = doc.get("applicant") or {}
    due = doc.get("due_date")
    accepted = doc.get("accepted_at")
    values = {
        "receipt_no": doc.get("receipt_no", ""),
        "query_password": doc.get("query_password", ""),
        "applicant_name": applicant.get("name", ""),
        "cert_label": cert_label(applicant.get("cert_type", "")),
        "cert_no_masked": mask_number(applicant.get("cert_no", "")),
        "item_name": doc.get("item_name", ""),
        "received_date": local_date(doc.get("received_at")),
        "accepted_date": local_date(accepted),
        "due_date": due if due else "日历未知，另行告知 (calendar unknown)",
        "reason": _reason(doc),
        "office_name": context.office_name,
        "clerk_name": context.clerk_name,
        "printed_date": context.printed_on.isoformat(),
        **_extension(doc),
    }
    escaped = {k: html.escape(str(v)) for k, v in values.items()}
    escaped["materials_table"] = _materials(doc)
    escaped["missing_table"] = _missing(doc)
    escaped["css"] = (TEMPLATES / "_base.css").read_text(encoding="utf-8")
    return escaped


def render_html(kind: DocKind, doc: Mapping[str, Any], context: PrintContext) -> str:
    """The filled-in HTML of one document (raises KeyError on a template typo)."""
    template = Template((TEMPLATES / f"{kind.value}.html").read_text(encoding="utf-8"))
    return template.substitute(fields(doc, context))


def render(kind: DocKind, doc: Mapping[str, Any], context: PrintContext) -> QTextDocument:
    """A QTextDocument ready to print, with the receipt number's QR code embedded."""
    document = QTextDocument()
    document.addResource(
        QTextDocument.ResourceType.ImageResource, QR_URL, qr_image(doc.get("receipt_no", ""))
    )
    document.setHtml(render_html(kind, doc, context))
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle,
        f"{TITLES[kind][0]} {doc.get('receipt_no', '')}",
    )
    return document
