"""The bulk path for records new to the device (`bulk.insert_new`: a first full sync and
the benchmark's seed) leaves exactly what the per-row trigger path leaves: schema text,
rows, server copies, search answers, grams and counters."""

from __future__ import annotations

import copy
import json
import random
from datetime import date
from typing import Any

from offline.store import views
from offline.store.bulk import BULK_THRESHOLD
from offline.store.connection import BULK_CACHE_KIB, CACHE_KIB
from offline.store.queue import QueueFilter
from offline.store.store import Store
from tests.benchmarks.store import Generator
from tests.fixtures.store import (
    CLERK,
    ITEM_CODE,
    StoreFactory,
    intake_fields,
    report_days_stored,
)

ROWS = 400


Pages = list[tuple[list[dict[str, Any]], dict[str, int]]]


def _pages(device_id: str, size: int) -> Pages:
    """Pages of up to `size` new records (the benchmark's realistic generator), then a
    page of updates to records already there (renames, status moves: update triggers)."""
    gen = Generator(7, device_id, ROWS)
    docs = [gen.doc(i) for i in range(1, ROWS + 1)]
    rng = random.Random(3)
    # Receipt instants the bulk path's Python day must read as SQLite's date() does: other
    # offsets, Z, fractions, a space instead of T, an impossible date (SQLite rolls it over).
    odd = ["2026-11-25T16:00:00Z", "2026-11-25T21:29:59.5-02:30", "2026-11-26 05:00:00",
           "2026-02-30T20:00:00+00:00", "2026-11-25T23:59:59+08:00", "garbage"]  # fmt: skip
    for doc, received in zip(docs[::50], odd, strict=False):
        doc["received_at"] = received
    for doc in docs:  # ratings for the report columns (schema v5); the generator has none
        doc["ratings"] = [{"id": f"{doc['id']}-r{k}", "stage": "acceptance",
                           "score": rng.randint(1, 5), "comment": "", "at": doc["received_at"]}
                          for k in range(rng.choice([0, 1, 1, 2]))]  # fmt: skip
    updates = []
    for doc in rng.sample(docs, 40):
        new = copy.deepcopy(doc)
        new["applicant"]["name"] = gen.name()
        new["status"] = rng.choice(["received", "accepted", "withdrawn"])
        new["ratings"] = new["ratings"][:1]
        new["accepted_at"] = new["accepted_at"] or new["received_at"]
        new["version"] = doc["version"] + 1
        updates.append(new)
    chunks = [docs[i : i + size] for i in range(0, len(docs), size)] + [updates]
    pages, seq = [], 0
    for chunk in chunks:
        changes = []
        for doc in chunk:
            seq += 1
            changes.append({"seq": seq, "record_id": doc["id"], "version": doc["version"],
                            "doc": doc})  # fmt: skip
        pages.append((changes, {"epoch": 1, "seq": seq}))
    return pages


def _snapshot(store: Store) -> dict[str, Any]:
    q = store.conn.execute
    return {
        "schema": q("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall(),
        "applications": q("SELECT rowid, * FROM applications ORDER BY rowid").fetchall(),
        "copies": q("SELECT record_id, version, epoch, doc FROM server_copies ORDER BY 1")
        .fetchall(),
        "grams": q("SELECT gram, app_rowid FROM name_grams ORDER BY 1, 2").fetchall(),
        "counts": q("SELECT * FROM status_counts WHERE n != 0 ORDER BY 1, 2, 3").fetchall(),
        "report_days": report_days_stored(store.conn),
        "cursor": store.pull_cursor(),
    }  # fmt: skip


def _answers(store: Store, terms: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for term in terms:
        out[f"search:{term}"] = [r["id"] for r in store.search(term, limit=500).rows]
        out[f"fts:{term}"] = store.conn.execute(
            "SELECT rowid FROM applications_fts WHERE applications_fts MATCH ? ORDER BY rowid",
            (f'"{term}"',),
        ).fetchall() if len(term) >= 3 else None  # fmt: skip
    for clerk in ("u-clerk00", "u-clerk07", None):
        f = QueueFilter(statuses=frozenset({"received", "accepted"}), clerk_id=clerk)
        out[f"queue:{clerk}"] = [r["id"] for r in store.queue(f, limit=500).rows]
        out[f"counts:{clerk}"] = store.counts_by_status(QueueFilter(clerk_id=clerk))
    due = QueueFilter(due_by=date(2026, 12, 31))
    out["due"] = [r["id"] for r in store.queue(due, sort="due_asc", limit=500).rows]
    return out


def _terms(store: Store) -> list[str]:
    rows = store.conn.execute(
        "SELECT applicant_name, cert_no, phone, receipt_no FROM applications WHERE rowid % 37 = 0"
    ).fetchall()
    terms = []
    for name, cert, phone, receipt in rows:
        terms += [name[:1], name[-2:], name, cert, cert[6:12], phone[3:8], receipt[-9:]]
    return terms


def test_bulk_path_equals_the_per_row_path(store_factory: StoreFactory) -> None:
    per_row = store_factory("per_row")
    bulk = store_factory("bulk")
    for store in (per_row, bulk):
        store.upsert_catalog(Generator(7, "x", 1).items)
    small = _pages(per_row.device_id, BULK_THRESHOLD - 1)
    big = _pages(per_row.device_id, 150)
    assert len(small[-1][0]) == len(big[-1][0]) == 40 and small[-1][1] == big[-1][1]
    for changes, cursor in small:
        per_row.apply_pull_page(changes, cursor)
    segments = "SELECT count(*) FROM applications_fts_data"
    cache = "PRAGMA cache_size"
    with bulk.first_sync():  # bigger cache while loading, compacted search index after
        assert bulk.conn.execute(cache).fetchone()[0] == -BULK_CACHE_KIB
        for changes, cursor in big:
            bulk.apply_pull_page(changes, cursor)
        before = bulk.conn.execute(segments).fetchone()[0]
    assert bulk.conn.execute(cache).fetchone()[0] == -CACHE_KIB
    assert bulk.conn.execute(segments).fetchone()[0] < before
    assert _snapshot(bulk) == _snapshot(per_row)
    assert len(_snapshot(bulk)["applications"]) == ROWS
    # The report columns (schema v5) are filled on both paths, from the documents.
    report = bulk.conn.execute(
        "SELECT count(accepted_at), count(completed_at), sum(rating_1 + rating_2 + rating_3 "
        "+ rating_4 + rating_5), count(DISTINCT rating_1 || rating_3 || rating_5), "
        "count(accept_seconds), count(complete_seconds), count(on_time) FROM applications"
    ).fetchone()
    assert report[0] > 100 and report[1] > 50 and report[2] > ROWS // 2 and report[3] > 3
    # two odd receipt instants (garbage, 30 February) have no seconds to count
    assert report[4] == report[0] - 2 and report[5] > 50 and report[6] > 20
    for doc_json, *columns in bulk.conn.execute(
        "SELECT doc, accepted_at, completed_at, accept_seconds, complete_seconds, on_time, "
        "rating_1, rating_2, rating_3, rating_4, rating_5 FROM applications"
    ):
        assert tuple(columns) == views.report_columns(json.loads(doc_json))
    terms = _terms(per_row)
    assert len(terms) > 50
    a, b = _answers(per_row, terms), _answers(bulk, terms)
    assert a == b
    assert sum(len(v) for k, v in a.items() if k.startswith("search:")) > len(terms)
    for store in (per_row, bulk):
        store.conn.execute(
            "INSERT INTO applications_fts (applications_fts) VALUES ('integrity-check')"
        )
        assert store.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # The bulk path put its trigger back: a new intake is searchable and counted at once.
    doc = bulk.intake(CLERK, **intake_fields("欧阳明月", item_code=ITEM_CODE))
    assert [r["id"] for r in bulk.search("欧阳明月").rows] == [doc["id"]]
    assert [r["id"] for r in bulk.search("明月").rows][:1] == [doc["id"]]
    assert bulk.counts_by_status(QueueFilter(clerk_id=CLERK.user_id)) == {"received": 1}
