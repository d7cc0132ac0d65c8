"""The store keeps the law's due date (行政许可法 art. 32(4), 42, 45, 82): accept, extend,
refill on calendar arrival, the supplement notice's completeness. Dates counted by hand
(2026 holiday notice; a test table for January 2027)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from offline.domain.errors import PermissionDenied, ValidationFailed
from offline.store.store import Store
from tests.fixtures.store import CLERK, SUPERVISOR, intake_fields

BOTH = [{"code": "M01", "originals": 1, "copies": 1}, {"code": "M02", "originals": 1, "copies": 1}]


def _t(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _accepted(store: Store, day: str) -> dict[str, Any]:
    doc = store.intake(CLERK, now=_t(f"{day}T02:00:00"), **intake_fields(materials=BOTH))
    return store.transition(CLERK, doc["id"], "accepted", now=_t(f"{day}T03:00:00"))


def test_accept_and_extend(store: Store) -> None:
    # 5 working days from Thu 2026-12-17: 18, 21, 22, 23, 24 → 12-24.
    doc = _accepted(store, "2026-12-17")
    assert doc["due_date"] == "2026-12-24"
    accept = store.pending_mutations(10)[-1]
    assert accept["payload"]["data"]["due_date"] == "2026-12-24"  # the replay's claim
    with pytest.raises(PermissionDenied):
        store.extend(CLERK, doc["id"], 5, "核查", now=_t("2026-12-18T02:00:00"))
    with pytest.raises(ValidationFailed):
        store.extend(SUPERVISOR, doc["id"], 11, "核查", now=_t("2026-12-18T02:00:00"))
    assert store.get(doc["id"]).get("extension") is None
    # +5 working days: 25, 28, 29, 30, 31 → 12-31.
    extended = store.extend(SUPERVISOR, doc["id"], 5, "需现场核查", now=_t("2026-12-18T02:00:00"))
    assert extended["due_date"] == "2026-12-31"
    m = store.pending_mutations(10)[-1]
    assert (m["kind"], m["role"], m["payload"]["due_date"]) == (
        "extend",
        "supervisor",
        "2026-12-31",
    )
    audit = store.audit_entries(record_id=doc["id"], action="application.extend")
    assert len(audit) == 1 and audit[0]["actor"] == SUPERVISOR.user_id


def test_unknown_due_date_is_filled_when_the_calendar_arrives(store: Store) -> None:
    # 5 working days from Wed 2026-12-30: 12-31, then 2027 (not published) → unknown.
    doc = _accepted(store, "2026-12-30")
    assert doc["due_date"] is None
    store.set_calendar({"2027-01-01": True})  # still not enough data: stays unknown
    assert store.get(doc["id"])["due_date"] is None
    # A table for January 2027 (1 Jan a holiday, weekends off): 12-31 1, 01-04 2, 05 3,
    # 06 4, 07 5 → 2027-01-07.
    days = {f"2027-01-{d:02d}": datetime(2027, 1, d).weekday() < 5 and d != 1 for d in range(1, 32)}
    store.set_calendar(days)
    assert store.get(doc["id"])["due_date"] == "2027-01-07"
    rows = store.conn.execute(
        "SELECT due_date FROM applications WHERE id = ?", (doc["id"],)
    ).fetchone()
    assert rows[0] == "2027-01-07"  # the queue's column too


def test_supplement_notice_must_be_complete(store: Store) -> None:
    doc = store.intake(CLERK, now=_t("2026-03-02T02:00:00"),
                       **intake_fields(materials=BOTH[:1]))  # fmt: skip
    with pytest.raises(ValidationFailed) as info:
        store.transition(CLERK, doc["id"], "awaiting_supplement",
                         data={"missing": [{"code": "M90", "name": "授权委托书", "problem": "缺"}]},
                         now=_t("2026-03-03T02:00:00"))  # fmt: skip
    assert info.value.issues[0].code == "notice_incomplete"
    assert store.get(doc["id"])["status"] == "received"
    assert [m["kind"] for m in store.pending_mutations(10)] == ["create"]
