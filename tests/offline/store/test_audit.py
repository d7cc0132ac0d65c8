"""The audit hash chain: intact logs verify; edits, deletions and reorders are named."""

from __future__ import annotations

import pytest

from offline.store.store import Store
from tests.fixtures.store import CLERK, intake_fields


@pytest.fixture
def audited(store: Store) -> Store:
    doc = store.intake(CLERK, **intake_fields())
    for i in range(4):
        store.add_note(CLERK, doc["id"], f"备注{i}")
    return store


def _seqs(store: Store) -> list[int]:
    return [r[0] for r in store.conn.execute("SELECT seq FROM audit_log ORDER BY seq")]


def test_intact_chain_verifies(audited: Store) -> None:
    report = audited.verify_audit()
    assert report.ok and report.entries == len(_seqs(audited)) >= 7
    assert "完整" in report.message() and "intact" in report.message("en")


@pytest.mark.parametrize("column", ["detail", "actor", "at", "action", "record_id"])
def test_edited_entry_is_named(audited: Store, column: str) -> None:
    audited.conn.execute(f"UPDATE audit_log SET {column} = '{{\"x\": 1}}' WHERE seq = 5")
    report = audited.verify_audit()
    assert (report.ok, report.first_bad_seq, report.problem) == (False, 5, "edited")
    assert "第 5 条被修改" in report.message()


def test_rehashed_edit_is_still_caught_by_the_next_link(audited: Store) -> None:
    from offline.store.audit import entry_hash

    row = audited.conn.execute(
        "SELECT at, actor, action, record_id, op_id, prev_hash FROM audit_log WHERE seq = 4"
    ).fetchone()
    content = {"at": row[0], "actor": "mallory", "action": row[2], "record_id": row[3],
               "op_id": row[4], "detail": None}  # fmt: skip
    audited.conn.execute(
        "UPDATE audit_log SET actor = 'mallory', detail = 'null', hash = ? WHERE seq = 4",
        (entry_hash(row[5], content),),
    )
    report = audited.verify_audit()
    assert (report.ok, report.first_bad_seq, report.problem) == (False, 4, "edited")


def test_deleted_entry_is_named(audited: Store) -> None:
    audited.conn.execute("DELETE FROM audit_log WHERE seq = 4")
    report = audited.verify_audit()
    assert (report.ok, report.first_bad_seq, report.problem) == (False, 4, "deleted")


def test_deleted_and_renumbered_entry_is_named(audited: Store) -> None:
    audited.conn.execute("DELETE FROM audit_log WHERE seq = 4")
    audited.conn.execute("UPDATE audit_log SET seq = seq - 1 WHERE seq > 4")
    report = audited.verify_audit()
    assert (report.first_bad_seq, report.problem) == (4, "deleted")


def test_deleted_newest_entry_is_named(audited: Store) -> None:
    last = _seqs(audited)[-1]
    audited.conn.execute("DELETE FROM audit_log WHERE seq = ?", (last,))
    report = audited.verify_audit()
    assert (report.ok, report.first_bad_seq, report.problem) == (False, last, "deleted")


def test_forged_appended_entry_is_named(audited: Store) -> None:
    from offline.store.audit import entry_hash

    last_seq, last_hash = audited.conn.execute(
        "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    content = {"at": "2026-01-01T00:00:00+00:00", "actor": "mallory", "action": "x",
               "record_id": None, "op_id": None, "detail": None}  # fmt: skip
    audited.conn.execute(
        "INSERT INTO audit_log VALUES (?, ?, 'mallory', 'x', NULL, NULL, 'null', ?, ?)",
        (last_seq + 1, content["at"], last_hash, entry_hash(last_hash, content)),
    )
    report = audited.verify_audit()
    assert (report.ok, report.first_bad_seq, report.problem) == (False, last_seq + 1, "edited")


def test_reordered_entries_are_named(audited: Store) -> None:
    conn = audited.conn
    conn.execute("UPDATE audit_log SET seq = -1 WHERE seq = 4")
    conn.execute("UPDATE audit_log SET seq = 4 WHERE seq = 5")
    conn.execute("UPDATE audit_log SET seq = 5 WHERE seq = -1")
    report = audited.verify_audit()
    assert (report.ok, report.first_bad_seq, report.problem) == (False, 4, "reordered")
    assert "顺序" in report.message()


def test_chain_survives_reopen_and_continues(store_factory) -> None:  # type: ignore[no-untyped-def]
    store = store_factory("chain")
    doc = store.intake(CLERK, **intake_fields())
    path = store.path
    store.close()
    from offline.store.opening import open_profile

    with open_profile("chain", path.parent.parent.parent) as again:
        again.add_note(CLERK, doc["id"], "重开后")
        assert again.verify_audit().ok
