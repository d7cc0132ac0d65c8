"""Extending the time limit (延期), 行政许可法 第四十二条.

"二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由
告知申请人": the head of the agency — at the counter, the supervisor (窗口负责人) —
approves an extension of at most the item's legal extension (ten working days for a
licence, `case_deadline.legal_extension_days`), ONCE, with a reason the applicant is
told in the extension notice (延期通知书). Only while the clock runs (accepted, under
review, suspended). The platform applies the same checks to a pushed `extend` mutation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from offline.domain.case_deadline import legal_extension_days
from offline.domain.catalog import ServiceItem
from offline.domain.errors import IllegalTransition, Issue, PermissionDenied, ValidationFailed
from offline.domain.status import CLOCK_RUNNING, Role, Status, status_label
from offline.domain.text import is_one_of


def check_extension(
    doc: Mapping[str, Any], m: Mapping[str, Any], item: ServiceItem | None, strict: bool
) -> None:
    """Raise unless this `extend` mutation may apply to `doc` (see the module rules)."""
    if m["role"] != Role.SUPERVISOR:
        raise PermissionDenied(
            Issue(
                "role",
                "forbidden",
                "延长办理期限须经窗口负责人批准",
                "Only a supervisor approves an extension",
            )
        )
    status = doc.get("status")
    if not is_one_of(status, CLOCK_RUNNING):
        known = is_one_of(status, set(Status))
        zh = status_label(str(status)) if known else str(status)
        en = status_label(str(status), "en") if known else str(status)
        raise IllegalTransition(
            Issue(
                "status",
                "not_running",
                f"办件{zh}，不能延长办理期限",
                f"The application is {en}; its time limit cannot be extended",
            )
        )
    if isinstance(doc.get("extension"), Mapping):
        raise IllegalTransition(
            Issue(
                "extension",
                "already_extended",
                "办理期限已延长过一次，不能再次延长",
                "The time limit has already been extended once",
            )
        )
    if item is None:
        if strict:
            raise ValidationFailed(
                Issue("item_code", "unknown_item", "事项不存在或未同步", "Unknown service item")
            )
        return
    allowed = legal_extension_days(item)
    days = m["payload"]["working_days"]
    if days > allowed:
        raise ValidationFailed(
            Issue(
                "working_days",
                "exceeds_legal_extension",
                f"延长期限不能超过法定的{allowed}个工作日",
                f"The extension cannot exceed the legal {allowed} working days",
            )
        )


def extension_entry(m: Mapping[str, Any]) -> dict[str, Any]:
    """The document's `extension` record: how long, why, who approved it and when."""
    payload = m["payload"]
    return {
        "working_days": payload["working_days"],
        "reason": payload["reason"],
        "by": m["actor"],
        "at": m["at"],
        "op_id": m["op_id"],
    }
