"""Read calls other screens need: counts by clerk (office queue) and the audit listing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from offline.domain.errors import PermissionDenied
from offline.store.errors import InvalidArgument
from offline.store.queue import QueueFilter
from offline.store.store import Store
from tests.fixtures.store import CLERK, CLERK2, SUPERVISOR, intake_fields, valid_id_number

T0 = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)


def _seed(store: Store) -> list[str]:
    ids = []
    for k, who in enumerate([CLERK, CLERK, CLERK2, CLERK2, CLERK]):
        fields = intake_fields(name="王五")
        fields["applicant"]["cert_no"] = valid_id_number(seq=f"{k:03d}")
        ids.append(store.intake(who, **fields, now=T0 + timedelta(minutes=k))["id"])
    store.transition(CLERK, ids[0], "withdrawn", reason="申请人撤回", now=T0 + timedelta(hours=1))
    return ids


def _brute_by_clerk(store: Store, statuses: set[str] | None = None) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for clerk in ("u-clerk1", "u-clerk2"):
        page = store.queue(QueueFilter(office_code="520102", clerk_id=clerk), limit=1000)
        for row in page.rows:
            if statuses is None or row["status"] in statuses:
                per = out.setdefault(clerk, {})
                per[row["status"]] = per.get(row["status"], 0) + 1
    return out


def test_counts_by_clerk_follow_actions(store: Store) -> None:
    ids = _seed(store)
    assert store.counts_by_clerk("520102") == _brute_by_clerk(store)
    assert store.counts_by_clerk("520102") == {
        "u-clerk1": {"received": 2, "withdrawn": 1}, "u-clerk2": {"received": 2}}  # fmt: skip
    store.reassign(SUPERVISOR, ids[1], "u-clerk2", now=T0 + timedelta(hours=2))
    assert store.counts_by_clerk("520102", ["received"]) == {
        "u-clerk1": {"received": 1}, "u-clerk2": {"received": 3}}  # fmt: skip
    assert store.counts_by_clerk("520102", {"received"}) == _brute_by_clerk(store, {"received"})
    assert store.counts_by_clerk("520102", []) == {}
    assert store.counts_by_clerk("999999") == {}


def test_a_clerk_cannot_reassign_and_nothing_changes(store: Store) -> None:
    ids = _seed(store)
    before = (store.counts_by_clerk("520102"), store.audit_entries(limit=5000))
    with pytest.raises(PermissionDenied) as info:
        store.reassign(CLERK, ids[1], "u-clerk2")
    assert info.value.message("zh_CN") != info.value.message("en")
    assert (store.counts_by_clerk("520102"), store.audit_entries(limit=5000)) == before
    assert store.get(ids[1])["clerk_id"] == "u-clerk1"  # type: ignore[index]


def test_counts_by_clerk_refuses_unknown_statuses(store: Store) -> None:
    with pytest.raises(InvalidArgument) as info:
        store.counts_by_clerk("520102", ["received", "lost"])
    assert "lost" in info.value.zh and "lost" in info.value.en


def test_audit_entries_filters_and_pages(store: Store) -> None:
    ids = _seed(store)
    everything = store.audit_entries(limit=5000)
    seqs = [e["seq"] for e in everything]
    assert seqs == sorted(seqs, reverse=True) and len(seqs) >= 8
    assert all(
        set(e) == {"seq", "at", "actor", "action", "record_id", "op_id"} for e in everything
    )  # fmt: skip  (no detail: it may hold personal data)
    # newest-first pages of 3 cover everything once
    pages, before = [], None
    while page := store.audit_entries(limit=3, before_seq=before):
        pages.extend(page)
        before = page[-1]["seq"]
    assert pages == everything
    # oldest first
    assert store.audit_entries(after_seq=0, limit=5000) == everything[::-1]
    assert [e["seq"] for e in store.audit_entries(after_seq=seqs[2], limit=5)] == seqs[:2][::-1]
    # filters, each checked against the full list
    mine = store.audit_entries(actor="u-clerk2")
    assert mine == [e for e in everything if e["actor"] == "u-clerk2"] and len(mine) == 2
    trail = store.audit_entries(record_id=ids[0])
    assert [e["action"] for e in trail] == ["application.transition", "application.create"]
    kinds = store.audit_entries(action="application.create", actor="u-clerk1")
    assert [e["record_id"] for e in kinds] == [ids[4], ids[1], ids[0]]
    window = store.audit_entries(since=T0 + timedelta(minutes=1), until=T0 + timedelta(minutes=3))
    assert [e["record_id"] for e in window] == [ids[2], ids[1]]
    shanghai = store.audit_entries(
        since="2026-11-26T09:01:00+08:00", until="2026-11-26T09:03:00+08:00"
    )
    assert shanghai == window


@pytest.mark.parametrize(
    "kwargs",
    [{"limit": 0}, {"limit": 5001}, {"limit": True}, {"since": "yesterday"},
     {"until": "2026-11-26T01:00:00"}, {"before_seq": -1}, {"before_seq": 3, "after_seq": 1}],
)  # fmt: skip
def test_audit_entries_refuses_bad_arguments(store: Store, kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidArgument) as info:
        store.audit_entries(**kwargs)  # type: ignore[arg-type]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.zh) and info.value.en


def test_office_users_lists_cached_users_without_secrets(store: Store) -> None:
    from offline.store.users import CachedUser

    for user in (CachedUser("u-2", "wang", "王芳", "clerk", "520102"),
                 CachedUser("u-1", "li", "李强", "supervisor", "520102"),
                 CachedUser("u-9", "zhao", "赵六", "clerk", "520103")):  # fmt: skip
        store.cache_user(user, "pw-123456", policy_days=7, max_failed=3, at=T0)
    listed = store.office_users("520102")
    assert listed == sorted(listed, key=lambda u: u["display_name"])
    assert {u["user_id"]: u["role"] for u in listed} == {"u-1": "supervisor", "u-2": "clerk"}
    assert all(set(u) == {"user_id", "username", "display_name", "role"} for u in listed)
    assert store.office_users("999999") == []
