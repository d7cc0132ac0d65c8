"""The store side of a pull page (offline/store/syncing.py, rebase.py, views.py).

Why: the page path writes a record's view straight from the page's document when no
local mutation has to be replayed, stores that server copy as NULL ("same as the view"),
and rewrites only the columns whose value changed (plus `updated_at` and `doc`). These tests
check on a real encrypted store that the shortcuts leave exactly what the slow path
would: every index, the search index and the status counters consistent
(`PRAGMA integrity_check`, FTS5 `integrity-check`), pending local work replayed, stale and
foreign changes refused — and that the light update really is what ran.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from offline.store.store import Store
from tests.fixtures.store import CLERK, intake_fields, valid_id_number

COUNT = 80  # above bulk.BULK_THRESHOLD: the first page takes the bulk path


def _template(store: Store) -> dict[str, Any]:
    """A valid document shape, taken from a real intake whose create is then refused."""
    store.intake(CLERK, **intake_fields())
    [create] = store.pending_mutations(1)
    store.record_outcomes(
        [
            {
                "op_id": create["op_id"],
                "seq": create["seq"],
                "record_id": create["record_id"],
                "outcome": "rejected",
                "reason": "test",
            }
        ]
    )
    return dict(create["payload"]["doc"])


def _docs(store: Store) -> list[dict[str, Any]]:
    template = _template(store)
    out = []
    for i in range(COUNT):
        doc = copy.deepcopy(template)
        doc.update(
            id=f"srv-{i:04d}",
            receipt_no=f"520102-09-20261126-{i:04d}",
            version=1,
            status=["received", "accepted"][i % 2],
        )
        doc["applicant"] = {**doc["applicant"], "name": f"张{i:03d}"}
        out.append(doc)
    return out


def _change(doc: dict[str, Any], seq: int) -> dict[str, Any]:
    return {"seq": seq, "record_id": doc["id"], "version": doc["version"], "doc": doc}


def _next(doc: dict[str, Any], **changes: Any) -> dict[str, Any]:
    new = copy.deepcopy(doc)
    new.update(changes)
    new["version"] = doc["version"] + 1
    new["updated_at"] = "2026-11-26T09:00:00+00:00"
    return new


def _note(doc: dict[str, Any], text: str) -> dict[str, Any]:
    note = {"id": f"n-{doc['id']}", "text": text, "by": "u-clerk2", "at": "2026-11-26T09:00:00"}
    return _next(doc, notes=[*doc.get("notes", []), note])


def _consistent(store: Store) -> None:
    assert store.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    store.conn.execute(
        "INSERT INTO applications_fts (applications_fts, rank) VALUES ('integrity-check', 1)"
    )
    grouped = dict(
        store.conn.execute("SELECT status, count(*) FROM applications GROUP BY status").fetchall()
    )
    assert store.counts_by_status() == grouped


@pytest.fixture
def loaded(store: Store) -> tuple[Store, list[dict[str, Any]]]:
    docs = _docs(store)
    store.apply_pull_page([_change(d, i + 1) for i, d in enumerate(docs)], {"epoch": 1, "seq": 80})
    return store, docs


def test_mixed_page_keeps_every_index_consistent(
    loaded: tuple[Store, list[dict[str, Any]]],
) -> None:
    store, docs = loaded
    store.add_note(CLERK, docs[3]["id"], "本地备注")  # pending local work on one record
    new_cert = valid_id_number(birth="19851111", seq="555")
    page = [_note(d, "已电话告知") for d in docs[:40]]  # light: no indexed column changes
    page[1] = _next(docs[1], status="under_review")  # full: status (index + counters)
    page[2] = _next(docs[2], applicant={**docs[2]["applicant"], "name": "欧阳新名"})  # search
    page[5] = _next(docs[5], applicant={**docs[5]["applicant"], "cert_no": new_cert})
    page[7] = _next(docs[7], due_date="2026-12-31")
    stale = docs[50]  # the version the store already holds
    foreign = {**_note(docs[60], "x"), "id": "other-office", "office_code": "520103"}
    changes = [_change(d, 100 + i) for i, d in enumerate([*page, stale])]
    changes.append({**_change(foreign, 200), "record_id": "other-office"})
    store.apply_pull_page(changes, {"epoch": 1, "seq": 200})

    assert store.last_pull is not None
    assert (store.last_pull.applied, store.last_pull.stale, store.last_pull.foreign) == (40, 1, 1)
    _consistent(store)
    for doc in page:
        if doc["id"] == docs[3]["id"]:
            continue
        assert store.get(doc["id"]) == doc == store.server_copy(doc["id"])
        assert store.record_sync_state(doc["id"]) == "synced"
    null_copies = store.conn.execute(
        "SELECT count(*) FROM server_copies WHERE doc IS NULL AND record_id LIKE 'srv-%'"
    ).fetchone()[0]
    assert null_copies == COUNT - 1  # every copy but the rebased one equals its view
    assert [r["id"] for r in store.search("欧阳新名").rows] == [docs[2]["id"]]
    assert store.search("张002").rows == []
    assert [r["id"] for r in store.by_cert_no(new_cert)] == [docs[5]["id"]]
    row = store.conn.execute(
        "SELECT status, due_date FROM applications WHERE id = ?", (docs[7]["id"],)
    ).fetchone()
    assert row == (docs[7]["status"], "2026-12-31")
    assert store.counts_by_status().get("under_review") == 1
    assert store.get("other-office") is None
    assert store.pull_cursor() == {"epoch": 1, "seq": 200}


def test_pending_local_work_is_replayed_on_the_pulled_copy(
    loaded: tuple[Store, list[dict[str, Any]]],
) -> None:
    store, docs = loaded
    rid = docs[3]["id"]
    store.add_note(CLERK, rid, "本地备注")
    pulled = _next(docs[3], status="under_review")
    store.apply_pull_page([_change(pulled, 300)], {"epoch": 1, "seq": 300})
    view = store.get(rid)
    assert view is not None
    assert view["status"] == "under_review"  # the platform's change
    assert [n["text"] for n in view["notes"]] == ["本地备注"]  # the clerk's, still pending
    assert store.server_copy(rid) == pulled  # stored apart: it differs from the view
    assert store.record_sync_state(rid) == "pending"
    _consistent(store)


def test_unchanged_index_columns_take_the_light_update(
    loaded: tuple[Store, list[dict[str, Any]]],
) -> None:
    store, docs = loaded
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        page = [_note(docs[10], "只加备注"), _next(docs[11], status="under_review")]
        store.apply_pull_page([_change(d, 400 + i) for i, d in enumerate(page)],
                              {"epoch": 1, "seq": 401})  # fmt: skip
    finally:
        store.conn.set_trace_callback(None)
    light = [s for s in statements if s.startswith("UPDATE applications SET updated_at")]
    full = [s for s in statements if s.startswith("UPDATE applications SET status = ")]
    # The trace repeats a statement for each trigger program it runs: the light update
    # ran alone (no index, search or counter work); the status change (SET names only
    # status besides updated_at and doc) ran its triggers.
    assert len(light) == 1 and docs[10]["id"] in light[0]
    assert len(full) > 1 and all(docs[11]["id"] in s for s in full)
    assert store.get(docs[10]["id"]) == page[0]
    assert store.get(docs[11]["id"]) == page[1]
    _consistent(store)


def test_new_epoch_overwrites_copies_with_lower_versions(
    loaded: tuple[Store, list[dict[str, Any]]],
) -> None:
    store, docs = loaded
    store.reset_for_epoch(2)
    again = {**_note(docs[0], "新纪元"), "version": 1}
    store.apply_pull_page([_change(again, 1)], {"epoch": 2, "seq": 1})
    assert store.get(docs[0]["id"]) == again == store.server_copy(docs[0]["id"])
    _consistent(store)


def test_name_with_a_repeated_character_survives_index_column_changes(store: Store) -> None:
    """李娜娜: the search trigger's grams hold 娜 twice. Inside an upsert SQLite used the
    outer statement's conflict policy for the trigger's INSERT OR IGNORE and refused the
    change (a clerk could not fix the phone; a pulled change wedged the pull)."""
    doc = store.intake(CLERK, **intake_fields(name="李娜娜"))
    changed = store.set_fields(CLERK, doc["id"], {"phone": "13900139000"})
    assert changed["phone"] == "13900139000"
    [create, _] = store.pending_mutations(10)
    server = {**create["payload"]["doc"], "version": 1}
    store.record_outcomes(
        [
            {
                "op_id": m["op_id"],
                "seq": m["seq"],
                "record_id": doc["id"],
                "outcome": "applied",
                "version": 1 + i,
            }
            for i, m in enumerate(store.pending_mutations(10))
        ]
    )
    pulled = _next(server, phone="13700137000")
    pulled["applicant"] = {**server["applicant"], "cert_no": valid_id_number(seq="777")}
    pulled["version"] = 3  # after both applied mutations
    store.apply_pull_page([_change(pulled, 1)], {"epoch": 1, "seq": 1})
    assert store.get(doc["id"]) == pulled
    assert [r["id"] for r in store.search("娜娜").rows] == [doc["id"]]
    assert [r["id"] for r in store.search("13700137000").rows] == [doc["id"]]
    _consistent(store)
