"""No document of any shape makes the deadline rules raise: a hostile or damaged
document gives an unknown date or a refusal, never an exception."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from offline.domain.case_deadline import (
    case_due_date,
    refilled_due_date,
    supplement_window,
)
from offline.domain.catalog import ServiceItem
from offline.domain.deadlines import WorkCalendar
from offline.domain.mutations import apply_mutation, new_mutation
from tests.offline.domain.samples import item_dict

ITEM = ServiceItem.from_dict(item_dict())
CAL = WorkCalendar()
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30)
    | st.sampled_from(["2026-03-02T02:00:00+00:00", "2026-03-02", "accepted", "received"]),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)  # fmt: skip
KEYS = ["status", "received_at", "accepted_at", "updated_at", "history", "suspended",
        "extension", "supplement", "supplement_notices", "materials", "due_date"]  # fmt: skip
docs = st.fixed_dictionaries({}, optional={k: junk for k in KEYS})


@settings(max_examples=300, deadline=None)
@given(doc=docs)
def test_junk_documents_never_raise(doc: dict[str, Any]) -> None:
    case_due_date(doc, ITEM, CAL, now=NOW)
    supplement_window(doc, CAL, date(2026, 3, 4))
    refilled_due_date(doc, ITEM, CAL)


@settings(max_examples=200, deadline=None)
@given(
    doc=docs, payload=st.dictionaries(st.sampled_from(["working_days", "reason", "due_date"]), junk)
)
def test_junk_extensions_are_refused_not_raised(
    doc: dict[str, Any], payload: dict[str, Any]
) -> None:
    doc = {**doc, "id": "rec-1"}
    m = new_mutation("extend", "rec-1", payload, actor="u-sv", role="supervisor",
                     at="2026-03-03T02:00:00+00:00")  # fmt: skip
    for strict in (True, False):
        result = apply_mutation(doc, m, strict=strict, item=ITEM, calendar=CAL)
        assert result.outcome in ("applied", "rejected")
