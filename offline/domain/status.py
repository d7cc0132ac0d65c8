"""Application statuses and acting roles.

The names are the wire names used in documents, mutations and the store; the labels are
what a clerk reads (Chinese first).
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    RECEIVED = "received"  # 已收件
    ACCEPTED = "accepted"  # 已受理
    AWAITING_SUPPLEMENT = "awaiting_supplement"  # 待补正
    WITHDRAWN = "withdrawn"  # 撤回 / 退件
    REJECTION_PROPOSED = "rejection_proposed"  # 拟不予受理
    REJECTED = "rejected"  # 不予受理
    UNDER_REVIEW = "under_review"  # 审查中
    SUSPENDED = "suspended"  # 挂起
    APPROVED = "approved"  # 准予
    DENIED = "denied"  # 不予许可
    DELIVERED = "delivered"  # 已送达


class Role(StrEnum):
    CLERK = "clerk"  # 窗口人员
    SUPERVISOR = "supervisor"  # 窗口负责人
    BACK_OFFICE = "back_office"  # 后台审批


TERMINAL: frozenset[Status] = frozenset({Status.WITHDRAWN, Status.REJECTED, Status.DELIVERED})

# Statuses in which the promised time limit is running (or paused, for suspended).
CLOCK_RUNNING: frozenset[Status] = frozenset(
    {Status.ACCEPTED, Status.UNDER_REVIEW, Status.SUSPENDED}
)

STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.RECEIVED: ("已收件", "Received"),
    Status.ACCEPTED: ("已受理", "Accepted"),
    Status.AWAITING_SUPPLEMENT: ("待补正", "Awaiting supplement"),
    Status.WITHDRAWN: ("已撤回", "Withdrawn"),
    Status.REJECTION_PROPOSED: ("拟不予受理", "Rejection proposed"),
    Status.REJECTED: ("不予受理", "Rejected"),
    Status.UNDER_REVIEW: ("审查中", "Under review"),
    Status.SUSPENDED: ("挂起", "Suspended"),
    Status.APPROVED: ("准予许可", "Approved"),
    Status.DENIED: ("不予许可", "Denied"),
    Status.DELIVERED: ("已送达", "Delivered"),
}

ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.CLERK: ("窗口人员", "Clerk"),
    Role.SUPERVISOR: ("窗口负责人", "Supervisor"),
    Role.BACK_OFFICE: ("后台审批", "Back office"),
}


def status_label(status: Status | str, lang: str = "zh_CN") -> str:
    zh, en = STATUS_LABELS[Status(status)]
    return zh if lang.lower().startswith("zh") else en


def role_label(role: Role | str, lang: str = "zh_CN") -> str:
    zh, en = ROLE_LABELS[Role(role)]
    return zh if lang.lower().startswith("zh") else en
