"""Which documents exist for an application, and how each one is filled in.

Templates live in ``counterdesk_resources/templates/<kind>.html`` (``string.Template``
syntax). Every value is HTML-escaped before substitution; tables of materials are built here. The QR
code of the receipt number is added as an image resource named ``qr:receipt``. Printed
documents are Chinese official texts with English captions; calendar dates are
Asia/Shanghai dates (docs/CONTRACTS.md). A notice carries the date of the decision it
records (``notice_dates``), the provisions it rests on (``legal_basis``, and a comment in
its template), and is set in the print font whose PDF text layer reads back exactly
(``print_fonts``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from string import Template
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument

from counterdesk_resources import resource_path
from ui.intake.cert_types import cert_label, mask_number
from ui.printing import legal_basis, notice_dates
from ui.printing.print_fonts import ensure_print_fonts
from ui.printing.qr import qr_image

TEMPLATES = resource_path("templates")
SHANGHAI = ZoneInfo("Asia/Shanghai")
QR_URL = QUrl("qr:receipt")
SIGNATURE_URL = QUrl("signature:applicant")


def signature_html(signed: bool) -> str:
    """The applicant's signature on the receipt: the pad's image, or a line to sign on."""
    if signed:
        return '申请人签名 Applicant：<img src="signature:applicant" height="48"/>'
    return "申请人签名 Applicant：＿＿＿＿＿＿＿＿"


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
    """What the record does not carry: display names, the print date, the office's
    review body and court (per-office settings from the platform's catalog) and the
    catalog items by code (their department and legal basis)."""

    office_name: str
    clerk_name: str
    printed_on: date
    review_body: str = ""
    court: str = ""
    items: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    reprint: bool = False  # the caller knows this is a second print (else: by date)


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
    """An ISO timestamp (UTC) as an Asia/Shanghai date written 2026年12月7日, or ""."""
    return notice_dates.chinese_date(notice_dates.shanghai_date(stamp))


def _due_date(value: object) -> str:
    try:
        return notice_dates.chinese_date(date.fromisoformat(str(value)))
    except ValueError:
        return ""


def _table(headers: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    headers = list(headers)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    if not body:
        # Spans exactly the header's columns: a wider span adds empty columns to the
        # table and pushes the header out of line with the body.
        body = f'<tr><td colspan="{len(headers)}">（无 none）</td></tr>'
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


def _reprint_mark(kind: DocKind | None, doc: Mapping[str, Any], context: PrintContext) -> str:
    decided = notice_dates.decision_date(kind.value, doc) if kind else None
    if kind is None or not notice_dates.is_reprint(
        decided, context.printed_on, asked=context.reprint
    ):
        return ""
    day = html.escape(notice_dates.chinese_date(context.printed_on))
    return f'<p class="reprint">【补打 Reprint】补打日期 Reprinted on：{day}</p>'


def _legal_values(doc: Mapping[str, Any], context: PrintContext) -> dict[str, str]:
    item = context.items.get(str(doc.get("item_code", ""))) or {}
    reason = _reason(doc)
    ground = legal_basis.ground_for(reason)
    return {
        "department": str(item.get("department") or doc.get("department") or ""),
        "legal_basis": "；".join(legal_basis.rejection_basis(reason, item)),
        "ground_advice": ground.advice_zh if ground else "",
        "ground_advice_en": ground.advice_en if ground else "",
        "review_body": context.review_body or "有管辖权的行政复议机关",
        "review_body_en": context.review_body or "the competent review body",
        "court": context.court or "有管辖权的人民法院",
        "court_en": context.court or "the competent people's court",
    }


def _extension(doc: Mapping[str, Any]) -> dict[str, str]:
    """The extension notice's values (行政许可法 第四十二条: how long and why)."""
    found = doc.get("extension")
    extension: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    return {
        "extension_days": str(extension.get("working_days", "")),
        "extension_reason": str(extension.get("reason") or ""),
        "extension_date": local_date(extension.get("at")),
    }


def fields(
    doc: Mapping[str, Any],
    context: PrintContext,
    kind: DocKind | None = None,
    signed: bool = False,
) -> dict[str, str]:
    """Every placeholder value, HTML-escaped, except the pre-built tables, marks and CSS."""
    applicant = doc.get("applicant") or {}
    due = doc.get("due_date")
    accepted = doc.get("accepted_at")
    decided = notice_dates.decision_date(kind.value, doc) if kind else None
    values = {
        "receipt_no": doc.get("receipt_no", ""),
        "query_password": doc.get("query_password", ""),
        "applicant_name": applicant.get("name", ""),
        "cert_label": cert_label(applicant.get("cert_type", "")),
        "cert_no_masked": mask_number(applicant.get("cert_no", "")),
        "item_name": doc.get("item_name", ""),
        "received_date": local_date(doc.get("received_at")),
        "accepted_date": local_date(accepted),
        "due_date": _due_date(due) if due else "日历未知，另行告知 (calendar unknown)",
        "reason": _reason(doc),
        "office_name": context.office_name,
        "clerk_name": context.clerk_name,
        "printed_date": context.printed_on.isoformat(),
        "decision_date": notice_dates.chinese_date(decided),
        **_legal_values(doc, context),
        **_extension(doc),
    }
    escaped = {k: html.escape(str(v)) for k, v in values.items()}
    escaped["reprint_mark"] = _reprint_mark(kind, doc, context)
    escaped["materials_table"] = _materials(doc)
    escaped["missing_table"] = _missing(doc)
    escaped["css"] = (TEMPLATES / "_base.css").read_text(encoding="utf-8")
    escaped["signature"] = signature_html(signed)
    return escaped


def render_html(
    kind: DocKind, doc: Mapping[str, Any], context: PrintContext, signed: bool = False
) -> str:
    """The filled-in HTML of one document (raises KeyError on a template typo)."""
    template = Template((TEMPLATES / f"{kind.value}.html").read_text(encoding="utf-8"))
    return template.substitute(fields(doc, context, kind, signed))


def render(
    kind: DocKind,
    doc: Mapping[str, Any],
    context: PrintContext,
    signature: QImage | None = None,
) -> QTextDocument:
    """A QTextDocument ready to print, with the receipt number's QR code embedded and,
    when given, the applicant's signature image (``$signature`` in the template)."""
    ensure_print_fonts()
    document = QTextDocument()
    document.addResource(
        QTextDocument.ResourceType.ImageResource, QR_URL, qr_image(doc.get("receipt_no", ""))
    )
    signed = signature is not None and not signature.isNull()
    if signed:
        document.addResource(QTextDocument.ResourceType.ImageResource, SIGNATURE_URL, signature)
    document.setHtml(render_html(kind, doc, context, signed))
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle,
        f"{TITLES[kind][0]} {doc.get('receipt_no', '')}",
    )
    return document
