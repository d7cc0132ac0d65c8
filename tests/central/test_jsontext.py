"""The platform's JSON text: one canonical form for payload hashes, older hashes still match."""

from __future__ import annotations

import json
import sqlite3

from central.jsontext import dumps, legacy_payload_hash, payload_hash
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
    first = dev.push_ok([create])
    assert first[0]["outcome"] == "applied"
    data = json.loads(json.dumps(create))
    legacy = legacy_payload_hash(data)
    assert legacy != payload_hash(data)
    with sqlite3.connect(platform_server.db_path) as conn:
        conn.execute(
            "UPDATE mutations SET payload_hash = ? WHERE op_id = ?", (legacy, create["op_id"])
        )
    assert dev.push_ok([create]) == first
