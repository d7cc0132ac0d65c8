"""The detail view of a demo record with an open conflict, for ``make screenshots``.

The conflict is made the way the sync engine records one: the clerk changes the phone
number while the platform already holds another value, and the push outcome for that
mutation is ``conflict``. Here that outcome is written directly through the store's
``record_outcomes`` (no network), which is fine for a picture and never used in the app.
"""

from __future__ import annotations

from pathlib import Path

from demo.intake_data import DEMO_ITEM
from demo.intake_screens import DEMO_CLERK, DEMO_CONTEXT, SIZE, settle
from offline.store.store import Store
from sync.store_thread import StoreThread
from ui.detail.backend import StoreDetailBackend
from ui.detail.view import TAB_CONFLICTS, DetailView
from ui.intake.runner import ThreadRunner
from ui.readers.simulated import demo_cards


def _record_with_conflict(store: Store) -> str:
    card = demo_cards()[1]
    doc = store.intake(
        DEMO_CLERK,
        item_code=DEMO_ITEM["code"],
        applicant=card.applicant(),
        phone="13800138000",
        address=card.address,
        form={"shop_name": "王芳小卖部", "area": 20, "business": "零售"},
        materials=[
            {"code": m["code"], "originals": m["originals"], "copies": m["copies"]}
            for m in DEMO_ITEM["materials"][:3]
        ],
    )
    doc = store.transition(DEMO_CLERK, doc["id"], "accepted")
    store.add_note(DEMO_CLERK, doc["id"], "申请人要求短信通知")
    store.set_fields(DEMO_CLERK, doc["id"], {"phone": "13700000000"})
    mine = [m for m in store.pending_mutations(100) if m["record_id"] == doc["id"]]
    create, accept, _note, change = mine
    platform_doc = {**doc, "phone": "13900000000", "version": 3}
    platform_doc["history"] = [
        *doc["history"],
        {"from": "accepted", "to": "under_review", "by": "platform", "role": "back_office",
         "at": doc["history"][-1]["at"], "reason": None, "op_id": "server-1"},
    ]  # fmt: skip
    platform_doc["status"] = "under_review"
    conflict = [{"path": "phone", "base": "13800138000", "local": "13700000000",
                 "platform": "13900000000"}]  # fmt: skip
    store.record_outcomes(
        [
            {"op_id": create["op_id"], "outcome": "applied", "version": 1},
            {"op_id": accept["op_id"], "outcome": "applied", "version": 2},
            {"op_id": _note["op_id"], "outcome": "applied", "version": 2},
            {"op_id": change["op_id"], "outcome": "conflict", "version": 3,
             "current": platform_doc, "conflicts": conflict},
        ]
    )  # fmt: skip
    return str(doc["id"])


def detail_with_conflict(
    store: StoreThread[Store], pdf_dir: Path, runner: ThreadRunner | None = None
) -> DetailView:
    """A shown, loaded detail view on its conflicts tab (store: registered, demo catalog)."""
    record_id = store.call_blocking(_record_with_conflict)
    view = DetailView(
        StoreDetailBackend(store, DEMO_CLERK), runner or ThreadRunner(), record_id,
        DEMO_CONTEXT, pdf_dir,
    )  # fmt: skip
    view.resize(*SIZE)
    view.show()
    view.reload()
    settle(lambda: view.data is not None)
    view.tabs.setCurrentIndex(TAB_CONFLICTS)
    view.conflicts_view.selectRow(0)
    settle(lambda: True)
    return view
