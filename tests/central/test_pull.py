"""Pull: paging by cursor, office scoping, device seq, gzip and epoch reset."""

from __future__ import annotations

import sqlite3

from central.admin import bump_epoch
from central.jsontext import dumps
from central.routes_sync import _PAGE
from client.wire import Change
from tests.central.builders import Device
from tests.central.helpers import login
from tests.fixtures.platform import PlatformServer


def _device(server: PlatformServer, username: str) -> Device:
    return Device(login(server, username), server.users[username].office_code or "")


def _pull_all(dev: Device, epoch: int, seq: int, limit: int) -> tuple[list[dict], dict]:  # type: ignore[type-arg]
    changes: list[dict] = []  # type: ignore[type-arg]
    while True:
        page = dev.pull(epoch, seq, limit)
        assert not page["reset"]
        assert len(page["changes"]) <= limit
        seqs = [c["seq"] for c in page["changes"]]
        assert seqs == sorted(seqs) and all(s > seq for s in seqs)
        changes += page["changes"]
        assert page["cursor"]["seq"] >= seq  # cursors never go backwards
        epoch, seq = page["cursor"]["epoch"], page["cursor"]["seq"]
        if not page["has_more"]:
            return changes, page


def test_paging_scoping_and_device_seq(fresh_platform: PlatformServer) -> None:
    city = _device(fresh_platform, "nm-clerk1")
    town = _device(fresh_platform, "zz-clerk1")
    creates = [city.create() for _ in range(7)]
    city.push_ok(creates)
    city.push_ok(
        [city.transition(creates[0]["record_id"], "received", "accepted", due_date="2026-12-03")]
    )
    town_create = town.create()
    town.push_ok([town_create])
    changes, last = _pull_all(city, 0, 0, limit=3)
    assert len(changes) == 8
    assert {c["doc"]["office_code"] for c in changes} == {"520102"}
    assert last["last_applied_seq"] == 8
    by_record = {c["record_id"]: c for c in changes}
    assert by_record[creates[0]["record_id"]]["version"] == 2
    assert by_record[creates[0]["record_id"]]["doc"]["status"] == "accepted"
    town_changes, town_last = _pull_all(town, 0, 0, limit=100)
    assert [c["record_id"] for c in town_changes] == [town_create["record_id"]]
    assert town_last["last_applied_seq"] == 1
    # nothing new: same cursor back, empty page
    again = city.pull(last["cursor"]["epoch"], last["cursor"]["seq"])
    assert again["changes"] == [] and again["cursor"] == last["cursor"]


def test_large_pages_are_gzipped(fresh_platform: PlatformServer) -> None:
    dev = _device(fresh_platform, "nm-clerk2")
    dev.push_ok([dev.create() for _ in range(5)])
    r = dev.client.get("/sync/pull", params={"device_id": dev.device_id, "limit": 100})
    assert r.headers["content-encoding"] == "gzip"
    assert int(r.headers["content-length"]) < len(r.content)


def test_epoch_bump_answers_reset_and_resync_gets_latest_versions(
    fresh_platform: PlatformServer,
) -> None:
    dev = _device(fresh_platform, "nm-clerk1")
    create = dev.create()
    rid = create["record_id"]
    dev.push_ok([create, dev.transition(rid, "received", "accepted", due_date="2026-12-03")])
    other = dev.create()
    dev.push_ok([other])
    _, last = _pull_all(dev, 0, 0, 100)
    old_epoch = last["cursor"]["epoch"]
    new_epoch = bump_epoch(fresh_platform.db_path)
    assert new_epoch == old_epoch + 1
    stale = dev.pull(old_epoch, last["cursor"]["seq"])
    assert stale["reset"] is True and stale["changes"] == []
    assert stale["cursor"] == {"epoch": new_epoch, "seq": 0}
    changes, _ = _pull_all(dev, new_epoch, 0, 100)
    assert {c["record_id"]: c["version"] for c in changes} == {rid: 2, other["record_id"]: 1}
    # the device's push sequence survives the epoch change
    assert dev.push_ok([dev.create()])[0]["seq"] == 4


def test_pull_for_unregistered_or_foreign_device_is_403(platform_server: PlatformServer) -> None:
    city = _device(platform_server, "nm-clerk1")
    town = _device(platform_server, "zz-clerk1")
    r = town.client.get("/sync/pull", params={"device_id": city.device_id})
    assert r.status_code == 403
    r = town.client.get("/sync/pull", params={"device_id": "never-registered"})
    assert r.status_code == 403


def test_page_json_is_written_by_sqlite_with_escaped_record_ids() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE changes (seq INTEGER PRIMARY KEY, office_code TEXT, record_id TEXT,"
        " version INTEGER, doc TEXT)"
    )
    odd = ['a"b\\c', "换行\n\t\x01", "plain-id"]
    docs = [{"id": rid, "名": "张三", "n": [1, 2.5, None, True, {"x": "</script>"}]} for rid in odd]
    conn.executemany(
        "INSERT INTO changes VALUES (?, '520102', ?, 3, ?)",
        [(i, d["id"], dumps(d)) for i, d in enumerate(docs, 1)],
    )
    conn.execute("INSERT INTO changes VALUES (9, '520123102', 'other', 1, '{}')")
    rows = conn.execute(_PAGE, ("520102", 1, 10)).fetchall()
    assert [r[0] for r in rows] == [2, 3]
    assert all(isinstance(r[1], bytes) for r in rows)
    parsed = [Change.model_validate_json(r[1]) for r in rows]
    assert [(c.seq, c.record_id, c.version, c.doc) for c in parsed] == [
        (2, odd[1], 3, docs[1]),
        (3, odd[2], 3, docs[2]),
    ]
    first = Change.model_validate_json(conn.execute(_PAGE, ("520102", 0, 1)).fetchone()[1])
    assert first.record_id == odd[0] and first.doc == docs[0]
