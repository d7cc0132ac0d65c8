"""The engine against the real platform on loopback and real encrypted stores."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
import pytest_asyncio

from tests.chaos.invariants import Ledger, read_platform
from tests.support.faults import Fault
from tests.sync.harness import Device, back_office_act, back_office_client


class Office:
    """Devices made on first use (each costs a sign-in, a registration and a catalog)."""

    USERS: ClassVar[dict[str, str]] = {"a": "nm-clerk1", "b": "nm-clerk2", "z": "zz-clerk1"}

    def __init__(self, platform: Any, root: Path) -> None:
        self.platform, self.root = platform, root
        self.devices: dict[str, Device] = {}

    async def __call__(self, name: str) -> Device:
        if name not in self.devices:
            user = self.platform.users[self.USERS[name]]
            self.devices[name] = await Device.create(
                f"dev-{name}", user, self.root / name, self.platform.base_url
            )
        return self.devices[name]


@pytest_asyncio.fixture
async def office(fresh_platform: Any, tmp_path: Path) -> AsyncIterator[Office]:
    made = Office(fresh_platform, tmp_path)
    yield made
    for d in made.devices.values():
        await d.aclose()


async def _copies(d: Device) -> dict[str, int]:
    rows = await d.store.call(
        lambda s: s.conn.execute("SELECT record_id, version FROM server_copies").fetchall()
    )
    return {str(r): int(v) for r, v in rows}


@pytest.mark.asyncio
async def test_offline_intakes_push_once_and_reach_the_same_office_only(
    office: Office, fresh_platform: Any
) -> None:
    a, b, z = await office("a"), await office("b"), await office("z")
    rng = random.Random(4)
    ids = [(await a.intake(rng))["id"] for _ in range(3)]
    assert a.engine.board.status.pending == 0  # not refreshed yet
    await a.engine.refresh_status()
    assert a.engine.board.status.pending == 3 and not a.engine.board.status.settled
    outcome = await a.engine.run()
    assert outcome.ok and outcome.pending == 0 and a.engine.board.status.settled
    assert a.engine.totals.outcomes == {"applied": 3}
    assert set(await _copies(a)) == set(ids)
    assert (await b.engine.run()).ok and set(await _copies(b)) == set(ids)
    assert (await z.engine.run()).ok and await _copies(z) == {}
    platform = read_platform(fresh_platform.db_path)
    assert sorted(platform.records) == sorted(ids)
    for rid in ids:
        state = await a.store.call(lambda s, r: s.record_sync_state(r), rid)
        assert state == "synced"
    assert Ledger() is not None


async def _platform_ops(db_path: Path) -> int:
    return len(read_platform(db_path).mutations)


@pytest.mark.asyncio
async def test_lost_answers_and_duplicates_never_apply_twice(
    office: Office, fresh_platform: Any
) -> None:
    a = await office("a")
    rng = random.Random(5)
    a.faults.match = lambda r: r.url.path.endswith("/sync/push")
    for fault in (Fault.lose_response, Fault.duplicate, Fault.truncate):
        await a.intake(rng)
        a.faults.add(fault)
        if not (await a.engine.run()).ok:
            assert (await a.engine.run()).ok
    assert sum(a.faults.injected.values()) == 3
    platform = read_platform(fresh_platform.db_path)
    assert len(platform.records) == 3 and len(platform.mutations) == 3
    assert a.engine.totals.outcomes == {"applied": 3}  # replays got the stored outcomes back
    assert platform.last_applied[await a.engine.device_id()] == 3


@pytest.mark.asyncio
async def test_stale_clerk_transition_becomes_a_visible_conflict_and_resolves(
    office: Office, fresh_platform: Any
) -> None:
    a = await office("a")
    rng = random.Random(6)
    rid = (await a.intake(rng))["id"]
    actor = a.actor
    await a.store.call(lambda s: s.transition(actor, rid, "accepted"))
    assert (await a.engine.run()).ok
    bo = await back_office_client(fresh_platform.base_url, fresh_platform.users["backoffice"])
    try:
        await back_office_act(bo, rid, "start_review")
    finally:
        await bo.aclose()
    # the clerk, still offline, records the applicant withdrawing
    await a.store.call(lambda s: s.transition(actor, rid, "withdrawn", reason="申请人撤回"))
    outcome = await a.engine.run()
    assert not outcome.ok or a.engine.board.status.conflicts == 1
    status = a.engine.board.status
    assert status.pending == 0 and status.conflicts == 1
    assert any(w.code == "needs_review" for w in status.warnings)
    assert await a.store.call(lambda s: s.record_sync_state(rid)) == "conflict"
    view = await a.store.call(lambda s: s.get(rid))
    assert view["status"] == "under_review"  # the platform's status wins, nothing silent
    conflicts = await a.store.call(lambda s: s.open_conflicts(rid))
    assert len(conflicts) == 1
    await a.store.call(
        lambda s: s.resolve_conflict(conflicts[0]["id"], "keep_platform", actor=actor)
    )
    await a.engine.refresh_status()
    assert a.engine.board.status.conflicts == 0


@pytest.mark.asyncio
async def test_epoch_reset_resyncs_and_keeps_the_outbox(
    office: Office, fresh_platform: Any
) -> None:
    from central.admin import bump_epoch

    a, b = await office("a"), await office("b")
    rng = random.Random(7)
    first = (await a.intake(rng))["id"]
    assert (await a.engine.run()).ok and (await b.engine.run()).ok
    second = (await b.intake(rng))["id"]  # held offline across the reset
    new_epoch = bump_epoch(fresh_platform.db_path)
    assert (await b.engine.run()).ok
    assert b.engine.totals.resets == 1
    assert await b.store.call(lambda s: s.pull_cursor()) == {
        "epoch": new_epoch,
        "seq": (await b.store.call(lambda s: s.pull_cursor()))["seq"],
    }
    assert set(await _copies(b)) == {first, second}
    assert (await a.engine.run()).ok and set(await _copies(a)) == {first, second}


@pytest.mark.asyncio
async def test_attachment_uploads_resumably_before_its_mutation(
    office: Office, fresh_platform: Any
) -> None:
    import hashlib

    a = await office("a")
    rng = random.Random(8)
    rid = (await a.intake(rng))["id"]
    scan = bytes(rng.getrandbits(8) for _ in range(600_000))  # > 2 chunks
    actor = a.actor
    code = a.items[0]["materials"][0]["code"]
    await a.store.call(
        lambda s: s.add_material(
            actor,
            rid,
            {"code": code, "originals": 1, "copies": 0},
            content=scan,
            mime="image/jpeg",
        )
    )
    a.faults.match = lambda r: r.method == "PATCH"
    a.faults.add(None, Fault.lose_response)  # the second chunk's answer is lost
    outcome = await a.engine.run()
    if not outcome.ok:
        outcome = await a.engine.run()
    assert outcome.ok
    sha = hashlib.sha256(scan).hexdigest()
    status = await a.client.blob_status(sha)
    assert status.complete and status.offset == len(scan)
    assert a.faults.injected[Fault.lose_response] == 1
    assert await a.store.call(lambda s: s.pending_blobs()) == []


@pytest.mark.asyncio
async def test_a_poisoned_mutation_is_set_aside_and_the_rest_flows(
    office: Office, fresh_platform: Any
) -> None:
    a = await office("a")
    rng = random.Random(9)
    retired = dict(a.items[0], code="11520102MB0099XK009901001", name="已撤销事项")
    await a.store.call(lambda s: s.upsert_catalog([retired]))
    a.items.insert(0, retired)
    await a.intake(rng)  # the platform does not offer this item any more
    a.items.pop(0)
    good = (await a.intake(rng))["id"]
    outcome = await a.engine.run()
    status = a.engine.board.status
    assert status.pending == 0 and status.rejected == 1 and outcome.online
    assert a.engine.totals.outcomes == {"rejected": 1, "applied": 1}
    assert set(await _copies(a)) == {good}
    rejected = await a.store.call(lambda s: s.open_conflicts())
    assert rejected[0]["reason"] == "unknown_item"


@pytest.mark.asyncio
async def test_cancelled_run_leaves_state_consistent(office: Office, fresh_platform: Any) -> None:
    import asyncio

    a = await office("a")
    rng = random.Random(10)
    for _ in range(2):
        await a.intake(rng)
    a.faults.match = lambda r: r.url.path.endswith("/sync/push")
    a.faults.add(Fault.timeout)
    a.faults.timeout_delay = 60.0  # held until cancelled: the run is stuck mid-push
    task = asyncio.create_task(a.engine.run())
    await asyncio.wait_for(a.faults.stalling.wait(), 30)
    assert not task.done()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not a.engine.board.status.running
    assert a.engine.board.status.last_error is not None
    assert a.engine.board.status.last_error.code == "cancelled"
    a.faults.timeout_delay = 0
    assert (await a.engine.run()).ok
    assert len(read_platform(fresh_platform.db_path).records) == 2


@pytest.mark.asyncio
async def test_catalog_refresh_uses_the_etag(office: Office, fresh_platform: Any) -> None:
    a = await office("a")
    assert a.engine.refresh_catalog
    assert (await a.engine.run()).ok
    etag = await a.store.call(lambda s: s.catalog_etag())
    assert etag
    code = a.items[0]["code"]
    renamed = dict(a.items[0], name="本地改名")
    await a.store.call(lambda s: s.upsert_catalog([renamed]))
    assert (await a.engine.run()).ok  # 304: nothing re-saved
    assert (await a.store.call(lambda s: s.get_item(code)))["name"] == "本地改名"
    await a.store.call(
        lambda s: s.conn.execute("UPDATE meta SET value = 'stale' WHERE key = 'catalog_etag'")
    )
    assert (await a.engine.run()).ok  # a changed catalog is downloaded and saved
    assert (await a.store.call(lambda s: s.get_item(code)))["name"] == a.items[0]["name"]
    assert await a.store.call(lambda s: s.catalog_etag()) == etag


@pytest.mark.asyncio
async def test_field_conflict_keeps_both_values_and_resubmit_wins(
    office: Office, fresh_platform: Any
) -> None:
    from sync.service import SyncService
    from sync.status import RecordSyncState

    a, b = await office("a"), await office("b")
    rng = random.Random(12)
    rid = (await a.intake(rng))["id"]
    assert (await a.engine.run()).ok and (await b.engine.run()).ok
    actor_a, actor_b = a.actor, b.actor
    await b.store.call(lambda s: s.set_fields(actor_b, rid, {"phone": "13900000001"}))
    assert (await b.engine.run()).ok
    await a.store.call(lambda s: s.set_fields(actor_a, rid, {"phone": "13900000002"}))
    service = SyncService(a.store, a.client, refresh_catalog=False)
    service.engine = a.engine
    await a.engine.run()
    assert await service.record_state(rid) is RecordSyncState.conflict
    [conflict] = await service.open_conflicts(rid)
    assert conflict["path"] == "phone"
    assert "13900000002" in str(conflict["clerk_value"])
    assert "13900000001" in str(conflict["platform_value"])
    assert (await a.store.call(lambda s: s.get(rid)))["phone"] == "13900000001"
    await service.resolve(conflict["id"], "resubmit", actor=actor_a)
    await service.stop()
    assert (await a.engine.run()).ok
    assert (await b.engine.run()).ok
    assert (await b.store.call(lambda s: s.get(rid)))["phone"] == "13900000002"
    assert await service.record_state(rid) is RecordSyncState.synced


@pytest.mark.asyncio
async def test_an_action_that_keeps_failing_gets_a_plain_reason(
    office: Office, fresh_platform: Any
) -> None:
    from sync.diagnosis import Policy

    a = await office("a")
    a.engine.policy = Policy(failure_threshold=3)
    a.engine.failures.policy = a.engine.policy
    await a.intake(random.Random(13))
    a.faults.match = lambda r: r.url.path.endswith("/sync/push")
    a.faults.kinds, a.faults.rate = (Fault.html,), 1.0  # a captive portal answers every push
    for _ in range(3):
        outcome = await a.engine.run()
        assert not outcome.ok and outcome.pending == 1
    status = a.engine.board.status
    assert status.last_error is not None and status.last_error.code == "bad_response"
    stuck = [w for w in status.warnings if w.code == "stuck_action"]
    assert stuck and "3" in stuck[0].zh and "login page" in stuck[0].en
    a.faults.rate = 0.0
    assert (await a.engine.run()).ok
    assert not [w for w in a.engine.board.status.warnings if w.code == "stuck_action"]
