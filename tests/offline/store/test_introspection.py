"""The schema overview for diagnostics: every table, row counts, indexes, no row contents,
and the connection's pragmas left as the store set them."""

from __future__ import annotations

from offline.store.introspection import schema_overview
from offline.store.store import Store
from tests.fixtures.store import CLERK, intake_fields


def test_overview_matches_sqlite_master_and_counts(store: Store) -> None:
    store.intake(CLERK, **intake_fields(name="欧阳娜娜"))
    store.intake(CLERK, **intake_fields(name="司马相如"))
    overview = schema_overview(store)
    conn = store.conn
    # The oracle is SQLite's own catalogue, read by hand here.
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(overview["tables"]) == tables
    views = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert set(overview["views"]) == views
    assert overview["tables"]["applications"]["rows"] == 2
    outbox_rows = conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    assert overview["tables"]["outbox"]["rows"] == outbox_rows >= 2
    for table, facts in overview["tables"].items():
        listed = {r[1] for r in conn.execute(f"PRAGMA index_list([{table}])")}
        assert {index["name"] for index in facts["indexes"]} == listed, table
    named = [
        index
        for facts in overview["tables"].values()
        for index in facts["indexes"]
        if not index["name"].startswith("sqlite_autoindex")
    ]
    assert named and all(index["columns"] for index in named)
    assert "欧阳娜娜" not in repr(overview) and "司马相如" not in repr(overview)


def test_overview_leaves_recursive_triggers_as_they_were(store: Store) -> None:
    before = store.conn.execute("PRAGMA recursive_triggers").fetchone()[0]
    schema_overview(store)
    assert store.conn.execute("PRAGMA recursive_triggers").fetchone()[0] == before
