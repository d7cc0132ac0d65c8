"""The store side of push outcomes (offline/store/syncing.record_outcomes).

Why: an `applied` outcome newer than the record's server copy leaves the local view as it
is (the mutation is replayed until a pull brings that version), so the store only moves
the record's sync state instead of replaying every pushed create. These tests check on a
real encrypted store that the view really stays, the state follows the outbox, repeats
are ignored, and that the view IS rebuilt when the mutation stops being replayed.
"""

from __future__ import annotations

from typing import Any

from offline.store.store import Store
from tests.fixtures.store import CLERK, intake_fields


def _outcome(m: dict[str, Any], outcome: str = "applied", **extra: Any) -> dict[str, Any]:
    return {
        "op_id": m["op_id"],
        "seq": m["seq"],
        "record_id": m["record_id"],
        "outcome": outcome,
        **extra,
    }


def test_applied_outcomes_move_only_the_sync_state(store: Store) -> None:
    docs = [store.intake(CLERK, **intake_fields(name=f"王{i}")) for i in range(3)]
    store.add_note(CLERK, docs[2]["id"], "还没推送")
    creates = store.pending_mutations(3)
    before = {d["id"]: store.get(d["id"]) for d in docs}
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        store.record_outcomes([_outcome(m, version=1) for m in creates])
    finally:
        store.conn.set_trace_callback(None)
    assert not [s for s in statements if "SET updated_at" in s or " doc = " in s]
    for d in docs:
        assert store.get(d["id"]) == before[d["id"]]  # nothing flickers
    states = [store.record_sync_state(d["id"]) for d in docs]
    assert states == ["synced", "synced", "pending"]  # the note is still open
    row = store.conn.execute(
        "SELECT sync_state FROM applications WHERE id = ?", (docs[0]["id"],)
    ).fetchone()
    assert row == ("synced",)
    assert store.sync_counts()["pending"] == 1
    store.record_outcomes([_outcome(m, version=1) for m in creates])  # a repeat: ignored
    applied = store.conn.execute("SELECT count(*) FROM outbox WHERE state = 'applied'")
    assert applied.fetchone()[0] == len(creates)


def test_outcome_the_copy_already_shows_rebuilds_the_view(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields())
    [create] = store.pending_mutations(1)
    store.record_outcomes([_outcome(create, version=1)])
    server = {**create["payload"]["doc"], "version": 1}
    store.apply_pull_page(
        [{"seq": 1, "record_id": doc["id"], "version": 1, "doc": server}], {"epoch": 1, "seq": 1}
    )
    store.add_note(CLERK, doc["id"], "本地")
    [note] = store.pending_mutations(1)
    pulled = {**server, "version": 2, "notes": [{"id": "p", "text": "平台", "by": "x", "at": "t"}]}
    store.apply_pull_page(
        [{"seq": 2, "record_id": doc["id"], "version": 2, "doc": pulled}], {"epoch": 1, "seq": 2}
    )
    assert [n["text"] for n in store.get(doc["id"])["notes"]] == ["平台", "本地"]  # type: ignore[index]
    # The platform says the note went in as version 2, which the copy already shows (it
    # was pulled first): the note is no longer replayed and the view becomes the copy.
    store.record_outcomes([_outcome(note, version=2)])
    assert store.get(doc["id"]) == pulled == store.server_copy(doc["id"])
    assert store.record_sync_state(doc["id"]) == "synced"


def test_rejection_rebuilds_the_view_and_keeps_the_clerks_payload(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields())
    [create] = store.pending_mutations(1)
    store.record_outcomes([_outcome(create, version=1)])
    server = {**create["payload"]["doc"], "version": 1}
    store.apply_pull_page(
        [{"seq": 1, "record_id": doc["id"], "version": 1, "doc": server}], {"epoch": 1, "seq": 1}
    )
    store.set_fields(CLERK, doc["id"], {"phone": "13900139000"})
    [change] = store.pending_mutations(1)
    store.record_outcomes([_outcome(change, "rejected", reason="forbidden")])
    assert store.get(doc["id"]) == server  # the refused change is no longer shown ...
    [held] = store.open_conflicts(doc["id"])  # ... but kept where a person sees it
    assert held["kind"] == "rejected" and held["reason"] == "forbidden"
    assert "13900139000" in str(held["clerk_value"])
    assert store.record_sync_state(doc["id"]) == "rejected"
