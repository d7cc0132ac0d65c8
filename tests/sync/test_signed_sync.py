"""Signed actions through the real engine: work signed at the counter by one user and
pushed by whoever is signed in is applied; an action its user never signed is held as a
rejection a supervisor sees, and the queue keeps flowing."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from offline.store.actions import Actor
from offline.store.audit import entry_hash
from tests.sync.harness import Device, intake_fields


@pytest.mark.asyncio
async def test_unsigned_action_is_rejected_with_a_reason_and_the_rest_applies(
    fresh_platform: Any, tmp_path: Path
) -> None:
    user = fresh_platform.users["nm-clerk1"]
    a = await Device.create("dev-a", user, tmp_path / "a", fresh_platform.base_url)
    try:
        rng = random.Random(3)
        await a.intake(rng)  # nm-clerk1, signed with the key unlocked at sign-in
        # nm-clerk2 never signed in on this PC: no key here, so the action is unsigned
        fields = intake_fields(a.items[0], rng)
        stranger = Actor("u-nm-clerk2", "clerk")
        await a.store.call(lambda s: s.intake(stranger, **fields))
        await a.intake(rng)
        await a.engine.run()
        assert a.engine.totals.outcomes == {"applied": 2, "rejected": 1}
        held = await a.store.call(lambda s: s.open_conflicts())
        assert [(h["kind"], h["reason"]) for h in held] == [("rejected", "unsigned")]
    finally:
        await a.aclose()


@pytest.mark.asyncio
async def test_work_signed_offline_survives_a_restart_and_applies(
    fresh_platform: Any, tmp_path: Path
) -> None:
    user = fresh_platform.users["nm-clerk1"]
    a = await Device.create("dev-a", user, tmp_path / "a", fresh_platform.base_url)
    try:
        rng = random.Random(5)
        for _ in range(3):
            await a.intake(rng)
        await a.close_store()
        a.reopen_store()
        await a.intake(rng)
        await a.engine.run()
        assert a.engine.totals.outcomes == {"applied": 4}
    finally:
        await a.aclose()


@pytest.mark.asyncio
async def test_exported_audit_log_verifies_on_the_platform_and_a_forgery_does_not(
    fresh_platform: Any, tmp_path: Path
) -> None:
    from central.__main__ import main as central_cli

    user = fresh_platform.users["nm-clerk1"]
    a = await Device.create("dev-a", user, tmp_path / "a", fresh_platform.base_url)
    try:
        rng = random.Random(8)
        await a.intake(rng)
        await a.intake(rng)
        await a.engine.run()
        export = tmp_path / "audit.jsonl"
        assert await a.store.call(lambda s: s.export_audit(export)) > 2
    finally:
        await a.aclose()
    db = str(fresh_platform.db_path)
    assert central_cli(["verify-audit", str(export), "--db", db]) == 0
    original = export.read_text(encoding="utf-8").splitlines()
    # two genuine signatures of the same clerk swapped between actions, chain rehashed
    swapped = _rehash(original, swap_signatures=True)
    export.write_text("\n".join(swapped), encoding="utf-8")
    assert central_cli(["verify-audit", str(export), "--db", db]) == 1
    export.write_text("\n".join(original), encoding="utf-8")
    # the device (or anyone holding the file) rewrites who did an action and rehashes
    lines = export.read_text(encoding="utf-8").splitlines()
    forged = []
    prev = lines[0] and json.loads(lines[0])["prev_hash"]
    for line in lines:
        entry = json.loads(line)
        if isinstance(entry["detail"], dict) and "sig" in entry["detail"]:
            entry["actor"] = "u-nm-super"
        content = {k: entry[k] for k in ("at", "actor", "action", "record_id", "op_id", "detail")}
        entry["prev_hash"], entry["hash"] = prev, entry_hash(prev, content)
        prev = entry["hash"]
        forged.append(json.dumps(entry, ensure_ascii=False))
    export.write_text("\n".join(forged), encoding="utf-8")
    assert central_cli(["verify-audit", str(export), "--db", db]) == 1


def _rehash(lines: list[str], *, swap_signatures: bool) -> list[str]:
    entries = [json.loads(line) for line in lines]
    signed = [e for e in entries if isinstance(e["detail"], dict) and "sig" in e["detail"]]
    if swap_signatures:
        first, second = signed[0]["detail"], signed[1]["detail"]
        for field in ("digest", "sig"):
            first[field], second[field] = second[field], first[field]
    prev = entries[0]["prev_hash"]
    for entry in entries:
        content = {k: entry[k] for k in ("at", "actor", "action", "record_id", "op_id", "detail")}
        entry["prev_hash"], entry["hash"] = prev, entry_hash(prev, content)
        prev = entry["hash"]
    return [json.dumps(e, ensure_ascii=False) for e in entries]
