"""Words a supervisor reads instead of codes: field names, values, times and refusal reasons.

The store and the wire speak in codes (``applicant.cert_no``, ``rejection_proposed``,
``wrong_office``) and UTC instants; the supervisor's screens show the same things as plain,
translatable text in Asia/Shanghai time. Every label goes through ``_tr`` so the lead's
``python -m ui.i18n_tools`` picks it up; the intended Chinese is noted next to each.
Audit action labels live in :mod:`ui.supervisor.audit_labels`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from offline.domain.clock import TZ
from offline.domain.status import STATUS_LABELS, Status
from ui.i18n import current_language
from ui.intake.cert_types import mask_number


def _tr(text: str) -> str:
    return QCoreApplication.translate("SupervisorLabels", text)


def local_time(iso: Any, *, seconds: bool = False) -> str:
    """A stored UTC instant as the counter's local time (Asia/Shanghai)."""
    if not iso:
        return ""
    fmt = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    try:
        return datetime.fromisoformat(str(iso)).astimezone(TZ).strftime(fmt)
    except ValueError:
        return str(iso)


def status_text(status: Any) -> str:
    """The domain's own bilingual status label in the UI language (the code if unknown)."""
    try:
        zh, en = STATUS_LABELS[Status(str(status))]
    except ValueError:
        return str(status)
    return zh if current_language().startswith("zh") else en


def field_label(path: str | None, form_labels: Mapping[str, str] | None = None) -> str:
    """A document path as the name a clerk knows from the intake form."""
    if not path:
        return _tr("Whole action")  # 整个操作
    if path.startswith("form."):
        key = path.removeprefix("form.")
        return (form_labels or {}).get(key) or key
    labels = {
        "phone": _tr("Phone"),  # 联系电话
        "address": _tr("Address"),  # 地址
        "agent": _tr("Agent"),  # 代理人
        "applicant.name": _tr("Applicant's name"),  # 申请人姓名
        "applicant.kind": _tr("Applicant type"),  # 申请人类型
        "applicant.cert_type": _tr("Certificate type"),  # 证件类型
        "applicant.cert_no": _tr("Certificate number"),  # 证件号码
        "applicant.legal_rep": _tr("Legal representative"),  # 法定代表人
        "applicant.sex": _tr("Sex"),  # 性别
        "applicant.birth_date": _tr("Date of birth"),  # 出生日期
        "status": _tr("Status"),  # 办件状态
        "clerk_id": _tr("Clerk"),  # 经办人
    }
    return labels.get(path, path)


def value_text(path: str | None, value: Any, names: Mapping[str, str] | None = None) -> str:
    """A stored value as a person reads it (statuses and users by name, numbers masked)."""
    if value is None or value == "":
        return _tr("(empty)")  # （空）
    if path == "status":
        return status_text(value)
    if path == "clerk_id":
        return (names or {}).get(str(value), str(value))
    if path == "applicant.cert_no" and isinstance(value, str):
        return mask_number(value)
    if isinstance(value, Mapping) and ("name" in value or "cert_no" in value):
        number = mask_number(str(value.get("cert_no") or ""))
        return f"{value.get('name') or ''}（{number}）" if number else str(value.get("name"))
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def rejection_text(code: str | None) -> tuple[str, str]:
    """(what the platform said, what to do about it) for a refused action's reason code."""
    known = {
        "unknown_record": (
            _tr("The platform has no such application."),  # 平台上没有这件办件。
            _tr("Discard this action and check the application with the back office."),
        ),
        "unknown_item": (
            _tr("The office does not offer this service item on the platform."),
            _tr("Sync the catalog, then record the application under a current item."),
        ),
        "invalid_payload": (
            _tr("The data sent was malformed."),  # 提交的数据格式不正确。
            _tr("Correct the value with “Edit and submit”, or discard the action."),
        ),
        "validation_failed": (
            _tr("A value did not pass the platform's checks."),  # 有值未通过平台校验。
            _tr("Correct the value with “Edit and submit”."),
        ),
        "illegal_transition": (
            _tr("The status change is not allowed from the application's current status."),
            _tr("Open the application, check its status on the platform and act again."),
        ),
        "forbidden": (
            _tr("The user who did this may not do it on the platform (role or office)."),
            _tr("Have a user with the right role redo it; discard this action."),
        ),
        "wrong_office": (
            _tr("The application belongs to another office."),  # 该办件属于其他单位。
            _tr("Discard this action; the other office handles the application."),
        ),
        "seq_gap": (
            _tr("Actions reached the platform out of order."),  # 操作到达平台的顺序有误。
            _tr("Sync again; if it stays, export diagnostics for support."),
        ),
        "duplicate_receipt": (
            _tr("Another application of the office has the same receipt number."),
            _tr("This happens after restoring an old backup: contact support."),
        ),
        "unsigned": (
            _tr("The action carries no signature of the user who did it."),
            _tr("Have the user sign in online on this computer once and redo the action."),
        ),
        "bad_signature": (
            _tr("The action's signature is not that user's: it may have been forged."),
            _tr("Do not redo it on trust: check with the user named, then report it."),
        ),
        "key_revoked": (
            _tr("The user's signing key was revoked before this action."),
            _tr("Have a current user redo the action if it is still needed."),
        ),
        "role_not_held": (
            _tr("The user did not hold this role at the time of the action."),
            _tr("Have a user with the right role redo it; discard this action."),
        ),
        "action_time_invalid": (
            _tr("The action's time is impossible (in the future or before the user's key)."),
            _tr("Check this computer's clock, then redo the action."),
        ),
    }
    if code in known:
        return known[code]
    said = _tr("The platform refused the action (%1).").replace("%1", str(code or "?"))
    return said, _tr("Correct it with “Edit and submit”, or discard it.")


def conflict_text() -> tuple[str, str]:
    """What a conflict row means and what to do about it."""
    return (
        _tr("The platform has a different value: someone changed it meanwhile."),
        _tr("Keep the platform's value, resubmit the local one, or edit a new one."),
    )
