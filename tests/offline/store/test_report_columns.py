"""The report columns of schema v5 (accepted_at, completed_at, rating_1..5) follow the
document on the per-action path and through a rebase on a newer server copy."""

from __future__ import annotations

import copy
from typing import Any

from offline.store import views
from offline.store.store import Store
from tests.fixtures.store import CLERK, intake_fields

SQL = (
    "SELECT accepted_at, completed_at, accept_seconds, complete_seconds, on_time, "
    "rating_1, rating_2, rating_3, rating_4, rating_5 FROM applications WHERE id = ?"
)


def _columns(store: Store, record_id: str) -> tuple[Any, ...]:
    row = store.conn.execute(SQL, (record_id,)).fetchone()
    doc = store.get(record_id)
    assert doc is not None and tuple(row) == views.report_columns(doc)
    return tuple(row)


def test_actions_keep_the_columns(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields(materials=[
        {"code": "M01", "originals": 1, "copies": 1}, {"code": "M02", "originals": 1, "copies": 1}
    ]))  # fmt: skip
    assert _columns(store, doc["id"]) == (None, None, None, None, None, 0, 0, 0, 0, 0)
    store.rate(CLERK, doc["id"], "acceptance", 4, "")
    store.rate(CLERK, doc["id"], "acceptance", 4, "")
    store.rate(CLERK, doc["id"], "acceptance", 2, "")
    assert _columns(store, doc["id"]) == (None, None, None, None, None, 0, 1, 0, 2, 0)
    accepted = store.transition(CLERK, doc["id"], "accepted")
    assert accepted["accepted_at"] is not None
    columns = _columns(store, doc["id"])
    assert columns[:2] == (accepted["accepted_at"], None) and columns[3:5] == (None, None)
    assert columns[2] is not None and 0 <= columns[2] < 3600


def test_a_rebase_on_a_decided_server_copy_fills_completed_at(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields())
    [create] = store.pending_mutations(10)
    outcome = {"op_id": create["op_id"], "seq": create["seq"], "record_id": doc["id"]}
    store.record_outcomes([{**outcome, "outcome": "applied", "version": 1}])
    store.apply_pull_page(
        [{"seq": 1, "record_id": doc["id"], "version": 1, "doc": create["payload"]["doc"]}],
        {"epoch": 1, "seq": 1},
    )
    store.rate(CLERK, doc["id"], "acceptance", 5, "")  # pending, replayed by the rebase
    server = copy.deepcopy(store.server_copy(doc["id"]) or {})
    steps = [("received", "accepted", "2026-11-26T02:00:00+00:00"),
             ("accepted", "under_review", "2026-11-26T03:00:00+00:00"),
             ("under_review", "approved", "2026-11-27T04:00:00+00:00")]  # fmt: skip
    server["history"] += [
        {"from": a, "to": b, "by": "u-back", "role": "reviewer", "at": at, "reason": None,
         "op_id": None}
        for a, b, at in steps
    ]  # fmt: skip
    server.update(status="approved", accepted_at=steps[0][2], due_date="2026-12-31", version=2)
    store.apply_pull_page(
        [{"seq": 2, "record_id": doc["id"], "version": 2, "doc": server}], {"epoch": 1, "seq": 2}
    )
    assert store.record_sync_state(doc["id"]) == "pending"
    columns = _columns(store, doc["id"])
    assert columns[:2] == (steps[0][2], steps[2][2])
    assert columns[3:] == (26 * 3600, 1, 0, 0, 0, 0, 1)
