"""Bilingual errors and status/role enums."""

from __future__ import annotations

import pytest

from offline.domain.errors import (
    DomainError,
    Issue,
    PermissionDenied,
    ValidationFailed,
    raise_if,
)
from offline.domain.status import TERMINAL, Role, Status, status_label


def test_error_messages_are_chinese_first_then_english() -> None:
    err = ValidationFailed([Issue("a", "x", "甲", "A"), Issue("b", "y", "乙", "B")])
    assert err.message() == "甲；乙"
    assert err.message("en") == "A; B"
    assert str(err) == "甲；乙 / A; B"
    assert err.code == "x"
    assert err.to_dict()["issues"][1] == {"field": "b", "code": "y", "zh": "乙", "en": "B"}
    assert Issue.from_dict(err.issues[0].to_dict()) == err.issues[0]


def test_error_without_issues_still_explains() -> None:
    err = PermissionDenied([])
    assert err.code == "forbidden"
    assert err.message("en")


def test_raise_if_only_raises_with_issues() -> None:
    raise_if([])
    with pytest.raises(DomainError):
        raise_if([Issue("f", "c", "中", "en")])


def test_statuses_match_contract() -> None:
    assert {s.value for s in Status} == {
        "received", "accepted", "awaiting_supplement", "withdrawn", "rejection_proposed",
        "rejected", "under_review", "suspended", "approved", "denied", "delivered",
    }  # fmt: skip
    assert {r.value for r in Role} == {"clerk", "supervisor", "back_office"}
    assert {"rejected", "delivered", "withdrawn"} == {s.value for s in TERMINAL}
    assert status_label("awaiting_supplement") == "待补正"
    assert status_label(Status.DENIED, "en") == "Denied"
