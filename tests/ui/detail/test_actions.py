"""Detail actions follow the domain's transition table and the user's role."""

from __future__ import annotations

import pytest

from demo.intake_data import demo_application
from ui.detail.actions import available_actions, rating_stage


def keys(status: str, role: str, **extra: object) -> list[str]:
    doc = demo_application(status)
    doc.update(extra)
    return [a.key for a in available_actions(doc, role)]


@pytest.mark.parametrize(
    ("status", "role", "expected"),
    [
        ("received", "clerk",
         ["accept", "supplement", "propose_rejection", "withdraw", "add_material", "note",
          "reprint"]),
        ("received", "supervisor", ["note", "reprint"]),
        ("awaiting_supplement", "clerk",
         ["resume", "accept", "withdraw", "add_material", "note", "reprint"]),
        ("rejection_proposed", "clerk", ["note", "reprint"]),
        ("rejection_proposed", "supervisor", ["sign_off", "return", "note", "reprint"]),
        ("accepted", "clerk", ["withdraw", "rate", "note", "reprint"]),
        ("under_review", "clerk", ["rate", "note", "reprint"]),
        ("approved", "clerk", ["deliver", "rate", "note", "reprint"]),
        ("rejected", "clerk", ["note", "reprint"]),
        ("received", "back_office", []),
        # 行政许可法 第四十二条: only the supervisor extends, while the clock runs
        ("accepted", "supervisor", ["extend", "rate", "note", "reprint"]),
        ("under_review", "supervisor", ["extend", "rate", "note", "reprint"]),
    ],
)  # fmt: skip
def test_actions_by_state_and_role(status: str, role: str, expected: list[str]) -> None:
    assert keys(status, role) == expected


def test_extension_is_offered_once() -> None:
    assert "extend" not in keys("accepted", "supervisor", extension={"working_days": 10})


def test_further_notice_is_the_supervisors_override() -> None:
    first = {"missing": [{"code": "M01", "name": "申请书", "problem": "缺"}], "at": ""}
    supervisor = {a.key: a for a in available_actions(
        {**demo_application("received"), "supplement_notices": [first]}, "supervisor")}  # fmt: skip
    assert supervisor["supplement"].needs == ("missing", "override_reason")
    assert supervisor["supplement"].en == "Further notice (override)"


def test_rating_is_offered_once_per_stage() -> None:
    doc = demo_application("accepted")
    assert rating_stage(doc) == "acceptance"
    doc["ratings"] = [{"id": "r1", "stage": "acceptance", "score": 5, "comment": "", "at": ""}]
    assert rating_stage(doc) is None
    assert "rate" not in [a.key for a in available_actions(doc, "clerk")]
    doc["status"] = "approved"
    assert rating_stage(doc) == "completion"


def test_transition_actions_carry_what_the_domain_requires() -> None:
    actions = {a.key: a for a in available_actions(demo_application("received"), "clerk")}
    assert actions["propose_rejection"].needs == ("reason",)
    assert actions["supplement"].needs == ("missing",)
    assert actions["accept"].needs == ()
