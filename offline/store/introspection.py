"""What a store's database holds, table by table, for diagnostics and support.

Read with sqlite-utils on the store's own connection: its table, view and index
introspection replaces hand-written ``sqlite_master`` / ``PRAGMA index_list`` queries. Only
names and counts leave here, never row contents, so the result is safe to ship in a
diagnostics bundle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

if TYPE_CHECKING:
    from offline.store.store import Store


def _database(store: Store) -> Database:
    # recursive_triggers=False: sqlite-utils would otherwise switch the pragma on for the
    # whole connection, and the store's triggers are written for SQLite's default.
    return Database(store.conn, recursive_triggers=False)


def schema_overview(store: Store, *, with_rows: bool = True) -> dict[str, Any]:
    """Every table with its indexes (name, columns, unique) and, unless ``with_rows`` is
    false, its row count; and the views. A support engineer reads from it whether a
    migration left a table or index behind."""
    db = _database(store)
    tables: dict[str, Any] = {}
    for table in db.tables:
        tables[table.name] = {
            **({"rows": table.count} if with_rows else {}),
            "indexes": [
                {"name": index.name, "columns": list(index.columns), "unique": bool(index.unique)}
                for index in table.indexes
            ],
        }
    return {"tables": tables, "views": sorted(db.view_names())}
