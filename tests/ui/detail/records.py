"""Real records for detail tests, written through the store's clerk actions."""

from __future__ import annotations

from typing import Any

from demo.intake_data import DEMO_ITEM
from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.intake.support import CLERK
from ui.readers.simulated import demo_cards


def intake(store: Store, *, materials: int = 3) -> dict[str, Any]:
    card = demo_cards()[0]
    return store.intake(
        CLERK,
        item_code=DEMO_ITEM["code"],
        applicant=card.applicant(),
        phone="13800138000",
        address=card.address,
        form={"shop_name": "老张粉馆", "area": 80, "business": "餐饮"},
        materials=[
            {"code": m["code"], "originals": m["originals"], "copies": m["copies"]}
            for m in DEMO_ITEM["materials"][:materials]
        ],
    )


def new_record(thread: StoreThread[Store], status: str = "received") -> dict[str, Any]:
    """A record moved by the clerk into ``status`` (received, accepted, rejection_proposed)."""

    def make(store: Store) -> dict[str, Any]:
        doc = intake(store)
        if status == "accepted":
            doc = store.transition(CLERK, doc["id"], "accepted")
        elif status == "rejection_proposed":
            doc = store.transition(CLERK, doc["id"], "rejection_proposed", reason="不属于本机关")
        return doc

    return thread.call_blocking(make)


def with_phone_conflict(thread: StoreThread[Store]) -> dict[str, Any]:
    """A record whose phone change met a different platform value (as the sync engine
    records the platform's push outcome): one open conflict on ``phone``."""

    def make(store: Store) -> dict[str, Any]:
        doc = intake(store)
        store.set_fields(CLERK, doc["id"], {"phone": "13700000000"})
        create, change = store.pending_mutations(10)
        platform_doc = {**create["payload"]["doc"], "phone": "13900000000", "version": 2}
        store.record_outcomes(
            [
                {"op_id": create["op_id"], "outcome": "applied", "version": 1},
                {
                    "op_id": change["op_id"],
                    "outcome": "conflict",
                    "version": 2,
                    "current": platform_doc,
                    "conflicts": [
                        {
                            "path": "phone",
                            "base": "13800138000",
                            "local": "13700000000",
                            "platform": "13900000000",
                        }
                    ],
                },
            ]
        )
        result = store.get(doc["id"])
        assert result is not None
        return result

    return thread.call_blocking(make)


def approved_by_platform(thread: StoreThread[Store]) -> dict[str, Any]:
    """An accepted record, pushed, then pulled back approved by the back office."""

    def make(store: Store) -> dict[str, Any]:
        doc = store.transition(CLERK, intake(store)["id"], "accepted")
        create, accept = store.pending_mutations(10)
        store.record_outcomes(
            [
                {"op_id": create["op_id"], "outcome": "applied", "version": 1},
                {"op_id": accept["op_id"], "outcome": "applied", "version": 2},
            ]
        )
        at = doc["history"][-1]["at"]
        server = {**doc, "status": "approved", "version": 4, "decision": {"no": "准予-001"}}
        server["history"] = [
            *doc["history"],
            {"from": "accepted", "to": "under_review", "by": "bo-1", "role": "back_office",
             "at": at, "reason": None, "op_id": "s-1"},
            {"from": "under_review", "to": "approved", "by": "bo-1", "role": "back_office",
             "at": at, "reason": None, "op_id": "s-2"},
        ]  # fmt: skip
        store.apply_pull_page(
            [{"record_id": doc["id"], "version": 4, "doc": server}], {"epoch": 1, "seq": 7}
        )
        result = store.get(doc["id"])
        assert result is not None and result["status"] == "approved"
        return result

    return thread.call_blocking(make)


def awaiting_supplement(thread: StoreThread[Store]) -> dict[str, Any]:
    def make(store: Store) -> dict[str, Any]:
        doc = intake(store, materials=2)
        missing = [{"code": "M03", "name": "经营场所使用证明", "problem": "未提交"}]
        return store.transition(CLERK, doc["id"], "awaiting_supplement", data={"missing": missing})

    return thread.call_blocking(make)
