"""The sign-off round trip through the reference platform (issue 6 §6).

A clerk proposes two rejections (拟不予受理) on device A and syncs; the supervisor's own
device pulls them, signs one off and returns the other with a comment through the
supervisor backend the panel uses, and syncs; the platform then holds both decisions,
the clerk's device pulls them, and only the signed-off record offers the 不予受理通知书.
A reassignment (改派) made on the supervisor's device travels the same way.
Real encrypted stores, the real sync engine, the real platform on loopback.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from offline.store.actions import Actor
from tests.sync.harness import Device
from ui.printing.documents import DocKind, PrintContext, kinds_for, render_html
from ui.supervisor.backend import SupervisorBackend
from ui.supervisor.office_source import reassign_many


@pytest_asyncio.fixture
async def devices(fresh_platform: Any, tmp_path: Path) -> AsyncIterator[dict[str, Device]]:
    users, url = fresh_platform.users, fresh_platform.base_url
    made = {
        "clerk": await Device.create("dev-a", users["nm-clerk1"], tmp_path / "a", url),
        "super": await Device.create("dev-s", users["nm-super"], tmp_path / "s", url),
    }
    yield made
    for d in made.values():
        await d.aclose()


@pytest.mark.asyncio
async def test_clerk_proposes_supervisor_decides_clerk_prints_and_reassignment_syncs(
    devices: dict[str, Device],
) -> None:
    clerk, sup = devices["clerk"], devices["super"]
    rng = random.Random(11)
    ids = [(await clerk.intake(rng))["id"] for _ in range(2)]
    moved = (await clerk.intake(rng))["id"]
    for rid in ids:
        await clerk.store.call(
            lambda s, rid=rid: s.transition(
                clerk.actor, rid, "rejection_proposed", reason="申请事项不属于本机关职权范围"
            )
        )
    assert (await clerk.engine.run()).ok

    assert (await sup.engine.run()).ok  # the proposals reach the supervisor's device
    backend = SupervisorBackend(sup.store, Actor(sup.user_id, "supervisor"), sup.office_code)
    pending = await asyncio.to_thread(backend.pending_signoffs)
    assert sorted(r["id"] for r in pending) == sorted(ids)
    assert {r["reason"] for r in pending} == {"申请事项不属于本机关职权范围"}
    signed, returned = ids
    await asyncio.to_thread(backend.sign_off, signed)
    await asyncio.to_thread(backend.send_back, returned, "请核实申请人提交的营业执照后重新受理")
    supervisor = backend.actor
    await sup.store.call(lambda s: reassign_many(s, supervisor, [moved], "u-nm-clerk2"))
    assert (await sup.engine.run()).ok
    assert (await sup.store.call(lambda s: s.sync_counts()))["pending"] == 0

    on_platform = {rid: (await sup.client.get_application(rid)).doc for rid in [*ids, moved]}
    assert on_platform[moved]["clerk_id"] == "u-nm-clerk2"
    last = on_platform[signed]["history"][-1]
    assert on_platform[signed]["status"] == "rejected"
    assert (last["to"], last["role"], last["by"]) == ("rejected", "supervisor", sup.user_id)
    back = on_platform[returned]["history"][-1]
    assert on_platform[returned]["status"] == "received" and back["role"] == "supervisor"
    assert "营业执照" in str(back)  # the comment travels with the decision

    assert (await clerk.engine.run()).ok  # the clerk's device pulls both decisions
    docs = {rid: await clerk.store.call(lambda s, rid=rid: s.get(rid)) for rid in ids}
    assert docs[signed]["status"] == "rejected" and docs[returned]["status"] == "received"
    assert DocKind.rejection in kinds_for(docs[signed])
    assert DocKind.rejection not in kinds_for(docs[returned])
    context = PrintContext(
        office_name="南明区政务服务中心", clerk_name="李明", printed_on=date(2026, 11, 26)
    )
    notice = render_html(DocKind.rejection, docs[signed], context)
    assert docs[signed]["receipt_no"] in notice and "申请事项不属于本机关职权范围" in notice
    assert (await clerk.store.call(lambda s: s.get(moved)))["clerk_id"] == "u-nm-clerk2"
    counts = await clerk.store.call(lambda s: s.sync_counts())
    assert counts["pending"] == counts["conflicts"] == counts["rejected"] == 0
    for rid in ids:
        copy = await clerk.store.call(lambda s, rid=rid: s.server_copy(rid))
        assert copy is not None and copy["status"] == on_platform[rid]["status"]
        assert copy["history"] == on_platform[rid]["history"]
