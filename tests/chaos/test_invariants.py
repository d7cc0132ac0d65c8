"""The invariant checker must catch each kind of breakage it claims to catch."""

from __future__ import annotations

import copy
from typing import Any

from tests.chaos.invariants import DeviceSnapshot, Ledger, PlatformSnapshot, check_all

DOC: dict[str, Any] = {
    "id": "r1",
    "office_code": "A",
    "receipt_no": "A-01-20261126-0001",
    "status": "accepted",
    "history": [
        {"from": None, "to": "received", "role": "clerk"},
        {"from": "received", "to": "accepted", "role": "clerk"},
    ],
}


def _world() -> tuple[PlatformSnapshot, DeviceSnapshot, Ledger]:
    platform = PlatformSnapshot(
        epoch=1,
        mutations=[("op1", "d1", 1, "applied"), ("op2", "d1", 2, "applied")],
        records={"r1": ("A", 2, copy.deepcopy(DOC))},
        last_applied={"d1": 2},
    )
    device = DeviceSnapshot(
        "dev",
        "d1",
        "A",
        [(1, "op1", "applied"), (2, "op2", "applied")],
        {"r1": (2, copy.deepcopy(DOC))},
        {"r1": copy.deepcopy(DOC)},
        [],
        (1, 5),
    )
    ledger = Ledger()
    ledger.op("dev", "op1")
    ledger.op("dev", "op2")
    ledger.cursor("dev", (1, 3))
    ledger.cursor("dev", (1, 5))
    return platform, device, ledger


def _codes(platform: PlatformSnapshot, device: DeviceSnapshot, ledger: Ledger) -> set[str]:
    return {p.split(" ", 1)[0] for p in check_all(platform, [device], ledger)}


def test_a_healthy_world_passes() -> None:
    assert check_all(*_world()[:1], [_world()[1]], _world()[2]) == []


def test_each_breakage_is_caught() -> None:
    p, d, led = _world()
    p.mutations.append(("op1", "d1", 3, "applied"))
    assert "I1" in _codes(p, d, led)
    p, d, led = _world()
    p.mutations[1] = ("op2", "d1", 3, "applied")
    assert "I2" in _codes(p, d, led)
    p, d, led = _world()
    led.op("dev", "op-lost")
    assert "I3/I9" in _codes(p, d, led)
    p, d, led = _world()
    p.mutations[1] = ("op2", "d1", 2, "conflict")
    d.outbox[1] = (2, "op2", "conflict")
    assert "I3" in _codes(p, d, led)  # conflict without a record a person sees
    p, d, led = _world()
    p.records["r1"][2]["history"].append({"from": "accepted", "to": "approved", "role": "clerk"})
    assert "I4" in _codes(p, d, led)
    p, d, led = _world()
    d.local_views["r1"]["phone"] = "x"
    assert "I5" in _codes(p, d, led)
    p, d, led = _world()
    led.cursor("dev", (1, 2))
    assert "I6" in _codes(p, d, led)
    led = _world()[2]
    led.cursor("dev", (2, 0))  # an epoch change may restart the sequence
    assert "I6" not in _codes(*_world()[:2], led)
    p, d, led = _world()
    p.records["r2"] = ("B", 1, dict(DOC, id="r2", office_code="B", receipt_no="B-1"))
    d.server_copies["r2"] = (1, p.records["r2"][2])
    d.local_views["r2"] = p.records["r2"][2]
    assert {"I5", "I7"} <= _codes(p, d, led)
    p, d, led = _world()
    d.outbox[1] = (2, "op2", "pending")
    assert "I8" in _codes(p, d, led)
