"""Which actions the detail view offers: the domain's transition table filtered by the
record's status and the user's role, plus the append-only actions (materials, notes,
ratings) where they make sense, and reprint. Qt-free so it is easy to test exhaustively.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from offline.domain.status import CLOCK_RUNNING, Role, Status
from offline.domain.supplement_rules import notices
from offline.domain.transitions import allowed_transitions


@dataclass(frozen=True)
class Action:
    """One button of the detail view. ``target`` is set for status changes."""

    key: str
    zh: str
    en: str
    target: Status | None = None
    needs: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


# Status changes a counter user can make, by (from, to); labels say what happens.
_TRANSITION_ACTIONS: dict[tuple[Status, Status], tuple[str, str, str]] = {
    (Status.RECEIVED, Status.ACCEPTED): ("accept", "受理", "Accept"),
    (Status.AWAITING_SUPPLEMENT, Status.ACCEPTED): ("accept", "补正后受理", "Accept"),
    (Status.RECEIVED, Status.AWAITING_SUPPLEMENT): ("supplement", "一次性告知", "Supplement"),
    (Status.AWAITING_SUPPLEMENT, Status.RECEIVED): ("resume", "已补正，重新核验", "Supplied"),
    (Status.RECEIVED, Status.REJECTION_PROPOSED): ("propose_rejection", "拟不予受理", "Reject"),
    (Status.REJECTION_PROPOSED, Status.REJECTED): ("sign_off", "签发不予受理", "Sign off"),
    (Status.REJECTION_PROPOSED, Status.RECEIVED): ("return", "退回重审", "Return"),
    (Status.APPROVED, Status.DELIVERED): ("deliver", "送达/取件登记", "Delivery"),
    (Status.DENIED, Status.DELIVERED): ("deliver", "送达/取件登记", "Delivery"),
    (Status.RECEIVED, Status.WITHDRAWN): ("withdraw", "撤回", "Withdraw"),
    (Status.ACCEPTED, Status.WITHDRAWN): ("withdraw", "撤回", "Withdraw"),
    (Status.AWAITING_SUPPLEMENT, Status.WITHDRAWN): ("withdraw", "退件", "Withdraw"),
}
_ADD_MATERIAL = {Status.RECEIVED, Status.AWAITING_SUPPLEMENT}
_ACCEPTANCE_RATED = {Status.ACCEPTED, Status.UNDER_REVIEW, Status.SUSPENDED}
_COMPLETION_RATED = {Status.APPROVED, Status.DENIED, Status.DELIVERED}
COUNTER_ROLES = ("clerk", "supervisor")


def rating_stage(doc: Mapping[str, Any]) -> str | None:
    """The stage a rating may be given for now (None when none is open)."""
    status = Status(doc["status"])
    rated = {r.get("stage") for r in doc.get("ratings") or []}
    if status in _COMPLETION_RATED and "completion" not in rated:
        return "completion"
    if status in _ACCEPTANCE_RATED and "acceptance" not in rated:
        return "acceptance"
    return None


def available_actions(doc: Mapping[str, Any], role: str) -> list[Action]:
    """The actions ``role`` may take on ``doc`` now, in a stable order."""
    if role not in COUNTER_ROLES:
        return []
    status = Status(doc["status"])
    actions: list[Action] = []
    for row in allowed_transitions(status, role):
        label = _TRANSITION_ACTIONS.get((status, row.target))
        if "override_reason" in row.requires:
            # 行政许可法 第三十二条: only a FURTHER notice needs the supervisor's override.
            if not notices(doc):
                continue
            label = ("supplement", "再次告知（负责人审批）", "Further notice (override)")
        if label is not None:
            actions.append(Action(label[0], label[1], label[2], row.target, row.requires))
    # 行政许可法 第四十二条: the supervisor approves one extension while the clock runs.
    if role == Role.SUPERVISOR and status in CLOCK_RUNNING and not doc.get("extension"):
        actions.append(Action("extend", "延长办理期限", "Extend", None, ("working_days", "reason")))
    if status in _ADD_MATERIAL and role == "clerk":
        actions.append(Action("add_material", "补充材料", "Add material"))
    if rating_stage(doc) is not None:
        actions.append(Action("rate", "好差评", "Rating"))
    actions.append(Action("note", "备注", "Note"))  # append-only: allowed in any status
    actions.append(Action("reprint", "补打文书", "Reprint"))
    return actions
