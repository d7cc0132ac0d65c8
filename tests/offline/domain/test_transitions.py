"""The transition table against DESIGN.md's state table, and check_transition's errors."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from offline.domain.errors import IllegalTransition, PermissionDenied, ValidationFailed
from offline.domain.status import TERMINAL, Role, Status
from offline.domain.transitions import TRANSITIONS, allowed_transitions, check_transition

C, SV, BO = "clerk", "supervisor", "back_office"
# (from, to, role) exactly as DESIGN.md's state table reads.
DESIGN_ROWS = {
    (None, "received", C),
    ("received", "accepted", C),
    ("received", "awaiting_supplement", C),
    ("awaiting_supplement", "received", C),
    ("awaiting_supplement", "accepted", C),
    ("awaiting_supplement", "withdrawn", C),
    ("received", "rejection_proposed", C),
    ("rejection_proposed", "rejected", SV),
    ("rejection_proposed", "received", SV),
    ("accepted", "under_review", BO),
    ("under_review", "suspended", BO),
    ("suspended", "under_review", BO),
    ("under_review", "approved", BO),
    ("under_review", "denied", BO),
    ("approved", "delivered", C),
    ("denied", "delivered", C),
    ("received", "withdrawn", C),
    ("accepted", "withdrawn", C),
}
# Beyond DESIGN.md's table, required by issue 3 (the platform's back office can "request
# supplement after acceptance"): a one-time supplement notice from accepted or under review.
ISSUE_3_ROWS = {
    ("accepted", "awaiting_supplement", BO),
    ("under_review", "awaiting_supplement", BO),
}
# 行政许可法 第三十二条第一款第四项: the supplement notice lists everything at once; a
# further notice adding materials is the supervisor's audited override.
ISSUE_10_ROWS = {
    ("received", "awaiting_supplement", SV),
}

GOOD_DATA: dict[str, Any] = {
    "reason": "申请人主动撤回",
    "comment": "材料齐全，请重新审核",
    "missing": [{"code": "M02", "name": "营业执照", "problem": "缺少复印件"}],
    "decision": {"doc_no": "南市监许〔2026〕12号", "text": "准予许可"},
    "delivery": {"method": "mail", "tracking_no": "SF1234567890"},
    "override_reason": "申请人变更申请事项，需补充新的材料",
}


def test_table_is_exactly_the_design_table_plus_issue_3_and_10() -> None:
    rows = {(t.source and t.source.value, t.target.value, t.role.value) for t in TRANSITIONS}
    assert rows == DESIGN_ROWS | ISSUE_3_ROWS | ISSUE_10_ROWS
    assert not DESIGN_ROWS & ISSUE_3_ROWS
    assert len(rows) == len(TRANSITIONS), "one row per (from, to, role)"


@pytest.mark.parametrize("row", TRANSITIONS, ids=lambda t: f"{t.source}->{t.target}")
def test_every_row_passes_with_its_data_and_fails_without(row: Any) -> None:
    data = {k: GOOD_DATA[k] for k in row.requires}
    frozen = copy.deepcopy(data)
    assert check_transition(row.source, row.target, row.role, data) is row
    assert data == frozen, "check_transition never mutates"
    for key in row.requires:
        partial = {k: v for k, v in data.items() if k != key}
        with pytest.raises(ValidationFailed) as info:
            check_transition(row.source, row.target, row.role, partial)
        assert info.value.issues[0].field == key


@pytest.mark.parametrize("row", TRANSITIONS, ids=lambda t: f"{t.source}->{t.target}")
def test_other_roles_are_refused(row: Any) -> None:
    data = {k: GOOD_DATA[k] for k in row.requires}
    own = {t.role for t in TRANSITIONS if (t.source, t.target) == (row.source, row.target)}
    for role in Role:
        if role not in own:
            with pytest.raises(PermissionDenied) as info:
                check_transition(row.source, row.target, role, data)
            assert info.value.code == "forbidden"
            assert "须由" in info.value.message()


def test_every_pair_not_in_table_is_illegal() -> None:
    pairs = {(t.source, t.target) for t in TRANSITIONS}
    sources: list[Status | None] = [None, *Status]
    for src in sources:
        for dst in Status:
            if (src, dst) in pairs:
                continue
            for role in Role:
                with pytest.raises(IllegalTransition) as info:
                    check_transition(src, dst, role, GOOD_DATA)
                expected = "terminal_status" if src in TERMINAL else "illegal_transition"
                assert info.value.code == expected


def test_unknown_status_and_role() -> None:
    with pytest.raises(IllegalTransition):
        check_transition("received", "teleported", "clerk", {})
    with pytest.raises(PermissionDenied):
        check_transition("received", "accepted", "janitor", {})


@pytest.mark.parametrize(
    ("target", "data", "field"),
    [
        ("awaiting_supplement", {"missing": []}, "missing"),
        ("awaiting_supplement", {"missing": [{"code": "M01"}]}, "missing[0]"),
        ("withdrawn", {"reason": "   "}, "reason"),
        ("withdrawn", {"reason": "长" * 501}, "reason"),
        ("rejection_proposed", {"reason": 42}, "reason"),
    ],
)
def test_malformed_data_is_refused(target: str, data: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        check_transition("received", target, "clerk", data)
    assert info.value.issues[0].field == field


def test_delivery_by_mail_needs_tracking_number() -> None:
    with pytest.raises(ValidationFailed) as info:
        check_transition("approved", "delivered", "clerk", {"delivery": {"method": "mail"}})
    assert info.value.issues[0].field == "delivery.tracking_no"
    with pytest.raises(ValidationFailed):
        check_transition("approved", "delivered", "clerk", {"delivery": {"method": "drone"}})
    check_transition("denied", "delivered", "clerk", {"delivery": {"method": "pickup"}})


def test_allowed_transitions_for_menus() -> None:
    clerk = {t.target for t in allowed_transitions("received", "clerk")}
    assert clerk == {
        Status.ACCEPTED, Status.AWAITING_SUPPLEMENT, Status.REJECTION_PROPOSED, Status.WITHDRAWN
    }  # fmt: skip
    assert allowed_transitions("received", "back_office") == []
    assert {t.target for t in allowed_transitions("rejection_proposed", "supervisor")} == {
        Status.REJECTED, Status.RECEIVED
    }  # fmt: skip


def test_unknown_status_message_names_the_bad_value() -> None:
    with pytest.raises(IllegalTransition) as info:
        check_transition("limbo", "accepted", "clerk", {})
    assert "limbo" in info.value.message() and "limbo" in info.value.message("en")
    with pytest.raises(IllegalTransition) as info:
        check_transition(None, "limbo", "clerk", {})
    assert "limbo" in info.value.message()
