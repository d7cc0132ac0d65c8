"""The sync-facing store API: outbox order, outcomes, pull pages with rebase, epochs."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from offline.store.errors import InvalidArgument
from offline.store.store import Store
from tests.fixtures.store import CLERK, SUPERVISOR, intake_fields


def _outcome(m: dict[str, Any], outcome: str = "applied", **extra: Any) -> dict[str, Any]:
    return {"op_id": m["op_id"], "seq": m["seq"], "record_id": m["record_id"],
            "outcome": outcome, **extra}  # fmt: skip


def _server(doc: dict[str, Any], version: int, **changes: Any) -> dict[str, Any]:
    new = copy.deepcopy(doc)
    new.update(changes, version=version)
    return new


def _change(doc: dict[str, Any], seq: int) -> dict[str, Any]:
    return {"seq": seq, "record_id": doc["id"], "version": doc["version"], "doc": doc}


@pytest.fixture
def synced(store: Store) -> tuple[Store, dict[str, Any]]:
    """One application the platform has accepted as version 1."""
    doc = store.intake(CLERK, **intake_fields())
    [create] = store.pending_mutations(10)
    store.record_outcomes([_outcome(create, version=1)])
    server = _server(create["payload"]["doc"], 1)
    store.apply_pull_page([_change(server, 1)], {"epoch": 1, "seq": 1})
    return store, doc


def test_pending_mutations_in_seq_order_and_in_flight(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields())
    for i in range(4):
        store.add_note(CLERK, doc["id"], f"n{i}")
    first = store.pending_mutations(2)
    assert [m["seq"] for m in first] == [1, 2]
    store.mark_in_flight([m["op_id"] for m in first])
    store.note_push_failure([m["op_id"] for m in first], "timeout")
    assert [m["seq"] for m in store.pending_mutations(10)] == [1, 2, 3, 4, 5]
    attempts = store.conn.execute("SELECT attempts, last_error FROM outbox WHERE seq = 1")
    assert attempts.fetchone() == (1, "timeout")
    counts = store.sync_counts()
    assert counts["pending"] == 5 and counts["oldest_pending_at"] is not None


def test_applied_outcome_keeps_local_view_until_pulled(
    synced: tuple[Store, dict[str, Any]],
) -> None:
    store, doc = synced
    assert store.record_sync_state(doc["id"]) == "synced"
    assert store.pending_mutations(10) == []
    changed = store.set_fields(CLERK, doc["id"], {"phone": "13900139000"})
    [m] = store.pending_mutations(10)
    store.record_outcomes([_outcome(m, version=2)])
    assert store.get(doc["id"])["phone"] == "13900139000"  # type: ignore[index]
    assert store.record_sync_state(doc["id"]) == "synced"
    store.record_outcomes([_outcome(m, version=2)])  # a repeat is ignored
    server = _server(store.server_copy(doc["id"]) or {}, 2, phone="13900139000")
    store.apply_pull_page([_change(server, 2)], {"epoch": 1, "seq": 2})
    assert store.get(doc["id"]) == store.server_copy(doc["id"]) == server
    assert changed["phone"] == server["phone"]


def test_pull_rebases_pending_mutations_on_the_new_server_copy(
    synced: tuple[Store, dict[str, Any]],
) -> None:
    store, doc = synced
    store.set_fields(CLERK, doc["id"], {"address": "新地址"})
    server = _server(store.server_copy(doc["id"]) or {}, 2, status="accepted",
                     due_date="2026-12-31")  # fmt: skip
    store.apply_pull_page([_change(server, 5)], {"epoch": 1, "seq": 5})
    view = store.get(doc["id"])
    assert view is not None
    assert view["status"] == "accepted" and view["address"] == "新地址"
    assert store.server_copy(doc["id"])["address"] == doc["address"]  # type: ignore[index]
    assert store.record_sync_state(doc["id"]) == "pending"
    row = store.conn.execute("SELECT status, due_date FROM applications").fetchone()
    assert row == ("accepted", "2026-12-31")


def test_pull_skips_stale_versions_and_other_offices(synced: tuple[Store, dict[str, Any]]) -> None:
    store, doc = synced
    newer = _server(store.server_copy(doc["id"]) or {}, 3, address="v3")
    store.apply_pull_page([_change(newer, 2)], {"epoch": 1, "seq": 2})
    older = _server(newer, 2, address="v2")
    foreign = _server(newer, 1, id="other-office-record", office_code="520103")
    store.apply_pull_page([_change(older, 3), _change(foreign, 4)], {"epoch": 1, "seq": 4})
    assert store.last_pull is not None
    assert (store.last_pull.applied, store.last_pull.stale, store.last_pull.foreign) == (0, 1, 1)
    assert store.get(doc["id"])["address"] == "v3"  # type: ignore[index]
    assert store.get("other-office-record") is None
    assert store.pull_cursor() == {"epoch": 1, "seq": 4}


def test_cursor_never_goes_backwards(synced: tuple[Store, dict[str, Any]]) -> None:
    store, doc = synced
    store.apply_pull_page([], {"epoch": 1, "seq": 10})
    newer = _server(store.server_copy(doc["id"]) or {}, 9, address="x")
    with pytest.raises(InvalidArgument):
        store.apply_pull_page([_change(newer, 9)], {"epoch": 1, "seq": 9})
    with pytest.raises(InvalidArgument):
        store.apply_pull_page([], {"epoch": 0, "seq": 99})
    assert store.pull_cursor() == {"epoch": 1, "seq": 10}
    assert store.get(doc["id"])["address"] != "x"  # type: ignore[index]


def test_epoch_reset_keeps_the_outbox_and_accepts_lower_versions(
    synced: tuple[Store, dict[str, Any]],
) -> None:
    store, doc = synced
    store.apply_pull_page([_change(_server(store.server_copy(doc["id"]) or {}, 7), 7)],
                          {"epoch": 1, "seq": 7})  # fmt: skip
    store.add_note(CLERK, doc["id"], "断网期间")
    store.reset_for_epoch(2)
    assert store.pull_cursor() == {"epoch": 2, "seq": 0}
    assert len(store.pending_mutations(10)) == 1
    restored = _server(store.server_copy(doc["id"]) or {}, 1, address="restored")
    store.apply_pull_page([_change(restored, 1)], {"epoch": 2, "seq": 1})
    view = store.get(doc["id"])
    assert view is not None and view["address"] == "restored"
    assert view["notes"][-1]["text"] == "断网期间"
    with pytest.raises(InvalidArgument):
        store.reset_for_epoch(1)


def test_field_conflict_is_stored_and_resolvable(synced: tuple[Store, dict[str, Any]]) -> None:
    store, doc = synced
    store.set_fields(CLERK, doc["id"], {"phone": "13900139000", "address": "甲"})
    [m] = store.pending_mutations(10)
    current = _server(store.server_copy(doc["id"]) or {}, 2, phone="13700137000", address="甲")
    conflict = {"path": "phone", "base": doc["phone"], "local": "13900139000",
                "platform": "13700137000"}  # fmt: skip
    store.record_outcomes([_outcome(m, "conflict", conflicts=[conflict], current=current,
                                    version=2)])  # fmt: skip
    store.record_outcomes([_outcome(m, "conflict", conflicts=[conflict], current=current,
                                    version=2)])  # fmt: skip
    [row] = store.open_conflicts()
    assert (row["kind"], row["path"], row["clerk_value"], row["platform_value"]) == (
        "conflict", "phone", "13900139000", "13700137000")  # fmt: skip
    assert store.record_sync_state(doc["id"]) == "conflict"
    assert store.get(doc["id"])["phone"] == "13700137000"  # type: ignore[index]
    assert store.sync_counts()["conflicts"] == 1
    view = store.resolve_conflict(row["id"], "resubmit", actor=CLERK)
    assert view is not None and view["phone"] == "13900139000"
    [again] = store.pending_mutations(10)
    assert again["payload"] == {"fields": {"phone": "13900139000"},
                                "base": {"phone": "13700137000"}}  # fmt: skip
    assert store.open_conflicts() == [] and store.record_sync_state(doc["id"]) == "pending"


def test_status_conflict_and_keep_platform(synced: tuple[Store, dict[str, Any]]) -> None:
    store, doc = synced
    store.transition(CLERK, doc["id"], "withdrawn", reason="申请人撤回")
    [m] = store.pending_mutations(10)
    current = _server(store.server_copy(doc["id"]) or {}, 2, status="accepted")
    store.record_outcomes([_outcome(m, "conflict", reason="illegal_transition",
                                    current=current, version=2)])  # fmt: skip
    [row] = store.open_conflicts(doc["id"])
    assert (row["path"], row["clerk_value"], row["platform_value"]) == (
        "status", "withdrawn", "accepted")  # fmt: skip
    assert store.get(doc["id"])["status"] == "accepted"  # type: ignore[index]
    assert store.resolve_conflict(row["id"], "keep_platform", actor=SUPERVISOR) is None
    assert store.record_sync_state(doc["id"]) == "synced"
    assert store.verify_audit().ok


def test_rejected_create_keeps_the_record_visible(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields())
    [m] = store.pending_mutations(10)
    store.record_outcomes([_outcome(m, "rejected", reason="unknown_item")])
    assert store.get(doc["id"]) == doc
    assert store.record_sync_state(doc["id"]) == "rejected"
    [row] = store.open_conflicts()
    assert row["kind"] == "rejected" and row["reason"] == "unknown_item"
    assert row["clerk_value"]["doc"]["id"] == doc["id"]
    assert store.sync_counts() == {"pending": 0, "oldest_pending_at": None, "conflicts": 0,
                                   "rejected": 1}  # fmt: skip
    with pytest.raises(InvalidArgument):
        store.resolve_conflict(row["id"], "resubmit", actor=CLERK)
    with pytest.raises(InvalidArgument):
        store.record_outcomes([_outcome(m, "exploded")])


def test_pending_blobs_follow_the_mutations(synced: tuple[Store, dict[str, Any]]) -> None:
    store, doc = synced
    store.add_material(CLERK, doc["id"], {"code": "M02", "originals": 1, "copies": 1},
                       content=b"scan-1", mime="image/png")  # fmt: skip
    store.add_note(CLERK, doc["id"], "x")
    mutations = store.pending_mutations(10)
    [(sha, size)] = store.pending_blobs(mutations)
    assert size == 6 and store.pending_blobs(mutations[1:]) == []
    store.mark_blob_uploaded(sha)
    assert store.pending_blobs(mutations) == []


def test_catalog_save_and_etag(store: Store) -> None:
    from tests.fixtures.store import SAMPLE_ITEMS

    assert store.catalog_etag() is None
    store.save_catalog({"items": SAMPLE_ITEMS[:1], "etag": "abc",
                        "calendar": {"version": "1", "days": {"2026-12-26": True}},
                        "office": {"code": "520102", "name": "南明区政务服务中心"}})  # fmt: skip
    assert store.catalog_etag() == "abc"
    assert len(store.list_items()) == 2
    from datetime import date

    assert store.calendar_overrides() == {date(2026, 12, 26): True}


# A fixed instant, never the wall clock: receipt numbers carry the Beijing-time day, and a
# UTC date read near midnight in Beijing is the day before.
RECEIVED = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _platform_docs(store: Store, count: int) -> list[dict[str, Any]]:
    """Documents as the platform would send them: received at another terminal."""
    doc = store.intake(CLERK, **intake_fields(), now=RECEIVED)
    [create] = store.pending_mutations(1)
    template = create["payload"]["doc"]
    store.record_outcomes([_outcome(create, "rejected", reason="test")])
    names = ["张三", "李四", "欧阳娜娜", "王"]
    out = []
    for i in range(count):
        new = _server(
            template,
            1,
            id=f"srv-{i:04d}",
            receipt_no=f"520102-09-20261126-{i:04d}",
            clerk_id=f"u-clerk{i % 3}",
            status=["received", "accepted"][i % 2],
        )
        new["applicant"] = {**doc["applicant"], "name": names[i % 4] + str(i)}
        out.append(new)  # fmt: skip
    return out


@pytest.mark.parametrize("count", [5, 200])
def test_first_sync_of_new_records_is_indexed_and_counted(store: Store, count: int) -> None:
    docs = _platform_docs(store, count)
    store.apply_pull_page([_change(d, i + 1) for i, d in enumerate(docs)],
                          {"epoch": 1, "seq": count})  # fmt: skip
    assert store.last_pull is not None and store.last_pull.applied == count
    assert store.get("srv-0002") == docs[2] == store.server_copy("srv-0002")
    stored = store.conn.execute("SELECT count(*) FROM server_copies WHERE doc IS NULL")
    assert stored.fetchone()[0] == count  # synced copies are not stored twice
    assert {r["id"] for r in store.search("欧阳").rows} == {
        d["id"] for d in docs if d["applicant"]["name"].startswith("欧阳")}  # fmt: skip
    assert {r["id"] for r in store.search("欧阳娜娜2").rows} == {
        d["id"] for d in docs if "欧阳娜娜2" in d["applicant"]["name"]}  # fmt: skip
    grouped = dict(store.conn.execute(
        "SELECT status, count(*) FROM applications GROUP BY status").fetchall())  # fmt: skip
    assert store.counts_by_status() == grouped
    history = store.conn.execute("SELECT count(*) FROM status_history").fetchone()[0]
    assert history == count + 1
    later = store.intake(CLERK, **intake_fields(name="周末"))  # the trigger is back
    assert [r["id"] for r in store.search("周末").rows] == [later["id"]]


def test_local_change_materialises_the_shared_server_copy(store: Store) -> None:
    docs = _platform_docs(store, 3)
    store.apply_pull_page([_change(d, i + 1) for i, d in enumerate(docs)], {"epoch": 1, "seq": 3})
    store.add_note(CLERK, "srv-0001", "本地备注")
    assert store.server_copy("srv-0001") == docs[1]
    assert store.get("srv-0001")["notes"][-1]["text"] == "本地备注"  # type: ignore[index]
    assert store.record_sync_state("srv-0001") == "pending"


def test_intake_skips_receipt_numbers_the_device_already_holds(store: Store) -> None:
    """After a restore the platform can send back receipts this terminal issued later than
    the backup; new intakes must not reuse their serials."""
    docs = _platform_docs(store, 2)
    day = RECEIVED.strftime("%Y%m%d")  # the receipt's day is the Beijing-time day
    for i, doc in enumerate(docs):
        doc["receipt_no"] = f"520102-03-{day}-{i + 2:04d}"  # serials 0002 and 0003
    store.apply_pull_page([_change(d, i + 1) for i, d in enumerate(docs)], {"epoch": 1, "seq": 2})
    fresh = store.intake(CLERK, **intake_fields(), now=datetime.fromisoformat(
        docs[0]["received_at"]))  # fmt: skip
    assert fresh["receipt_no"] == f"520102-03-{day}-0004"
