"""The 办件 state machine as ONE table: (source, target, role, required data).

Every status change anywhere (store, platform, rebase) goes through `check_transition`,
which either returns the matching row or raises a bilingual error. It never mutates
anything, so a refused transition writes nothing.

`data` passed to `check_transition` is the transition mutation's `data` object with the
mutation's `reason` merged in under the key `"reason"`. Required data keys:

- `reason`   non-blank text (≤ 500 chars): why a rejection is proposed, a withdrawal, a
  suspension, a denial.
- `comment`  non-blank text: the supervisor's comment when returning a proposed rejection.
- `missing`  non-empty list of `{"code", "name", "problem"}`: the one-time supplement
  notice (一次性告知) listing every missing or defective material.
- `decision` non-empty text or object: the back office's decision (决定书).
- `delivery` `{"method": "pickup" | "mail", ...}`; `mail` also needs `tracking_no`.
- `override_reason` non-blank text: why a supervisor issues a further supplement notice
  that lists materials the first one did not (行政许可法 第三十二条第一款第四项 allows
  one notice of everything; a second one is an audited exception).

A pair of statuses may have one row per role: the supervisor's row of
`received → awaiting_supplement` is that override.

Intake (`None → received`) needs no transition data: the document itself is validated by
`offline.domain.application`. Accepting needs all required materials, which only the
caller holding the service item can check (`validation.validate_materials`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from offline.domain.errors import (
    IllegalTransition,
    Issue,
    PermissionDenied,
    ValidationFailed,
)
from offline.domain.status import TERMINAL, Role, Status, role_label, status_label
from offline.domain.text import is_one_of

MAX_REASON_LENGTH = 500


@dataclass(frozen=True, slots=True)
class Transition:
    """One legal move: `source` (None = new record) → `target` by `role`, needing `requires`."""

    source: Status | None
    target: Status
    role: Role
    requires: tuple[str, ...] = ()


S = Status
_C, _SV, _BO = Role.CLERK, Role.SUPERVISOR, Role.BACK_OFFICE

TRANSITIONS: tuple[Transition, ...] = (
    Transition(None, S.RECEIVED, _C),
    Transition(S.RECEIVED, S.ACCEPTED, _C),
    Transition(S.RECEIVED, S.AWAITING_SUPPLEMENT, _C, ("missing",)),
    # 行政许可法 第三十二条第一款第四项: the notice lists everything at once; a further
    # notice adding materials needs the supervisor's (窗口负责人) override with a reason.
    Transition(S.RECEIVED, S.AWAITING_SUPPLEMENT, _SV, ("missing", "override_reason")),
    Transition(S.AWAITING_SUPPLEMENT, S.RECEIVED, _C),
    Transition(S.AWAITING_SUPPLEMENT, S.ACCEPTED, _C),
    Transition(S.AWAITING_SUPPLEMENT, S.WITHDRAWN, _C, ("reason",)),
    Transition(S.RECEIVED, S.REJECTION_PROPOSED, _C, ("reason",)),
    Transition(S.REJECTION_PROPOSED, S.REJECTED, _SV),
    Transition(S.REJECTION_PROPOSED, S.RECEIVED, _SV, ("comment",)),
    Transition(S.ACCEPTED, S.UNDER_REVIEW, _BO),
    Transition(S.UNDER_REVIEW, S.SUSPENDED, _BO, ("reason",)),
    Transition(S.SUSPENDED, S.UNDER_REVIEW, _BO),
    Transition(S.UNDER_REVIEW, S.APPROVED, _BO, ("decision",)),
    # Issue 3 (back office "request supplement after acceptance"), beyond DESIGN.md's table:
    # the back office sends a one-time notice for an accepted or reviewed application.
    Transition(S.ACCEPTED, S.AWAITING_SUPPLEMENT, _BO, ("missing",)),
    Transition(S.UNDER_REVIEW, S.AWAITING_SUPPLEMENT, _BO, ("missing",)),
    Transition(S.UNDER_REVIEW, S.DENIED, _BO, ("decision", "reason")),
    Transition(S.APPROVED, S.DELIVERED, _C, ("delivery",)),
    Transition(S.DENIED, S.DELIVERED, _C, ("delivery",)),
    Transition(S.RECEIVED, S.WITHDRAWN, _C, ("reason",)),
    Transition(S.ACCEPTED, S.WITHDRAWN, _C, ("reason",)),
)

_BY_PAIR: dict[tuple[Status | None, Status], tuple[Transition, ...]] = {}
for _row in TRANSITIONS:
    _BY_PAIR[(_row.source, _row.target)] = (*_BY_PAIR.get((_row.source, _row.target), ()), _row)
# Name → member tables: `Status(x)` goes through Enum.__call__ (about 1 µs); these give the
# same member, or ValueError for anything else, at the cost of a dict look-up.
_STATUS: dict[str, Status] = {str(s): s for s in Status}
_ROLE: dict[str, Role] = {str(r): r for r in Role}


def _status(value: Any) -> Status:
    member = _STATUS.get(value) if isinstance(value, str) else None
    if member is None:
        raise ValueError(value)
    return member


def _role(value: Any) -> Role:
    member = _ROLE.get(value) if isinstance(value, str) else None
    if member is None:
        raise ValueError(value)
    return member


def allowed_transitions(source: Status | str | None, role: Role | str) -> list[Transition]:
    """Rows a `role` may take from `source` (for menus and buttons)."""
    src = None if source is None else Status(source)
    return [t for t in TRANSITIONS if t.source == src and t.role == Role(role)]


def find_transition(
    source: Status | str | None, target: Status | str, role: Role | str | None = None
) -> Transition | None:
    """The row for this move: the `role`'s own row when given, else the first one."""
    src = None if source is None else _status(source)
    rows = _BY_PAIR.get((src, _status(target)), ())
    if role is not None:
        return next((r for r in rows if r.role == role), None)
    return rows[0] if rows else None


def _label(source: Status | None) -> tuple[str, str]:
    if source is None:
        return ("新建", "new")
    return (status_label(source), status_label(source, "en"))


def check_transition(
    source: Status | str | None,
    target: Status | str,
    role: Role | str,
    data: Mapping[str, Any] | None = None,
) -> Transition:
    """Return the table row for this move or raise.

    Raises `IllegalTransition` (no such row, unknown status or terminal source),
    `PermissionDenied` (row exists for another role) or `ValidationFailed` (required data
    missing or malformed, one `Issue` per problem). Never mutates its arguments.
    """
    try:
        src = None if source is None else _status(source)
        dst = _status(target)
    except ValueError:
        bad = target if source is None or is_one_of(source, set(Status)) else source
        raise IllegalTransition(
            Issue("status", "unknown_status", f"未知状态：{bad!s}", f"Unknown status: {bad!s}")
        ) from None
    try:
        actor = _role(role)
    except ValueError:
        raise PermissionDenied(
            Issue("role", "unknown_role", f"未知角色：{role!s}", f"Unknown role: {role!s}")
        ) from None
    rows = _BY_PAIR.get((src, dst), ())
    if not rows:
        src_zh, src_en = _label(src)
        if src in TERMINAL:
            raise IllegalTransition(
                Issue(
                    "status",
                    "terminal_status",
                    f"办件已{src_zh}，不能再变更状态",
                    f"The application is {src_en}; its status can no longer change",
                )
            )
        raise IllegalTransition(
            Issue(
                "status",
                "illegal_transition",
                f"不能从“{src_zh}”变更为“{status_label(dst)}”",
                f"Cannot move from '{src_en}' to '{status_label(dst, 'en')}'",
            )
        )
    row = next((r for r in rows if r.role == actor), rows[0])
    if row.role != actor:
        raise PermissionDenied(
            Issue(
                "role",
                "forbidden",
                f"“{status_label(dst)}”须由{role_label(row.role)}操作，当前为{role_label(actor)}",
                f"Only a {role_label(row.role, 'en').lower()} may move the application to "
                f"'{status_label(dst, 'en')}' (you are a {role_label(actor, 'en').lower()})",
            )
        )
    issues = check_requirements(row, data or {})
    if issues:
        raise ValidationFailed(issues)
    return row


def check_requirements(row: Transition, data: Mapping[str, Any]) -> list[Issue]:
    """Issues for each required data key of `row` that is absent or malformed."""
    issues: list[Issue] = []
    for key in row.requires:
        issues.extend(_CHECKS[key](data.get(key)))
    return issues


def _text(key: str, zh_name: str, en_name: str, value: Any) -> list[Issue]:
    if not isinstance(value, str) or not value.strip():
        return [Issue(key, "required", f"请填写{zh_name}", f"The {en_name} is required")]
    if len(value) > MAX_REASON_LENGTH:
        return [
            Issue(
                key,
                "too_long",
                f"{zh_name}不能超过{MAX_REASON_LENGTH}个字",
                f"The {en_name} may have at most {MAX_REASON_LENGTH} characters",
            )
        ]
    return []


def _reason(value: Any) -> list[Issue]:
    return _text("reason", "理由", "reason", value)


def _comment(value: Any) -> list[Issue]:
    return _text("comment", "退回意见", "comment", value)


def _missing(value: Any) -> list[Issue]:
    if not isinstance(value, list) or not value:
        return [
            Issue(
                "missing",
                "required",
                "一次性告知须列明全部缺少或有误的材料",
                "The supplement notice must list every missing or defective material",
            )
        ]
    for i, entry in enumerate(value):
        ok = (
            isinstance(entry, Mapping)
            and all(isinstance(entry.get(k), str) and entry[k].strip() for k in ("code", "name"))
            and isinstance(entry.get("problem", ""), str)
        )
        if not ok:
            return [
                Issue(
                    f"missing[{i}]",
                    "bad_format",
                    "补正材料须包含编码、名称和问题说明",
                    "Each listed material needs a code, a name and a problem text",
                )
            ]
    return []


def _override_reason(value: Any) -> list[Issue]:
    return _text("override_reason", "超出首次告知的理由", "override reason", value)


def _decision(value: Any) -> list[Issue]:
    if (isinstance(value, str) and value.strip()) or (isinstance(value, Mapping) and value):
        return []
    return [Issue("decision", "required", "请填写审批决定", "The decision is required")]


def _delivery(value: Any) -> list[Issue]:
    if not isinstance(value, Mapping) or value.get("method") not in ("pickup", "mail"):
        return [
            Issue(
                "delivery",
                "required",
                "请记录送达方式（自取或邮寄）",
                "Record how the result was delivered (pickup or mail)",
            )
        ]
    tracking = value.get("tracking_no")
    if value["method"] == "mail" and not (isinstance(tracking, str) and tracking.strip()):
        return [
            Issue(
                "delivery.tracking_no",
                "required",
                "邮寄送达须填写运单号",
                "Delivery by mail needs a tracking number",
            )
        ]
    return []


_CHECKS = {
    "reason": _reason,
    "comment": _comment,
    "missing": _missing,
    "decision": _decision,
    "delivery": _delivery,
    "override_reason": _override_reason,
}
