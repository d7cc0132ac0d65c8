"""Schema migrations: every earlier version upgrades to the latest, each step atomic."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from offline.store import connection, migrations, schema_v4, schema_v5, views
from offline.store.errors import SchemaTooNew, WrongKey
from offline.store.migrations import LATEST, MIGRATIONS, Migration
from offline.store.store import Store
from tests.fixtures.store import report_days_expected, report_days_stored

KEY = os.urandom(32)


def _step(to: str, hour: int) -> dict[str, Any]:
    return {"from": None, "to": to, "at": f"2026-11-2{hour % 10}T0{hour // 10}:00:00+00:00"}


# Documents whose report columns (schema v5) the migration must back-fill: none of the
# facts, acceptance only, completion by denial, and a delivered record (completion is the
# earlier `approved` step) with several ratings, one of them malformed (a bool score).
DOCS: list[dict[str, Any]] = [
    {},
    {"accepted_at": "2026-11-26T02:00:00+00:00", "history": [_step("received", 1)],
     "ratings": [{"score": 5}]},
    {"accepted_at": "2026-11-26T03:00:00+00:00",
     "history": [_step("received", 1), _step("accepted", 2), _step("denied", 13)],
     "ratings": [], "due_date": "2026-11-22"},
    {"accepted_at": "2026-11-26T04:00:00+00:00",
     "history": [_step("received", 1), _step("approved", 24), _step("delivered", 35)],
     "ratings": [{"score": 4}, {"score": 1}, {"score": 4}, {"score": True}, "x"],
     "due_date": "2026-11-24"},
]  # fmt: skip
for _i, _doc in enumerate(DOCS[1:], start=1):
    _doc["received_at"] = f"2026-11-26T0{_i}:00:00+00:00"


def _v1_row(conn: connection.Connection, i: int, name: str) -> None:
    conn.execute(
        "INSERT INTO applications (id, office_code, receipt_no, item_code, status, "
        "applicant_name, cert_no, phone, received_at, due_date, updated_at, doc) "
        "VALUES (?, '520102', ?, 'I1', 'received', ?, ?, '13800138000', ?, ?, ?, ?)",
        (f"id{i}", f"520102-03-20261126-{i:04d}", name, f"52010219900307{i:04d}",
         DOCS[i]["received_at"], DOCS[i].get("due_date"), "2026-11-26T00:00:00+00:00",
         json.dumps(DOCS[i])),
    )  # fmt: skip


def _report_columns(store: Store) -> list[tuple[Any, ...]]:
    return store.conn.execute(
        "SELECT accepted_at, completed_at, accept_seconds, complete_seconds, on_time, "
        "rating_1, rating_2, rating_3, rating_4, rating_5 "
        "FROM applications ORDER BY id"
    ).fetchall()


def test_there_is_more_than_one_version() -> None:
    assert LATEST >= 2
    versions = [m.version for m in MIGRATIONS]
    # strictly increasing; a number may be held by a migration of another branch
    assert versions[0] == 1 and versions == sorted(set(versions)) and versions[-1] == LATEST


@pytest.mark.parametrize("start", [0, *(m.version for m in MIGRATIONS[:-1])])
def test_upgrade_from_every_earlier_version(tmp_path: Path, start: int) -> None:
    db = tmp_path / "old.db"
    conn = connection.create_database(db, KEY)
    migrations.migrate(conn, target=start)
    assert migrations.current_version(conn) == start
    if start >= 1:
        conn.execute("BEGIN")
        conn.execute("INSERT INTO sync_state (id, device_id) VALUES (1, 'dev-old')")
        for i, name in enumerate(["张三", "欧阳娜娜", "李"], start=1):
            _v1_row(conn, i, name)
            if start >= 5:  # a file already at v5 carries the report columns
                conn.execute(
                    "UPDATE applications SET (accepted_at, completed_at, accept_seconds, "
                    "complete_seconds, on_time, rating_1, rating_2, rating_3, rating_4, "
                    "rating_5) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?",
                    (*views.report_columns(DOCS[i]), f"id{i}"),
                )
        conn.execute("COMMIT")
    conn.close()
    with Store.open(db, KEY) as store:
        assert migrations.current_version(store.conn) == LATEST
        if start >= 1:
            assert store.device_id == "dev-old"
            assert [r["id"] for r in store.search("张三").rows] == ["id1"]
            assert [r["id"] for r in store.search("欧阳娜娜").rows] == ["id2"]
            assert [r["id"] for r in store.search("李").rows] == ["id3"]
            assert [r["id"] for r in store.search("0307000").rows] == ["id3", "id2", "id1"]
            assert store.counts_by_status() == {"received": 3}
            # v5 back-fill: the same rules as the write paths (views.report_columns).
            columns = _report_columns(store)
            assert columns == [views.report_columns(d) for d in DOCS[1:]]
            assert columns[2] == ("2026-11-26T04:00:00+00:00", "2026-11-24T02:00:00+00:00",
                                  3600, -2 * 86400 - 7200, 1, 1, 0, 0, 2, 0)  # fmt: skip
            assert columns[1][:5] == ("2026-11-26T03:00:00+00:00", "2026-11-23T01:00:00+00:00",
                                      3600, -3 * 86400 - 7200, 0)  # fmt: skip
            assert columns[0][2:5] == (3600, None, None)
            # v6 back-fill: per-day totals equal a recount of the rows.
            days = report_days_stored(store.conn)
            assert days == report_days_expected(store.conn)
            assert days[("s", "2026-11-26", "received")] == (
                3, 3, 3 * 3600, 2, -5 * 86400 - 4 * 3600, 2, 1, 1, 0, 0, 2, 1)  # fmt: skip
            assert days[("c", "2026-11-26", "")] == (3, *[0] * 11)
        automerge = store.conn.execute(
            "SELECT v FROM applications_fts_config WHERE k = 'automerge'"
        ).fetchone()
        assert automerge == (schema_v4.AUTOMERGE,)


def test_a_failing_migration_rolls_back_completely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = connection.create_database(tmp_path / "m.db", KEY)
    migrations.migrate(conn, target=1)

    def broken(c: connection.Connection) -> None:
        c.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    monkeypatch.setattr(migrations, "MIGRATIONS", (MIGRATIONS[0], Migration(2, "x", broken)))
    with pytest.raises(RuntimeError):
        migrations.migrate(conn)
    assert migrations.current_version(conn) == 1
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in names and "applications" in names
    conn.close()


def test_a_newer_file_is_refused(tmp_path: Path) -> None:
    conn = connection.create_database(tmp_path / "n.db", KEY)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    with pytest.raises(SchemaTooNew) as info:
        Store.open(tmp_path / "n.db", KEY)
    assert "升级" in info.value.zh


def test_statement_splitter_keeps_trigger_bodies() -> None:
    parts = list(migrations.statements("CREATE TABLE a(x);\nCREATE TRIGGER t AFTER INSERT ON a "
                                       "BEGIN\n SELECT 1;\n SELECT 2;\nEND;\n"))  # fmt: skip
    assert len(parts) == 2 and parts[1].endswith("END;")


def _old_file(tmp_path: Path, version: int, rows: int) -> Path:
    """A file at `version` with `rows` applications (documents of DOCS, cycled)."""
    db = tmp_path / f"v{version}.db"
    conn = connection.create_database(db, KEY)
    migrations.migrate(conn, target=version)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO sync_state (id, device_id) VALUES (1, 'dev-old')")
    for i in range(rows):
        doc = DOCS[1 + i % 3]
        conn.execute(
            "INSERT INTO applications (id, office_code, receipt_no, item_code, status, "
            "applicant_name, received_at, updated_at, doc) "
            "VALUES (?, '520102', ?, 'I1', 'received', '张三', ?, ?, ?)",
            (f"id{i}", f"r{i}", doc["received_at"], doc["received_at"], json.dumps(doc)),
        )
    conn.execute("COMMIT")
    conn.close()
    return db


def test_pending_migration_then_progress_to_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _old_file(tmp_path, 4, 25)
    assert Store.pending_migration(db, KEY) == migrations.PendingMigration(4, LATEST, 25)
    assert Store.pending_migration(tmp_path / "absent.db", KEY) is None
    with pytest.raises(WrongKey):
        Store.pending_migration(db, os.urandom(32))
    monkeypatch.setattr(schema_v5, "CHUNK", 4)  # 7 chunks of the v5 back-fill
    seen: list[tuple[int, int]] = []
    with Store.open(db, KEY, on_progress=lambda done, total: seen.append((done, total))) as store:
        assert Store.pending_migration(db, KEY) is None
        assert report_days_stored(store.conn) == report_days_expected(store.conn)
        assert _report_columns(store)[:3] == [views.report_columns(DOCS[1 + i % 3])
                                              for i in (0, 1, 10)]  # fmt: skip
    total = seen[0][1]
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert all(t == total for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len({d for d, _ in seen}) >= 8  # the back-fill reports chunk by chunk
    with Store.open(db, KEY, on_progress=lambda d, t: seen.append((-1, -1))):
        assert seen[-1] == (total, total)  # nothing to do: no call


def test_a_progress_callback_can_abort_the_upgrade(tmp_path: Path) -> None:
    db = _old_file(tmp_path, 4, 10)

    def stop(done: int, total: int) -> None:
        if 0 < done < total:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Store.open(db, KEY, on_progress=stop)
    assert Store.pending_migration(db, KEY) == migrations.PendingMigration(4, LATEST, 10)
    with Store.open(db, KEY) as store:  # a later open finishes the upgrade
        assert migrations.current_version(store.conn) == LATEST
        assert store.counts_by_status() == {"received": 10}


def test_pending_migration_of_a_profile(tmp_path: Path) -> None:
    from offline.store import keys, open_profile, paths, pending_migration

    assert pending_migration("p1", tmp_path) is None  # no database yet
    open_profile("p1", tmp_path, create=True).close()
    assert pending_migration("p1", tmp_path) is None  # current
    db = paths.db_path("p1", tmp_path)
    key = keys.load_key("p1")
    assert key is not None
    conn = connection.open_database(db, key, check="none")
    conn.execute("PRAGMA user_version = 5")  # pretend: an older file (schema v5)
    conn.close()
    assert pending_migration("p1", tmp_path) == migrations.PendingMigration(5, LATEST, 0)
