"""Rating pad: the pad's answer becomes a stored rating with four dimensions (queued
offline), a poor one opens the supervisor's follow-up, a failing pad leaves the
on-screen form, and a declined rating stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from demo.intake_data import DEMO_ITEM
from offline.store import ratings as pad_actions
from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.intake.support import CLERK
from ui.peripherals.rating_pad import (
    RatingDialog,
    RatingFlow,
    RatingPad,
    RatingPadError,
    SimulatedRatingPad,
    check_answer,
)
from ui.readers.simulated import demo_cards

POOR = {"dimensions": {"overall": 1, "efficiency": 2, "service": 1, "attitude": 1},
        "comment": "窗口人员态度差"}  # fmt: skip


def _intake(store_thread: StoreThread[Store]) -> dict[str, Any]:
    def work(store: Store) -> dict[str, Any]:
        return dict(
            store.intake(
                CLERK,
                item_code=DEMO_ITEM["code"],
                applicant=demo_cards()[0].applicant(),
                phone="13800138000",
                form={"shop_name": "老张粉馆", "area": 80, "business": "餐饮"},
            )
        )

    return store_thread.call_blocking(work)


@pytest.mark.parametrize(
    "answer",
    [None, [], {"dimensions": {"overall": 5}}, {"dimensions": dict(POOR["dimensions"], overall=0)},
     {"dimensions": dict(POOR["dimensions"], overall=True)}, {"dimensions": POOR["dimensions"],
     "comment": 5}],
)  # fmt: skip
def test_malformed_pad_answers_are_errors(answer: Any) -> None:
    with pytest.raises(RatingPadError):
        check_answer(answer)


def test_poor_rating_from_the_pad_is_stored_and_opens_a_follow_up(
    qtbot: QtBot, store_thread: StoreThread[Store]
) -> None:
    doc = _intake(store_thread)
    pad = SimulatedRatingPad([POOR])
    assert isinstance(pad, RatingPad)
    flow = RatingFlow(pad, store_thread, CLERK)
    with qtbot.waitSignal(flow.done, timeout=10000) as done:
        flow.ask(doc, "acceptance")
    rating = done.args[0]["ratings"][-1]
    assert rating["dimensions"] == POOR["dimensions"] and rating["score"] == 1
    assert rating["receipt_no"] == doc["receipt_no"]
    assert pad.asked == [(doc["receipt_no"], "acceptance")]
    kinds = store_thread.call_blocking(
        lambda s: [r[0] for r in s.conn.execute("SELECT kind FROM outbox ORDER BY seq")]
    )
    assert kinds == ["create", "rate"]
    follow = store_thread.call_blocking(lambda s: pad_actions.open_follow_ups(s.conn))
    assert [f.record_id for f in follow] == [doc["id"]]
    flow.shutdown()


def test_declined_stores_nothing_and_a_failing_pad_leaves_the_screen(
    qtbot: QtBot, store_thread: StoreThread[Store]
) -> None:
    doc = _intake(store_thread)
    pad = SimulatedRatingPad([None])
    flow = RatingFlow(pad, store_thread, CLERK)
    with qtbot.waitSignal(flow.done, timeout=10000) as done:
        flow.ask(doc, "acceptance")
    assert done.args[0] is None
    pad.fail_next = True
    with qtbot.waitSignal(flow.failed, timeout=10000) as failed:
        flow.ask(doc, "acceptance")
    assert "did not answer" in failed.args[0]
    dialog = RatingDialog()
    qtbot.addWidget(dialog)
    dialog.levels["attitude"].setCurrentIndex(3)  # 不满意
    answer = dialog.answer()
    assert answer["dimensions"] == {"overall": 5, "efficiency": 5, "service": 5, "attitude": 2}
    with qtbot.waitSignal(flow.done, timeout=10000) as saved:
        flow.record(doc["id"], "acceptance", answer)
    assert saved.args[0]["ratings"][-1]["dimensions"]["attitude"] == 2
    flow.shutdown()


def test_the_pad_asks_when_the_wizard_saves_an_accepted_application(
    qtbot: QtBot, store_thread: StoreThread[Store], tmp_path: Any
) -> None:
    from tests.ui.intake.support import CONTEXT
    from ui.intake.runner import ThreadRunner
    from ui.intake.store_backend import StoreIntakeBackend
    from ui.intake.wizard import IntakeWizard
    from ui.peripherals.rating_pad import ask_after_acceptance

    runner = ThreadRunner()
    backend = StoreIntakeBackend(store_thread, CLERK)
    w = IntakeWizard(backend, runner, CONTEXT, tmp_path)
    qtbot.addWidget(w)
    pad = SimulatedRatingPad([POOR])
    flow = ask_after_acceptance(w, store_thread, CLERK, pad)
    base = {"item_code": DEMO_ITEM["code"], "applicant": demo_cards()[0].applicant(),
            "phone": "13800138000", "form": {"shop_name": "老张粉馆", "area": 80,
            "business": "餐饮"}}  # fmt: skip
    supplement = backend.submit({**base, "materials": [], "decision": {"kind": "supplement",
        "missing": [{"code": c, "name": "x", "problem": "missing"}
                    for c in ("M01", "M02", "M03")]}})  # fmt: skip
    w.submitted.emit(supplement)  # not accepted: the pad stays quiet
    accepted = backend.submit({**base, "decision": {"kind": "accept"}, "materials": [
        {"code": c, "originals": 1, "copies": 1} for c in ("M01", "M02", "M03")]})  # fmt: skip
    with qtbot.waitSignal(flow.done, timeout=10000) as done:
        w.submitted.emit(accepted)
    assert pad.asked == [(accepted["receipt_no"], "acceptance")]
    assert done.args[0]["ratings"][-1]["score"] == 1
    runner.shutdown()
