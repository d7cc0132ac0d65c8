"""Schema v7 on a store created at v6: the search index is rebuilt from folded text for the
rows already there, in chunks with progress, atomically, and later writes keep it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from offline.store import connection, migrations, schema_v4, schema_v7, search, search_text
from offline.store.store import Store
from tests.offline.store.test_search_property import brute_force, searched

KEY = os.urandom(32)
ORG = "贵州省贵阳市南明区" + "某" * 70 + "科技有限公司ＡＢＣ分公司"
NAMES = ["Li", "李a", "王\uff21\uff22", "\uf92c平", ORG, "张三", "欧阳娜娜", "ＭｃＤｏｎａｌｄ"]
QUERIES = ["li", "LI", "a", "ＡＢ", "王ab", "\u90ce", "\uf92c", "分公司", "司", "abc分", "张",
           "娜娜", "mc", "ｍｃｄｏｎ", "0307", "13800", "王 a", "zz"]  # fmt: skip


def _v6_store(tmp_path: Path, rows: int) -> Path:
    """A file created and filled at schema v6 (its own triggers index the raw names)."""
    db = tmp_path / "v6.db"
    conn = connection.create_database(db, KEY)
    migrations.migrate(conn, target=6)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO sync_state (id, device_id) VALUES (1, 'dev-old')")
    for i in range(rows):
        name = NAMES[i % len(NAMES)]
        conn.execute(
            "INSERT INTO applications (id, office_code, receipt_no, item_code, status, "
            "applicant_name, cert_no, phone, received_at, updated_at, doc) "
            "VALUES (?, '520102', ?, 'I1', 'received', ?, ?, '13800138000', ?, ?, ?)",
            (f"id{i:03d}", f"520102-03-20261126-{i:04d}", name, f"52010219900307{i:04d}",
             "2026-11-26T01:00:00+00:00", "2026-11-26T01:00:00+00:00",
             json.dumps({"applicant": {"name": name}})),
        )  # fmt: skip
    conn.execute("COMMIT")
    assert migrations.current_version(conn) == 6
    conn.close()
    return db


def test_v6_store_upgrades_to_a_folded_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = 45
    db = _v6_store(tmp_path, rows)
    monkeypatch.setattr(schema_v7, "CHUNK", 10)
    seen: list[tuple[int, int]] = []
    assert Store.pending_migration(db, KEY) == migrations.PendingMigration(
        6, migrations.LATEST, rows
    )
    with Store.open(db, KEY, on_progress=lambda d, t: seen.append((d, t))) as store:
        assert migrations.current_version(store.conn) == migrations.LATEST
        for query in QUERIES:
            got = searched(store, query, 7)
            assert got == brute_force(store, query), query
        assert {"id002", "id004"} <= set(searched(store, "ab", 50))  # 王ＡＢ, the org's ＡＢＣ
        assert searched(store, "司", 50) == searched(store, ORG, 50) != []
        grams = store.conn.execute("SELECT count(*) FROM name_grams").fetchone()[0]
        assert grams == sum(len(search_text.grams(NAMES[i % len(NAMES)])) for i in range(rows))
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert "gram_positions" not in tables
        store.conn.execute(
            "INSERT INTO applications_fts (applications_fts, rank) VALUES ('integrity-check', 1)"
        )
        config = "SELECT v FROM applications_fts_config WHERE k = 'automerge'"
        assert store.conn.execute(config).fetchone() == (schema_v4.AUTOMERGE,)
        meta = "SELECT value FROM meta WHERE key = 'search_unicode_version'"
        assert store.conn.execute(meta).fetchone() == (search_text.UNICODE_VERSION,)
        # the new triggers: a rename and a delete keep the index in step
        store.conn.execute("UPDATE applications SET applicant_name = 'Ｚｅｄ' WHERE id = 'id000'")
        store.conn.execute("DELETE FROM applications WHERE id = 'id001'")
        for query in ("li", "zed", "a", "李", "zz"):
            assert searched(store, query, 50) == brute_force(store, query), query
        assert searched(store, "zed", 50) == ["id000"]
    total = seen[0][1]
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    done = [d for d, _ in seen]
    assert done == sorted(done) and len(set(done)) >= 5  # the back-fill reports chunk by chunk


def test_an_interrupted_upgrade_leaves_the_v6_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _v6_store(tmp_path, 30)
    monkeypatch.setattr(schema_v7, "CHUNK", 10)

    def stop(done: int, total: int) -> None:
        if 0 < done < total:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Store.open(db, KEY, on_progress=stop)
    conn = connection.open_database(db, KEY)
    assert migrations.current_version(conn) == 6
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "gram_positions" in tables  # v6's index, untouched
    conn.close()
    with Store.open(db, KEY) as store:  # a later open finishes the upgrade
        assert searched(store, "ＬＩ", 50) == brute_force(store, "li") != []


def test_a_connection_without_the_search_functions_cannot_desync_the_index(
    tmp_path: Path,
) -> None:
    """A shell with the key but without our functions can read, not change names."""
    import sqlcipher3

    db = _v6_store(tmp_path, 3)
    Store.open(db, KEY).close()
    bare = sqlcipher3.connect(str(db), isolation_level=None)
    bare.execute(f"PRAGMA key = \"x'{KEY.hex()}'\"")
    assert bare.execute("SELECT count(*) FROM applications").fetchone() == (3,)
    with pytest.raises(sqlcipher3.OperationalError, match=search_text.FOLD_FUNCTION):
        bare.execute("UPDATE applications SET phone = '13900000000' WHERE id = 'id000'")
    bare.execute("UPDATE applications SET status = 'accepted' WHERE id = 'id000'")  # not indexed
    bare.close()
    with Store.open(db, KEY) as store:
        assert searched(store, "13800", 50) == brute_force(store, "13800")
        assert len(searched(store, "13800", 50)) == 3
        assert search.term_fields("13800") == schema_v7.TRIGRAM_COLUMNS
