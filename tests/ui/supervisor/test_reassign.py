"""改派 from the office queue: several records to another clerk in one transaction; a clerk
is refused by the store with a clear message and nothing is written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel
from pytestqt.qtbot import QtBot

from offline.domain.errors import PermissionDenied
from offline.store.actions import Actor
from sync.store_thread import StoreThread
from tests.ui.asyncutil import settle, wait_signal, wait_until
from tests.ui.supervisor.office import CLERKS, SUPERVISOR, office_ctx, seeded_store
from ui.supervisor.office_queue import OfficeQueueView
from ui.supervisor.office_source import reassign_many

C1, C2 = list(CLERKS)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StoreThread[Any]]:
    thread = seeded_store(tmp_path / "store.db", n=12)
    yield thread
    thread.close()


def outbox(store: StoreThread[Any]) -> list[tuple[str, str, str]]:
    return store.call_blocking(
        lambda s: s.conn.execute("SELECT kind, actor, role FROM outbox ORDER BY seq").fetchall()
    )


async def open_view(qtbot: QtBot, store: StoreThread[Any], role: str, changed: list[Any]) -> Any:
    view = OfficeQueueView(office_ctx(store, role=role))
    qtbot.addWidget(view)
    view.changed.connect(changed.append)
    view.show()
    view.refresh()
    await wait_signal(view.refreshed)
    clerk_row = view.grid.clerks.index(C1)
    view.grid_table.clicked.emit(view.grid.index(clerk_row, 0))  # clerk 1, all statuses
    await wait_signal(view.refreshed)
    view.model.data(view.model.index(0, 1))
    await wait_until(lambda: view.model.cached_row(1) is not None)
    # Through the selection model: selectRow() under ExtendedSelection depends on the
    # keyboard modifiers Qt believes are held (flaky after other tests' key events).
    last = view.model.columnCount() - 1
    view.table.selectionModel().select(
        QItemSelection(view.model.index(0, 0), view.model.index(1, last)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    return view


@pytest.mark.asyncio
async def test_supervisor_reassigns_two_records(qtbot: QtBot, store: StoreThread[Any]) -> None:
    changed: list[list[str]] = []
    view = await open_view(qtbot, store, "supervisor", changed)
    picked = [r.id for r in view.selected_rows()]
    assert len(picked) == 2
    rows = {c: i for i, c in enumerate(view.grid.clerks)}
    before = {c: view.grid.count(rows[c], 0) for c in (C1, C2)}
    dialog = view.ask_reassign()
    assert dialog is not None
    offered = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert not any(CLERKS[C1] in text for text in offered)  # not the current clerk
    assert any(CLERKS[C2] in text for text in offered) and any(SUPERVISOR[2] in t for t in offered)
    assert not dialog.ok.isEnabled()
    assert dialog.choose(C2) and dialog.ok.isEnabled()
    dialog.accept()
    # choosing only asks: whom the two go to and what changes; Cancel writes nothing
    ask = view.confirm_dialog
    assert ask is not None and ask.isVisible()
    assert CLERKS[C2] in ask.question.text() and "2" in ask.question.text()
    assert CLERKS[C2] in ask.consequence.text()
    ask.cancel_button.click()
    assert outbox(store)[-2:] != [("reassign", SUPERVISOR[0], "supervisor")] * 2
    assert {store.call_blocking(lambda s, r=r: s.get(r))["clerk_id"] for r in picked} == {C1}
    dialog = view.ask_reassign()
    assert dialog is not None and dialog.choose(C2)
    dialog.accept()
    view.confirm_dialog.confirm_button.click()
    await wait_signal(view.refreshed)
    assert changed == [picked]
    docs = [store.call_blocking(lambda s, rid=rid: s.get(rid)) for rid in picked]
    assert {d["clerk_id"] for d in docs} == {C2}
    assert outbox(store)[-2:] == [("reassign", SUPERVISOR[0], "supervisor")] * 2
    rows = {c: i for i, c in enumerate(view.grid.clerks)}
    assert view.grid.count(rows[C1], 0) == before[C1] - 2
    assert view.grid.count(rows[C2], 0) == before[C2] + 2
    assert view.model.rowCount() == before[C1] - 2  # the list still shows clerk 1 only
    assert "2" in view.info.text() and CLERKS[C2] in view.info.text()
    await settle()


@pytest.mark.asyncio
async def test_clerk_is_refused_and_nothing_is_written(
    qtbot: QtBot, store: StoreThread[Any]
) -> None:
    changed: list[list[str]] = []
    view = await open_view(qtbot, store, "clerk", changed)
    before = outbox(store)
    picked = [r.id for r in view.selected_rows()]
    dialog = view.ask_reassign()
    assert dialog is not None and dialog.choose(C2)
    dialog.accept()
    view.confirm_dialog.confirm_button.click()
    await wait_until(lambda: view.reassign_button.isEnabled() and "负责人" in view.info.text())
    assert outbox(store) == before and changed == []
    assert {store.call_blocking(lambda s, r=r: s.get(r))["clerk_id"] for r in picked} == {C1}
    await settle()


def test_a_closed_record_refuses_the_whole_batch(store: StoreThread[Any]) -> None:
    supervisor = Actor(SUPERVISOR[0], "supervisor")
    clerk = Actor(C1, "clerk")

    def setup(s: Any) -> list[str]:
        rows = s.conn.execute(
            "SELECT id FROM applications WHERE clerk_id = ? AND status = 'received' LIMIT 3",
            (C1,),
        ).fetchall()
        ids = [r[0] for r in rows]
        s.transition(clerk, ids[1], "rejection_proposed", reason="材料虚假")
        s.transition(supervisor, ids[1], "rejected")
        return ids

    ids = store.call_blocking(setup)
    before = outbox(store)
    with pytest.raises(PermissionDenied):
        store.call_blocking(lambda s: reassign_many(s, supervisor, ids, C2))
    assert outbox(store) == before
    assert {store.call_blocking(lambda s, r=r: s.get(r))["clerk_id"] for r in ids} == {C1}
    done = store.call_blocking(lambda s: reassign_many(s, supervisor, [ids[0], ids[2]], C1))
    assert done == [] and outbox(store) == before  # already theirs: nothing to send
