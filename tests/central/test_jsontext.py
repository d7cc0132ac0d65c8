"""The platform's JSON text: one canonical form for payload hashes, older hashes still match."""

from __future__ import annotations

import json
import sqlite3

import pytest

from central.jsontext import dumps, legacy_payload_hash, loads, payload_hash
from client.wire import Outcome, PushResponse
from tests.central.builders import Device
from tests.central.helpers import login
from tests.fixtures.platform import PlatformServer


def test_hash_is_the_canonical_form_key_order_aside() -> None:
    a = {"kind": "create", "payload": {"doc": {"名": "张三", "n": [1, 2.5, None, True]}}}
    b = {"payload": {"doc": {"n": [1, 2.5, None, True], "名": "张三"}}, "kind": "create"}
    assert payload_hash(a) == payload_hash(b) == legacy_payload_hash(a)
    assert payload_hash(a) != payload_hash({**a, "kind": "rate"})


def test_values_orjson_refuses_still_hash_and_dump() -> None:
    huge = {"n": 2**70}
    assert payload_hash(huge) == legacy_payload_hash(huge)
    assert json.loads(dumps(huge)) == huge
    assert json.loads(dumps({"a": "中文\n", "b": 0.1})) == {"a": "中文\n", "b": 0.1}


def test_replay_matches_a_hash_stored_by_an_older_platform(
    platform_server: PlatformServer,
) -> None:
    client = login(platform_server, "nm-clerk1")
    dev = Device(client, platform_server.users["nm-clerk1"].office_code or "")
    create = dev.create()
    create["payload"]["doc"]["form"]["capital"] = 1e-07  # written "1e-7" by orjson
    client.signer.sign(create)  # type: ignore[attr-defined]
    first = dev.push_ok([create])
    assert first[0]["outcome"] == "applied"
    unsigned = {k: v for k, v in create.items() if k not in ("key_id", "prev", "sig")}
    data = json.loads(json.dumps(unsigned))  # the hash covers the action, not its signature
    legacy = legacy_payload_hash(data)
    assert legacy != payload_hash(data)
    with sqlite3.connect(platform_server.db_path) as conn:
        conn.execute(
            "UPDATE mutations SET payload_hash = ? WHERE op_id = ?", (legacy, create["op_id"])
        )
    assert dev.push_ok([create]) == first


def test_request_bodies_are_strict_json_and_exact() -> None:
    assert loads(b'{"n": 1180591620717411303424, "s": "\\u5f20\\u4e09"}') == {
        "n": 2**70,
        "s": "张三",
    }
    for bad in (b'{"n": NaN}', b'{"n": Infinity}', b'{"a": 1', b"\xff", b"<html>"):
        with pytest.raises(json.JSONDecodeError):
            loads(bad)


def test_push_body_that_is_not_json_is_422_and_changes_nothing(
    platform_server: PlatformServer,
) -> None:
    client = login(platform_server, "nm-clerk1")
    dev = Device(client, platform_server.users["nm-clerk1"].office_code or "")
    create = dev.create()
    text = json.dumps({"device_id": dev.device_id, "mutations": [create]})
    for body in (text.replace('"capital": 5', '"capital": NaN'), text[:-2]):
        r = client.post(
            "/sync/push", content=body.encode(), headers={"content-type": "application/json"}
        )
        assert r.status_code == 422, r.text
        assert r.json()["error"] == "validation_failed"
        assert r.json()["detail"][0]["code"] == "json_invalid"
    with sqlite3.connect(platform_server.db_path) as conn:
        rows = conn.execute("SELECT COUNT(*) FROM mutations WHERE op_id = ?", (create["op_id"],))
        assert rows.fetchone()[0] == 0
    assert dev.push_ok([create])[0]["outcome"] == "applied"


def test_push_answer_is_a_valid_push_response_and_replays_byte_for_byte(
    platform_server: PlatformServer,
) -> None:
    client = login(platform_server, "nm-clerk1")
    dev = Device(client, platform_server.users["nm-clerk1"].office_code or "")
    create = dev.create()
    bad = dev.transition(create["record_id"], "received", "approved")  # not allowed: rejected
    first = dev.push([create, bad])
    answer = PushResponse.model_validate_json(first.content)
    assert [o.outcome for o in answer.outcomes] == [Outcome.applied, Outcome.rejected]
    assert answer.outcomes[0].version == 1 and answer.last_applied_seq == bad["seq"]
    assert answer.outcomes[1].current is not None  # the platform's document, for the clerk
    assert dev.push([create, bad]).content == first.content
