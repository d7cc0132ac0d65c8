"""Queue filters, keyset pages, counts per status, and search for 1, 2 and 3+ characters."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from offline.store.errors import InvalidArgument
from offline.store.queue import QueueFilter
from offline.store.search import MAX_TERM_LENGTH
from offline.store.store import Store
from tests.fixtures.store import (
    CLERK,
    CLERK2,
    ITEM_CODE_2,
    SUPERVISOR,
    intake_fields,
    valid_id_number,
)

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
BOTH = [{"code": "M01", "originals": 1, "copies": 1}, {"code": "M02", "originals": 1, "copies": 1}]
NAMES = ["张三", "张三丰", "李", "李四", "欧阳娜娜", "王小明", "张伟", "三张"]


@pytest.fixture
def filled(store: Store) -> dict[str, str]:
    ids: dict[str, str] = {}
    for i, name in enumerate(NAMES):
        actor = CLERK if i % 2 == 0 else CLERK2
        doc = store.intake(actor, now=T0 + timedelta(hours=i), **intake_fields(
            name=name, materials=BOTH, phone=f"139{i:08d}",
            applicant={"kind": "person", "name": name, "cert_type": "111",
                       "cert_no": valid_id_number(seq=f"{i:03d}")},
        ))  # fmt: skip
        ids[name] = doc["id"]
    store.transition(CLERK, ids["张三"], "accepted", now=T0 + timedelta(days=1))
    # within the 5-working-day notice window (行政许可法 art. 32(4)): counted from acceptance
    store.transition(CLERK, ids["李"], "accepted", now=T0 + timedelta(days=4))
    store.transition(CLERK, ids["王小明"], "withdrawn", reason="申请人撤回")
    return ids


def _ids(rows: list[dict[str, object]]) -> list[object]:
    return [r["id"] for r in rows]


def test_short_and_long_name_search(store: Store, filled: dict[str, str]) -> None:
    def found(text: str) -> set[str]:
        return {str(r["applicant_name"]) for r in store.search(text).rows}

    assert found("张三") == {"张三", "张三丰"}
    assert found("李") == {"李", "李四"}
    assert found("三") == {"张三", "张三丰", "三张"}
    assert found("欧阳") == {"欧阳娜娜"}
    assert found("娜娜") == {"欧阳娜娜"}
    assert found("张三丰") == {"张三丰"}
    assert found("阳娜娜") == {"欧阳娜娜"}
    assert found("欧阳娜娜") == {"欧阳娜娜"}
    assert found("张 伟") == {"张伟"}
    assert found("赵") == set()
    assert found("  ") == set()


def test_search_by_numbers_and_newest_first(store: Store, filled: dict[str, str]) -> None:
    rows = store.search("13900000003").rows
    assert _ids(rows) == [filled["李四"]]
    doc = store.get(filled["欧阳娜娜"])
    assert doc is not None
    assert _ids(store.search(doc["receipt_no"]).rows) == [filled["欧阳娜娜"]]
    assert _ids(store.search(doc["receipt_no"][-9:]).rows) == [filled["欧阳娜娜"]]
    everyone = store.search("0307").rows  # every ID number holds the birth date
    assert len(everyone) == len(NAMES)
    received = [r["received_at"] for r in everyone]
    assert received == sorted(received, reverse=True)
    assert _ids(store.search("张 13900000006").rows) == [filled["张伟"]]


def test_search_pages_by_rowid(store: Store, filled: dict[str, str]) -> None:
    first = store.search("0307", limit=3)
    second = store.search("0307", limit=3, before=first.next_before)
    third = store.search("0307", limit=3, before=second.next_before)
    got = _ids(first.rows + second.rows + third.rows)
    assert len(got) == len(set(got)) == len(NAMES) and third.next_before is None


def test_search_refuses_absurd_input(store: Store) -> None:
    with pytest.raises(InvalidArgument):
        store.search("x" * (MAX_TERM_LENGTH + 1))
    with pytest.raises(InvalidArgument):
        store.search("a b c d e f")


def test_exact_lookups(store: Store, filled: dict[str, str]) -> None:
    doc = store.get(filled["李四"])
    assert doc is not None
    assert store.by_receipt_no(doc["receipt_no"]) == doc
    assert _ids(store.by_cert_no(doc["applicant"]["cert_no"].lower())) == [doc["id"]]
    assert store.by_receipt_no("nope") is None


def test_filters_and_counts(store: Store, filled: dict[str, str]) -> None:
    every = store.queue(limit=100).rows
    assert len(every) == len(NAMES)
    assert [r["received_at"] for r in every] == sorted((r["received_at"] for r in every),
                                                       reverse=True)  # fmt: skip
    received = store.queue(QueueFilter(statuses=frozenset({"received"}))).rows
    assert {r["applicant_name"] for r in received} == set(NAMES) - {"张三", "李", "王小明"}
    mine = store.queue(QueueFilter(clerk_id=CLERK2.user_id)).rows
    assert {r["applicant_name"] for r in mine} == {"张三丰", "李四", "王小明", "三张"}
    assert store.queue(QueueFilter(item_code=ITEM_CODE_2)).rows == []
    assert len(store.queue(QueueFilter(office_code="520102")).rows) == len(NAMES)
    assert store.queue(QueueFilter(office_code="999999")).rows == []
    assert len(store.queue(QueueFilter(pending_sync=True)).rows) == len(NAMES)
    assert store.queue(QueueFilter(has_conflict=True)).rows == []
    window = QueueFilter(received_from=(T0 + timedelta(hours=2)).isoformat(),
                         received_to=(T0 + timedelta(hours=4)).isoformat())  # fmt: skip
    assert {r["applicant_name"] for r in store.queue(window).rows} == {"李", "李四"}
    counts = store.counts_by_status()
    assert counts == {"received": 5, "accepted": 2, "withdrawn": 1}
    store.reassign(SUPERVISOR, filled["李四"], CLERK.user_id)
    for clerk in (CLERK.user_id, CLERK2.user_id, None):
        direct = store.conn.execute(
            "SELECT status, count(*) FROM applications WHERE ?1 IS NULL OR clerk_id = ?1 "
            "GROUP BY status", (clerk,)).fetchall()  # fmt: skip
        assert store.counts_by_status(QueueFilter(clerk_id=clerk)) == dict(direct)
    assert store.counts_by_status(QueueFilter(item_code=ITEM_CODE_2)) == {}


def test_overdue_and_due_within(store: Store, filled: dict[str, str]) -> None:
    zhang, li = store.get(filled["张三"]), store.get(filled["李"])
    assert zhang is not None and li is not None
    assert zhang["due_date"] < li["due_date"]
    on_day = date.fromisoformat(zhang["due_date"]) + timedelta(days=1)
    overdue = store.queue(QueueFilter(overdue_on=on_day)).rows
    assert _ids(overdue) == [filled["张三"]]
    start = date.fromisoformat(zhang["due_date"]) - timedelta(days=1)
    cutoff = store.due_cutoff(1, today=start)
    assert cutoff >= date.fromisoformat(zhang["due_date"])
    assert _ids(store.queue(QueueFilter(due_by=cutoff)).rows) == [filled["张三"]]
    by_due = store.queue(sort="due_asc").rows
    assert _ids(by_due) == [filled["张三"], filled["李"]]


def test_keyset_pages_cover_everything_once(store: Store, filled: dict[str, str]) -> None:
    for sort in ("received_desc", "received_asc", "updated_desc"):
        seen: list[object] = []
        after = None
        while True:
            page = store.queue(sort=sort, limit=3, after=after)  # type: ignore[arg-type]
            seen += _ids(page.rows)
            if page.next_after is None:
                break
            after = page.next_after
        assert sorted(map(str, seen)) == sorted(filled.values()), sort


def test_queue_refuses_bad_arguments(store: Store) -> None:
    with pytest.raises(InvalidArgument):
        store.queue(sort="name")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        store.queue(limit=0)


def test_renamed_applicant_is_found_by_the_new_name_only(
    store: Store, filled: dict[str, str]
) -> None:
    store.set_fields(CLERK, filled["李四"], {"applicant.name": "周五"})
    assert _ids(store.search("周五").rows) == [filled["李四"]]
    assert _ids(store.search("李").rows) == [filled["李"]]
    assert _ids(store.search("李四").rows) == []
