"""Attacks from a hostile client against the real platform on loopback.

Each attack gets its refusal and leaves the platform's data as it was: a dump of every
table before and after is compared (the only rows an accepted-but-rejected action may
add are its own `mutations` row and its device's sequence, as for any rejection).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from central import admin
from tests.central.builders import Device
from tests.central.helpers import error_code, login
from tests.fixtures.platform import PlatformServer
from tests.support.signing import DeviceKey, UserSigner

_VOLATILE = {"tokens", "device_proofs"}  # sessions and used proofs of the attacker's own logins


def dump(db_path: Path, skip: set[str] = _VOLATILE) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(db_path) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if r[0] not in skip
        ]
        return {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}")), key=repr) for t in tables}


def _device(server: PlatformServer, username: str = "nm-clerk1") -> Device:
    user = server.users[username]
    return Device(login(server, username), user.office_code or "")


def test_forged_supervisor_signoff_is_rejected_and_changes_no_record(
    fresh_platform: PlatformServer,
) -> None:
    clerk = _device(fresh_platform)
    create = clerk.create()
    rid = create["record_id"]
    propose = clerk.transition(rid, "received", "rejection_proposed", reason="材料不齐")
    assert [o["outcome"] for o in clerk.push_ok([create, propose])] == ["applied", "applied"]
    before = dump(fresh_platform.db_path)
    # the clerk claims the supervisor signed off: unsigned, signed by the clerk's own key,
    # and signed by a key the clerk made up for the supervisor
    forged = [
        clerk.mutation(
            "transition",
            rid,
            {"from": "rejection_proposed", "to": "rejected", "reason": "不予受理", "data": {}},
            sign=False,
        )
        for _ in range(3)
    ]
    for m in forged:
        m["actor"], m["role"] = "u-nm-super", "supervisor"
    clerk.client.signer.sign(forged[1])  # type: ignore[attr-defined]
    UserSigner("u-nm-super").sign(forged[2])
    reassign = clerk.mutation(
        "reassign", rid, {"clerk_id": "u-nm-clerk2", "base": "u-nm-clerk1"}, sign=False
    )
    reassign["actor"], reassign["role"] = "u-nm-super", "supervisor"
    outcomes = clerk.push_ok([*forged, reassign])
    assert [(o["outcome"], o["reason"]) for o in outcomes] == [
        ("rejected", "unsigned"),
        ("rejected", "bad_signature"),
        ("rejected", "bad_signature"),
        ("rejected", "unsigned"),
    ]
    after = dump(fresh_platform.db_path)
    for table in ("applications", "changes", "users", "user_keys", "role_history"):
        assert after[table] == before[table], table
    status = next(r for r in after["applications"] if r[0] == rid)[2]
    assert status == "rejection_proposed"


def test_forged_device_and_sequence_squatting_are_refused_without_a_trace(
    fresh_platform: PlatformServer,
) -> None:
    victim = _device(fresh_platform, "nm-clerk1")
    victim.push_ok([victim.create()])
    attacker = login(fresh_platform, "nm-clerk2")
    before = dump(fresh_platform.db_path)
    # the attacker names the victim's terminal; their proof is made with their own key
    squat = Device(attacker, "520102")
    squat.device_id = victim.device_id
    squat.seq = victim.seq
    r = squat.push([squat.create()])
    assert r.status_code == 403 and error_code(r) == "device_proof_mismatch"
    # a proof "for" the victim's id made with a key the attacker generated
    fake = DeviceKey(victim.device_id)
    attacker.event_hooks["request"] = [fake.hook]
    r = squat.push([squat.create()])
    assert r.status_code == 403 and error_code(r) == "device_proof_invalid"
    r = attacker.get("/sync/pull", params={"device_id": victim.device_id})
    assert r.status_code == 403 and error_code(r) == "device_proof_invalid"
    assert dump(fresh_platform.db_path) == before
    assert victim.push_ok([victim.create()])[0]["outcome"] == "applied"  # not stuck


def test_cross_office_push_is_403_with_no_side_effect(fresh_platform: PlatformServer) -> None:
    victim = _device(fresh_platform, "zz-clerk1")
    victim.push_ok([victim.create()])
    attacker = _device(fresh_platform, "nm-clerk1")
    before = dump(fresh_platform.db_path)
    attacker.client.event_hooks["request"] = [victim.client.device.hook]  # type: ignore[attr-defined]
    attacker.device_id = victim.device_id
    attacker.seq = 50
    r = attacker.push([attacker.create()])
    assert r.status_code == 403 and error_code(r) == "device_not_registered"
    assert dump(fresh_platform.db_path) == before


def test_registration_flood_is_refused_and_capped(
    platform_factory: Callable[..., PlatformServer],
) -> None:
    server = platform_factory(max_terminals_per_office=3)
    clerk = login(server, "nm-clerk1")  # its terminal counts: 1 of 3
    before = dump(server.db_path)
    for n in range(20):
        r = clerk.post(
            "/devices/register",
            json={"device_id": f"fake-{n}", "public_key": DeviceKey(f"fake-{n}").public_key},
        )
        assert r.status_code == 403 and error_code(r) == "registration_needs_supervisor"
    assert dump(server.db_path) == before
    boss = login(server, "nm-super")  # 2 of 3
    codes = []
    for n in range(3):
        r = boss.post(
            "/devices/register",
            json={"device_id": f"new-{n}", "public_key": DeviceKey(f"new-{n}").public_key},
        )
        codes.append((r.status_code, r.json().get("error")))
    assert codes == [(200, None), (409, "terminal_limit"), (409, "terminal_limit")]
    assert "上限" in r.json()["message"] and "limit" in r.json()["message_en"]


def test_role_is_judged_at_the_time_of_the_action(fresh_platform: PlatformServer) -> None:
    boss = _device(fresh_platform, "nm-super")
    clerk = _device(fresh_platform, "nm-clerk1")
    create = clerk.create()
    rid = create["record_id"]
    propose = clerk.transition(rid, "received", "rejection_proposed", reason="材料不齐")
    clerk.push_ok([create, propose])
    # signed off while still a supervisor (offline), pushed after the role was taken away
    signoff = boss.mutation(
        "transition",
        rid,
        {"from": "rejection_proposed", "to": "rejected", "reason": "不予受理", "data": {}},
        role="supervisor",
    )
    taken_away = _seconds(signoff["at"]) + 0.5
    admin.set_roles(fresh_platform.db_path, "u-nm-super", ["clerk"], taken_away)
    reassign = boss.mutation(
        "reassign", rid, {"clerk_id": "u-nm-clerk2", "base": "u-nm-clerk1"}, role="supervisor"
    )
    reassign["at"] = _iso(taken_away + 0.5)  # after the role ended
    future = boss.mutation("add_note", rid, {"note": {"id": "n1", "text": "x"}})
    future["at"] = "2099-01-01T00:00:00+00:00"  # after the push: a device clock cannot be
    boss.client.signer.sign_all([reassign, future])  # type: ignore[attr-defined]
    outcomes = boss.push_ok([signoff, reassign, future])
    assert [(o["outcome"], o["reason"]) for o in outcomes] == [
        ("applied", None),
        ("rejected", "role_not_held"),
        ("rejected", "action_time_invalid"),
    ]


def test_revoked_key_keeps_earlier_actions_and_refuses_later_ones(
    fresh_platform: PlatformServer,
) -> None:
    clerk = _device(fresh_platform, "nm-clerk1")
    early = clerk.create()
    late = clerk.create()
    with sqlite3.connect(fresh_platform.db_path) as conn:
        conn.execute("UPDATE user_keys SET revoked_at = ?", (_seconds(early["at"]) + 0.5,))
    late["at"] = _iso(_seconds(early["at"]) + 1)
    clerk.client.signer.sign(late)  # type: ignore[attr-defined]
    outcomes = clerk.push_ok([early, late])
    assert [(o["outcome"], o["reason"]) for o in outcomes] == [
        ("applied", None),
        ("rejected", "key_revoked"),
    ]


def _seconds(text: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(text).timestamp()


def _iso(seconds: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")


def test_retired_terminal_and_user_lose_their_keys_from_that_moment(
    fresh_platform: PlatformServer,
) -> None:
    clerk = _device(fresh_platform, "nm-clerk1")
    boss = login(fresh_platform, "nm-super")
    signed_before = clerk.create()
    r = boss.post("/users/u-nm-clerk2/retire")
    assert r.status_code == 200
    with sqlite3.connect(fresh_platform.db_path) as conn:
        roles = conn.execute("SELECT roles FROM users WHERE id = 'u-nm-clerk2'").fetchone()[0]
        open_roles = conn.execute(
            "SELECT COUNT(*) FROM role_history WHERE user_id = 'u-nm-clerk2' AND to_at IS NULL"
        ).fetchone()[0]
    assert roles == "[]" and open_roles == 0
    assert boss.post("/users/u-zz-clerk1/retire").status_code == 404  # another office's user
    assert clerk.push_ok([signed_before])[0]["outcome"] == "applied"
    r = boss.post(f"/devices/{clerk.device_id}/retire")
    assert r.status_code == 200
    before = dump(fresh_platform.db_path)
    r = clerk.push([clerk.create()])
    assert r.status_code == 403 and error_code(r) == "device_retired"
    assert dump(fresh_platform.db_path) == before
    with sqlite3.connect(fresh_platform.db_path) as conn:
        revoked = conn.execute(
            "SELECT COUNT(*) FROM user_keys WHERE device_id = ? AND revoked_at IS NULL",
            (clerk.device_id,),
        ).fetchone()[0]
    assert revoked == 0
    clerk_token = login(fresh_platform, "nm-clerk2", register=False)
    assert clerk_token.post(f"/devices/{boss.device_id}/retire").status_code == 403  # type: ignore[attr-defined]


def test_a_terminal_registered_before_keys_gets_its_key_from_a_supervisor_only(
    fresh_platform: PlatformServer,
) -> None:
    clerk = login(fresh_platform, "nm-clerk1", register=False)
    device = clerk.device  # type: ignore[attr-defined]
    with sqlite3.connect(fresh_platform.db_path) as conn:
        conn.execute(
            "INSERT INTO devices (device_id, office_code, terminal_code, name, registered_at)"
            " VALUES (?, '520102', '07', 'old', 0)",
            (device.device_id,),
        )
    r = clerk.get("/sync/pull", params={"device_id": device.device_id})
    assert r.status_code == 403 and error_code(r) == "device_key_missing"
    body = {"device_id": device.device_id, "public_key": device.public_key}
    r = clerk.post("/devices/register", json=body)
    assert r.status_code == 403 and error_code(r) == "registration_needs_supervisor"
    boss = login(fresh_platform, "nm-super")
    assert boss.post("/devices/register", json=body).json()["terminal_code"] == "07"
    assert clerk.get("/sync/pull", params={"device_id": device.device_id}).status_code == 200


def test_a_new_key_for_the_same_user_and_terminal_revokes_the_old_one_from_then(
    fresh_platform: PlatformServer,
) -> None:
    clerk = _device(fresh_platform, "nm-clerk1")
    old_signer = clerk.client.signer  # type: ignore[attr-defined]
    before = clerk.create()  # signed with the old key, before the rotation
    new_signer = UserSigner("u-nm-clerk1")
    r = new_signer.register(clerk.client, clerk.client.device)  # type: ignore[attr-defined]
    assert r.status_code == 200
    with sqlite3.connect(fresh_platform.db_path) as conn:
        revoked_at = conn.execute(
            "SELECT revoked_at FROM user_keys WHERE key_id = ?", (old_signer.key_id,)
        ).fetchone()[0]
    assert revoked_at is not None
    after = clerk.create()
    after["at"] = _iso(revoked_at + 1)
    old_signer.sign(after)  # the old key used after the password changed
    fresh = clerk.create()
    new_signer.sign(fresh)
    outcomes = clerk.push_ok([before, after, fresh])
    assert [(o["outcome"], o["reason"]) for o in outcomes] == [
        ("applied", None),
        ("rejected", "key_revoked"),
        ("applied", None),
    ]
