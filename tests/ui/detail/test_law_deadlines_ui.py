"""The detail view's law deadlines over a real store: the supervisor's extension
(行政许可法 art. 42) with its notice, the supplement-window warning and deemed acceptance
(art. 32(4)), and the supervisor's further notice with an override reason.

Records are written at fixed instants (02:00Z = 10:00 Asia/Shanghai); the view's "today"
is injected. Expected dates are counted by hand (2026-03: no holidays; weekends off).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from demo.intake_data import DEMO_ITEM
from offline.store.actions import Actor
from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.intake.support import CLERK, CONTEXT, SUPERVISOR, press, type_text
from ui.detail.backend import StoreDetailBackend
from ui.detail.view import DetailView
from ui.intake.runner import ThreadRunner
from ui.printing.documents import DocKind, render_html
from ui.readers.simulated import demo_cards

RECEIVED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Mon 2026-03-02


def _intake(thread: StoreThread[Store], materials: int = 3) -> dict[str, Any]:
    card = demo_cards()[0]

    def make(store: Store) -> dict[str, Any]:
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
            now=RECEIVED,
        )

    return thread.call_blocking(make)


def _open(
    qtbot: QtBot,
    thread: StoreThread[Store],
    runner: ThreadRunner,
    tmp_path: Path,
    record_id: str,
    actor: Actor,
    today: date,
) -> DetailView:
    view = DetailView(StoreDetailBackend(thread, actor), runner, record_id, CONTEXT, tmp_path)
    view.today = lambda: today
    qtbot.addWidget(view)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    with qtbot.waitSignal(view.loaded):
        view.reload()
    return view


def _action(view: DetailView, key: str) -> Any:
    return next(a for a in view._actions if a.key == key)


def test_supervisor_extends_and_the_notice_prints(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, tmp_path: Path
) -> None:
    doc = _intake(store_thread)
    rid = doc["id"]
    accepted = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    store_thread.call_blocking(lambda s: s.transition(CLERK, rid, "accepted", now=accepted))
    # promised 3 working days from 03-02: 03-03, 03-04, 03-05
    assert store_thread.call_blocking(lambda s: s.get(rid))["due_date"] == "2026-03-05"
    clerk = _open(qtbot, store_thread, runner, tmp_path, rid, CLERK, date(2026, 3, 3))
    assert "extend" not in clerk.action_buttons
    view = _open(qtbot, store_thread, runner, tmp_path, rid, SUPERVISOR, date(2026, 3, 3))
    view.start_action(_action(view, "extend"))
    days = view.panel.fields["working_days"]
    assert days.maximum() == 10 and days.value() == 10  # 许可: ten days (art. 42)
    view.panel.fields["reason"].setFocus()
    press(qtbot, Qt.Key.Key_Return)  # no reason: refused, nothing changes
    qtbot.waitUntil(lambda: view.panel.error.isVisible())
    assert store_thread.call_blocking(lambda s: s.get(rid)).get("extension") is None
    type_text(qtbot, "需现场核查经营场所")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        press(qtbot, Qt.Key.Key_Return)
    stored = store_thread.call_blocking(lambda s: s.get(rid))
    # 03-05 + 10 working days: 06, 09, 10, 11, 12, 13, 16, 17, 18, 19
    assert stored["due_date"] == "2026-03-19"
    assert stored["extension"]["working_days"] == 10
    assert stored["extension"]["by"] == SUPERVISOR.user_id
    assert store_thread.call_blocking(lambda s: s.pending_mutations(10))[-1]["kind"] == "extend"
    assert "extend" not in view.action_buttons  # once per case
    assert "Extended by 10 working days" in view.deadline_label.text()
    kinds = [view.print_panel.list.item(i).data(256) for i in range(view.print_panel.list.count())]
    assert "extension" in kinds
    notice = render_html(DocKind.extension, stored, CONTEXT)
    for text in ("延期通知书", "第四十二条", "2026年3月19日", "需现场核查经营场所", "10"):
        assert text in notice


@pytest.mark.parametrize(
    ("today", "warning", "text"),
    [
        # Window from receipt Mon 03-02: 03-03 1, 04 2, 05 3, 06 4, 09 5 → closes 03-09.
        (date(2026, 3, 4), False, "Supplement notice possible until 2026-03-09"),
        (date(2026, 3, 6), True, "closes on 2026-03-09"),
        # Lapsed: deemed accepted at receipt; 3 working days from 03-02 → 03-05.
        (date(2026, 3, 10), True, "counts as accepted from receipt"),
    ],
)
def test_supplement_window_warning(
    qtbot: QtBot,
    store_thread: StoreThread[Store],
    runner: ThreadRunner,
    tmp_path: Path,
    today: date,
    warning: bool,
    text: str,
) -> None:
    doc = _intake(store_thread)
    view = _open(qtbot, store_thread, runner, tmp_path, doc["id"], CLERK, today)
    assert view.deadline_label.isVisible()
    assert text in view.deadline_label.text()
    assert view.deadline_label.property("warning") is warning
    if today == date(2026, 3, 10):
        assert "due 2026-03-05" in view.deadline_label.text()


def test_supervisor_issues_a_further_notice_with_an_override(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, tmp_path: Path
) -> None:
    doc = _intake(store_thread, materials=2)  # M03 (经营场所使用证明) missing
    rid = doc["id"]
    first = [{"code": "M03", "name": "经营场所使用证明", "problem": "未提交"}]

    def first_notice(store: Store) -> None:
        at = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
        store.transition(CLERK, rid, "awaiting_supplement", data={"missing": first}, now=at)
        store.transition(CLERK, rid, "received", now=at)

    store_thread.call_blocking(first_notice)
    clerk = _open(qtbot, store_thread, runner, tmp_path, rid, CLERK, date(2026, 3, 4))
    assert clerk.deadline_label.text() == ""  # a timely notice was given
    view = _open(qtbot, store_thread, runner, tmp_path, rid, SUPERVISOR, date(2026, 3, 4))
    view.start_action(_action(view, "supplement"))
    added = view.panel.fields["added_material"]
    added.setCurrentIndex(added.findData("M01"))
    view.panel.fields["added_problem"].setFocus()
    type_text(qtbot, "申请书未签字")
    view.panel.fields["override_reason"].setFocus()
    type_text(qtbot, "复核发现申请书未签字")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        press(qtbot, Qt.Key.Key_Return)
    stored = store_thread.call_blocking(lambda s: s.get(rid))
    assert stored["status"] == "awaiting_supplement"
    override = stored["supplement_notices"][-1]["override"]
    assert override["added"] == ["M01"] and override["reason"] == "复核发现申请书未签字"
    assert override["by"] == SUPERVISOR.user_id
    audit = store_thread.call_blocking(
        lambda s: s.audit_entries(record_id=rid, action="application.transition")
    )
    assert audit and audit[0]["actor"] == SUPERVISOR.user_id
