"""Push: exactly once, in order, replay, changed payload, gaps, rejections, conflicts."""

from __future__ import annotations

import sqlite3

from tests.central.builders import Device
from tests.central.helpers import error_code, login
from tests.fixtures.platform import PlatformServer


def _device(server: PlatformServer, username: str = "nm-clerk1") -> Device:
    return Device(login(server, username), server.users[username].office_code or "")


def _count(server: PlatformServer, sql: str, *args: object) -> int:
    with sqlite3.connect(server.db_path) as conn:
        return int(conn.execute(sql, args).fetchone()[0])


def test_create_then_replay_returns_the_stored_outcome(platform_server: PlatformServer) -> None:
    dev = _device(platform_server)
    create = dev.create()
    accept = dev.transition(create["record_id"], "received", "accepted", due_date="2026-12-03")
    first = dev.push_ok([create, accept])
    assert [o["outcome"] for o in first] == ["applied", "applied"]
    assert [o["version"] for o in first] == [1, 2]
    changes = _count(platform_server, "SELECT COUNT(*) FROM changes")
    # the response was "lost": the device pushes the same batch again
    again = dev.push_ok([create, accept])
    assert again == first
    assert _count(platform_server, "SELECT COUNT(*) FROM changes") == changes
    assert (
        _count(
            platform_server, "SELECT COUNT(*) FROM applications WHERE id = ?", create["record_id"]
        )
        == 1
    )
    # replay mixed with new work: old ones answered from storage, the new one applied
    note = dev.mutation(
        "add_note",
        create["record_id"],
        {"note": {"id": "n1", "text": "申请人下午来取", "by": dev.user_id, "at": accept["at"]}},
    )
    mixed = dev.push_ok([accept, note])
    assert mixed[0] == first[1] and mixed[1]["outcome"] == "applied"
    rec = dev.client.get(f"/applications/{create['record_id']}").json()
    assert rec["version"] == 3 and rec["doc"]["status"] == "accepted"
    assert rec["doc"]["notes"][0]["text"] == "申请人下午来取"


def test_same_op_id_with_another_payload_is_409_and_changes_nothing(
    platform_server: PlatformServer,
) -> None:
    dev = _device(platform_server)
    create = dev.create()
    dev.push_ok([create])
    forged = {**create, "payload": {"doc": {**create["payload"]["doc"], "phone": "13900000000"}}}
    r = dev.push([forged])
    assert r.status_code == 409 and error_code(r) == "op_id_reused"
    assert r.json()["message"] and r.json()["message_en"]
    rec = dev.client.get(f"/applications/{create['record_id']}").json()
    assert rec["doc"]["phone"] == "13800138000" and rec["version"] == 1


def test_gap_is_refused_with_the_expected_seq(platform_server: PlatformServer) -> None:
    dev = _device(platform_server)
    dev.push_ok([dev.create()])
    skipped = dev.create()  # seq 2, never sent
    later = dev.create()  # seq 3
    r = dev.push([later])
    assert r.status_code == 409 and error_code(r) == "seq_gap"
    assert r.json()["detail"] == {"expected_seq": 2, "got_seq": 3}
    assert (
        _count(
            platform_server, "SELECT COUNT(*) FROM applications WHERE id = ?", later["record_id"]
        )
        == 0
    )
    sup = login(platform_server, "nm-super")
    health = {d["device_id"]: d for d in sup.get("/devices/health").json()["devices"]}
    assert health[dev.device_id]["pending_gap"] == 2
    outcomes = dev.push_ok([skipped, later])
    assert [o["seq"] for o in outcomes] == [2, 3]
    health = {d["device_id"]: d for d in sup.get("/devices/health").json()["devices"]}
    assert health[dev.device_id]["pending_gap"] == 0
    assert health[dev.device_id]["last_applied_seq"] == 3


def test_batch_must_be_consecutive_and_seq_cannot_be_reused(
    platform_server: PlatformServer,
) -> None:
    dev = _device(platform_server)
    a, b = dev.create(), dev.create()
    b["seq"] = 5
    r = dev.push([a, b])
    assert r.status_code == 422
    dev.push_ok([a])
    other = dev.create()
    other["seq"] = 1  # a different op under an already applied seq
    r = dev.push([other])
    assert r.status_code == 409 and error_code(r) == "seq_taken"


def test_never_applicable_mutation_is_rejected_and_advances_the_seq(
    platform_server: PlatformServer,
) -> None:
    dev = _device(platform_server)
    ghost = dev.transition("01900000-0000-7000-8000-000000000000", "received", "accepted")
    bad_role = dev.transition("01900000-0000-7000-8000-000000000001", "received", "accepted")
    bad_role["role"] = "supervisor"  # a clerk cannot act as supervisor
    dev.client.signer.sign(bad_role)  # type: ignore[attr-defined]
    create = dev.create()
    illegal = dev.transition(create["record_id"], "received", "approved")
    after = dev.mutation(
        "rate",
        create["record_id"],
        {
            "rating": {
                "id": "r1",
                "stage": "acceptance",
                "score": 5,
                "comment": "",
                "at": create["at"],
            }
        },
    )
    outcomes = dev.push_ok([ghost, bad_role, create, illegal, after])
    assert [(o["outcome"], o["reason"]) for o in outcomes] == [
        ("rejected", "unknown_record"),
        ("rejected", "role_not_held"),
        ("applied", None),
        ("rejected", "illegal_transition"),
        ("applied", None),
    ]
    assert dev.push_ok([ghost])[0]["reason"] == "unknown_record"  # stored outcome replayed
    r = dev.client.post("/sync/push", json={"device_id": dev.device_id, "mutations": []})
    assert r.json()["last_applied_seq"] == 5


def test_create_validation_and_unknown_item(platform_server: PlatformServer) -> None:
    dev = _device(platform_server)
    bad = dev.create()
    bad["payload"]["doc"]["applicant"]["cert_no"] = "520102199001011230"  # bad checksum
    unknown = dev.create()
    unknown["payload"]["doc"]["item_code"] = "NO-SUCH-ITEM"
    dev.client.signer.sign_all([bad, unknown])  # type: ignore[attr-defined]
    outcomes = dev.push_ok([bad, unknown])
    assert [(o["outcome"], o["reason"]) for o in outcomes] == [
        ("rejected", "validation_failed"),
        ("rejected", "unknown_item"),
    ]


def test_field_conflict_keeps_the_platform_value(platform_server: PlatformServer) -> None:
    a = _device(platform_server, "nm-clerk1")
    b = _device(platform_server, "nm-clerk2")
    create = a.create()
    rid = create["record_id"]
    a.push_ok([create])
    edit_a = a.mutation(
        "set_fields",
        rid,
        {
            "fields": {"phone": "13900000001", "address": "新地址1号"},
            "base": {"phone": "13800138000", "address": "贵阳市南明区某街道1号"},
        },
    )
    edit_b = b.mutation(
        "set_fields",
        rid,
        {
            "fields": {"phone": "13700000002", "form.capital": 8},
            "base": {"phone": "13800138000", "form.capital": 5},
        },
    )
    assert a.push_ok([edit_a])[0]["outcome"] == "applied"
    out = b.push_ok([edit_b])[0]
    assert out["outcome"] == "conflict"
    assert out["conflicts"] == [
        {"path": "phone", "base": "13800138000", "local": "13700000002", "platform": "13900000001"}
    ]
    assert out["current"]["phone"] == "13900000001"
    assert out["current"]["form"]["capital"] == 8  # the other path merged
    assert out["version"] == 3


def test_stale_transition_is_a_conflict_never_applied(platform_server: PlatformServer) -> None:
    dev = _device(platform_server, "nm-clerk2")
    create = dev.create()
    rid = create["record_id"]
    dev.push_ok([create, dev.transition(rid, "received", "accepted", due_date="2026-12-03")])
    back = login(platform_server, "backoffice")
    assert (
        back.post(
            f"/backoffice/applications/{rid}/actions", json={"action": "start_review"}
        ).status_code
        == 200
    )
    stale = dev.transition(rid, "accepted", "withdrawn", reason="申请人撤回")
    out = dev.push_ok([stale])[0]
    assert out["outcome"] == "conflict"
    assert out["current"]["status"] == "under_review"
    assert out["conflicts"][0]["path"] == "status"
    rec = dev.client.get(f"/applications/{rid}").json()
    assert rec["doc"]["status"] == "under_review"
    assert [h["to"] for h in rec["doc"]["history"]] == ["received", "accepted", "under_review"]


def test_one_office_cannot_write_or_read_anothers_records(
    platform_server: PlatformServer,
) -> None:
    city = _device(platform_server, "nm-clerk1")
    town = _device(platform_server, "zz-clerk1")
    create = city.create()
    rid = create["record_id"]
    city.push_ok([create])
    hijack = town.mutation(
        "add_note",
        rid,
        {"note": {"id": "x", "text": "越权", "by": town.user_id, "at": create["at"]}},
    )
    foreign_create = town.create(office_code="520102")
    outcomes = town.push_ok([hijack, foreign_create])
    assert [(o["outcome"], o["reason"]) for o in outcomes] == [
        ("rejected", "wrong_office"),
        ("rejected", "wrong_office"),
    ]
    r = town.client.get(f"/applications/{rid}")
    assert r.status_code == 403 and error_code(r) == "wrong_office"
    assert "张三" not in r.text
    # pushing as another office's device is refused outright
    r = town.client.post(
        "/sync/push", json={"device_id": city.device_id, "mutations": [city.create()]}
    )
    assert r.status_code == 403
    rec = city.client.get(f"/applications/{rid}").json()
    assert rec["version"] == 1 and rec["doc"]["notes"] == []


def test_malformed_payloads_are_rejected_not_crashing(platform_server: PlatformServer) -> None:
    dev = _device(platform_server, "zz-clerk2")
    create = dev.create()
    no_doc = dev.mutation("create", "01900000-0000-7000-8000-0000000000aa", {"doc": "oops"})
    bad_transition = dev.mutation("transition", create["record_id"], {"to": 7})
    twice = dict(dev.create())
    again = {**twice, "seq": twice["seq"] + 1}  # same op_id, next seq, inside one batch
    outcomes = dev.push_ok([create, no_doc, bad_transition])
    assert [(o["outcome"], o["reason"]) for o in outcomes] == [
        ("applied", None),
        ("rejected", "invalid_payload"),
        ("rejected", "invalid_payload"),
    ]
    r = dev.push([twice, again])
    assert r.status_code == 409 and error_code(r) == "op_id_reused"
    assert dev.push_ok([twice])[0]["outcome"] == "applied"  # nothing of the refused batch stuck


def test_reissued_receipt_number_is_rejected(platform_server: PlatformServer) -> None:
    dev = _device(platform_server, "nm-clerk2")
    first = dev.create()
    second = dev.create()
    second["payload"]["doc"]["receipt_no"] = first["payload"]["doc"]["receipt_no"]
    dev.client.signer.sign(second)  # type: ignore[attr-defined]
    outcomes = dev.push_ok([first, second])
    assert [(o["outcome"], o["reason"]) for o in outcomes] == [
        ("applied", None),
        ("rejected", "duplicate_receipt"),
    ]
