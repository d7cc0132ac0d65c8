"""The push body written by orjson is the one pydantic would write; odd payloads fall back."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from client.api import _encode_push
from client.errors import InvalidRequest
from client.wire import PushRequest


def _mutation(seq: int, payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "op_id": f"op-{seq}",
        "device_id": "dev-1",
        "seq": seq,
        "kind": "add_note",
        "record_id": "rec-1",
        "actor": "u-nm-clerk1",
        "role": "clerk",
        "at": "2026-11-26T04:07:00+00:00",
        "payload": payload,
    }


def _pydantic_body(mutations: list[dict[str, Any]]) -> bytes:
    request = PushRequest(device_id="dev-1", mutations=mutations)  # type: ignore[arg-type]
    unsigned = {"__all__": {"key_id", "prev", "sig"}}  # unsigned: no signature fields sent
    return request.model_dump_json(exclude={"mutations": unsigned}).encode()


@pytest.mark.parametrize(
    "payload",
    [
        {"note": {"text": '申请人下午来取\n"原件"', "n": [1, 2.5, None, True, 1e-07]}},
        {"at": datetime(2026, 11, 26, 4, 7, tzinfo=UTC)},  # orjson would write it otherwise
        {"big": 2**70, "tags": ("a", "b")},  # beyond 64 bits: orjson refuses
    ],
)
def test_body_equals_pydantic_json(payload: dict[str, Any]) -> None:
    muts = [_mutation(1, payload), _mutation(2, {"note": {"text": "x"}})]
    content, headers, _ = _encode_push("dev-1", muts, 0)
    assert content == _pydantic_body(muts)
    assert headers == {"content-type": "application/json"}
    assert json.loads(content)["mutations"][1]["seq"] == 2


def test_validated_values_are_sent_not_the_raw_ones() -> None:
    raw = _mutation(1, {"note": {"text": "x"}})
    raw["seq"] = "7"  # coerced by validation
    content, _, _ = _encode_push("dev-1", [raw], 0)
    assert json.loads(content)["mutations"][0]["seq"] == 7


def test_malformed_batch_is_refused_before_sending() -> None:
    with pytest.raises(InvalidRequest):
        _encode_push("dev-1", [{**_mutation(1, {}), "seq": 0}], 0)
    with pytest.raises(InvalidRequest):
        _encode_push("x" * 65, [_mutation(1, {})], 0)
