"""Peripheral data through the real platform on loopback: a rating with its four
dimensions, a captured page, the applicant's signature, a queue ticket and a
supervisor's follow-up of a poor rating are pushed, applied by the platform's domain
rules, and come back identical on pull."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from typing import Any

import pytest

from central.domain_bridge import apply as platform_apply
from offline.store import ratings as pad
from offline.store.actions import Actor
from tests.sync.harness import Device, intake_fields
from ui.peripherals.capture import SimulatedCaptureSource, compress_page
from ui.peripherals.signature import SimulatedSignaturePad

DIMS = {"overall": 2, "efficiency": 3, "service": 2, "attitude": 1}


@pytest.mark.asyncio
async def test_rating_page_signature_ticket_and_follow_up_sync(
    fresh_platform: Any, tmp_path: Path, qapp: object
) -> None:
    clerk = await Device.create(
        "dev-a", fresh_platform.users["nm-clerk1"], tmp_path / "a", fresh_platform.base_url
    )
    boss = await Device.create(
        "dev-s", fresh_platform.users["nm-super"], tmp_path / "s", fresh_platform.base_url
    )
    try:
        page = compress_page(SimulatedCaptureSource(620, 877).capture())
        signature = SimulatedSignaturePad().sign("")
        fields = intake_fields(clerk.items[0], random.Random(3))
        fields["ticket"] = {"no": "A012", "issued_at": "2026-01-05T01:00:00Z",
                            "called_at": "2026-01-05T01:09:00Z"}  # fmt: skip
        actor, code = clerk.actor, clerk.items[0]["materials"][0]["code"]

        def work(s: Any) -> dict[str, Any]:
            doc = s.intake(actor, **fields)
            s.add_material(actor, doc["id"], {"code": code, "originals": 0, "copies": 0,
                           "form": "electronic"}, content=page, mime="image/jpeg")  # fmt: skip
            s.rate_on_pad(actor, doc["id"], "acceptance", DIMS, "等太久")
            return dict(s.attach_signature(actor, doc["id"], signature))

        local = await clerk.store.call(work)
        assert (await clerk.engine.run()).ok
        rid = local["id"]
        served = await clerk.store.call(lambda s: s.server_copy(rid))
        assert served is not None
        rating = served["ratings"][0]
        assert rating["dimensions"] == DIMS and rating["receipt_no"] == local["receipt_no"]
        assert served["ticket"]["no"] == "A012"
        for blob in (page, signature):
            status = await clerk.client.blob_status(hashlib.sha256(blob).hexdigest())
            assert status.complete and status.offset == len(blob)
        assert pad.signature_of(served) == hashlib.sha256(signature).hexdigest()
        outcomes = await clerk.store.call(
            lambda s: s.conn.execute("SELECT count(*) FROM conflicts").fetchone()[0]
        )
        assert outcomes == 0

        # The supervisor pulls the poor rating and records the follow-up.
        assert (await boss.engine.run()).ok
        (item,) = await boss.store.call(lambda s: s.open_follow_ups())
        assert item.receipt_no == local["receipt_no"] and item.due is not None
        sup = Actor(boss.user_id, "supervisor")
        await boss.store.call(lambda s: s.record_follow_up(sup, rid, item.rating_id, "已电话回访"))
        assert (await boss.engine.run()).ok
        assert (await clerk.engine.run()).ok
        assert await clerk.store.call(lambda s: s.open_follow_ups()) == []
    finally:
        await clerk.aclose()
        await boss.aclose()


def test_the_platform_refuses_a_rating_for_another_receipt() -> None:
    doc = {"id": "r", "receipt_no": "520102-03-20260105-0001", "ratings": [], "notes": []}
    rating = {"id": "x", "stage": "acceptance", "score": 2, "comment": "", "dimensions": DIMS,
              "receipt_no": "520102-03-20260105-0002", "at": "2026-01-05T02:00:00Z"}  # fmt: skip
    mutation = {"op_id": "o", "kind": "rate", "record_id": "r", "actor": "u", "role": "clerk",
                "at": "2026-01-05T02:00:00Z", "payload": {"rating": rating}}  # fmt: skip
    result = platform_apply(doc, mutation)
    assert result.outcome == "rejected" and result.doc == doc
