"""Device health rows against the real platform on loopback and real encrypted stores."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from client.errors import Forbidden, SeqGap
from sync.device_health import OwnFacts, Thresholds, build, fetch_platform, read_own
from tests.sync.harness import Device


@pytest_asyncio.fixture
async def devices(fresh_platform: Any, tmp_path: Path) -> AsyncIterator[dict[str, Device]]:
    users = fresh_platform.users
    made = {
        "clerk": await Device.create(
            "dev-c", users["nm-clerk1"], tmp_path / "c", fresh_platform.base_url
        ),
        "super": await Device.create(
            "dev-s", users["nm-super"], tmp_path / "s", fresh_platform.base_url
        ),
    }
    yield made
    for d in made.values():
        await d.aclose()


@pytest.mark.asyncio
async def test_platform_list_merged_with_own_outbox(devices: dict[str, Device]) -> None:
    clerk, sup = devices["clerk"], devices["super"]
    rng = random.Random(5)
    await clerk.intake(rng)
    assert (await clerk.engine.run()).ok
    await sup.intake(rng)  # the supervisor's own action, not pushed yet
    now = datetime.now(UTC)

    health = await fetch_platform(sup.client)
    own = await sup.store.call(read_own)
    rows = build(own, health, now=now, thresholds=Thresholds(policy_days=7))

    assert [r.own for r in rows] == [True, False]
    mine, other = rows
    assert mine.device_id == own.device_id and mine.pending == 1
    assert mine.oldest_pending_at is not None and mine.oldest_pending_at <= now
    assert mine.last_push_at is None and not mine.attention
    assert other.device_id == await clerk.engine.device_id()
    assert other.pending is None  # only the device itself knows its outbox
    assert other.last_push_at is not None and other.last_pull_at is not None
    assert other.days_offline is not None and other.days_offline < 0.01
    assert other.pending_gap == 0 and not other.attention

    later = build(own, health, now=now + timedelta(days=9), thresholds=Thresholds(policy_days=7))
    assert [r.reasons[0].code for r in later[1:]] == ["offline_too_long"]
    assert "7" in later[1].reasons[0].zh and "9" in later[1].reasons[0].en


@pytest.mark.asyncio
async def test_sequence_gap_stands_out_and_clerks_may_not_look(
    devices: dict[str, Device],
) -> None:
    clerk, sup = devices["clerk"], devices["super"]
    rng = random.Random(6)
    await clerk.intake(rng)
    await clerk.intake(rng)
    pending = await clerk.store.call(lambda s: s.pending_mutations(10))
    device_id = await clerk.engine.device_id()
    with pytest.raises(SeqGap):
        await clerk.client.push(device_id, pending[1:])  # seq 2 without seq 1
    health = await fetch_platform(sup.client)
    rows = build(await sup.store.call(read_own), health, now=datetime.now(UTC))
    gap = next(r for r in rows if r.device_id == device_id)
    assert gap.pending_gap == 2 and gap.attention
    assert [m.code for m in gap.reasons] == ["sequence_gap"]
    with pytest.raises(Forbidden):
        await fetch_platform(clerk.client)


@pytest.mark.asyncio
async def test_own_failing_action_is_read_from_the_store(devices: dict[str, Device]) -> None:
    sup = devices["super"]
    doc = await sup.intake(random.Random(7))
    op_ids = [m["op_id"] for m in await sup.store.call(lambda s: s.pending_mutations(10))]

    def attempt(store: Any) -> None:  # what the engine does around a failed push
        store.mark_in_flight(op_ids)
        store.note_push_failure(op_ids, "platform refused: bad gateway")

    for _ in range(4):
        await sup.store.call(attempt)
    assert (await sup.store.call(read_own)).failing == 0  # four failures: not yet stuck
    await sup.store.call(attempt)
    own = await sup.store.call(read_own)
    assert own.failing == 1 and own.last_error == "platform refused: bad gateway"
    row = build(own, None, now=datetime.now(UTC))[0]
    assert row.attention and row.reasons[0].code == "action_failing"
    assert "bad gateway" in row.reasons[0].zh
    assert doc["id"] not in (row.reasons[0].zh + row.reasons[0].en)  # no record data


def test_action_still_waiting_after_contact_is_stuck() -> None:
    t0 = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    facts = OwnFacts("dev", "03", 2, t0, 0, 0, t0 - timedelta(hours=1), t0 + timedelta(hours=2))
    row = build(facts, None, now=t0 + timedelta(hours=3))[0]
    assert [m.code for m in row.reasons] == ["action_stuck"]
    fresh = OwnFacts("dev", "03", 2, t0, 0, 0, None, t0 + timedelta(minutes=10))
    assert not build(fresh, None, now=t0 + timedelta(minutes=20))[0].attention
    assert build(fresh, None, now=t0)[0].oldest_pending_age(t0 + timedelta(minutes=5)) == (
        timedelta(minutes=5)
    )
    never = OwnFacts("dev", "03", 3, t0, 0, 0, None, None)  # work waiting, never synced
    assert build(never, None, now=t0 + timedelta(days=2))[0].days_offline == 2.0
    late = build(never, None, now=t0 + timedelta(days=8))[0]
    assert [m.code for m in late.reasons] == ["offline_too_long"]
