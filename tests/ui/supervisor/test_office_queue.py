"""The office queue over a real encrypted store: the clerk x status grid matches brute-force
counts, a cell filters the list, overdue/due-soon and search narrow it, Enter opens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from offline.domain import clock
from offline.store.queue import CLOCK_STATUSES
from sync.store_thread import StoreThread
from tests.fixtures.clock import TickingClock
from tests.ui.asyncutil import settle, wait_signal, wait_until
from tests.ui.supervisor.office import CLERKS, office_ctx, seeded_store
from ui.queue.rows import SORT_KEYS
from ui.supervisor.office_queue import OfficeQueueView


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreThread[Any]]:
    """One seeded office for the read-only tests of this module, on the test clock (the seed
    and the overdue/due-soon lists both count from its day)."""
    with clock.use_clock(TickingClock()):
        thread = seeded_store(tmp_path_factory.mktemp("office") / "store.db")
        yield thread
        thread.close()


def brute_counts(store: StoreThread[Any]) -> dict[tuple[str, str], int]:
    rows = store.call_blocking(
        lambda s: s.conn.execute(
            "SELECT clerk_id, status, count(*) FROM applications GROUP BY 1, 2"
        ).fetchall()
    )
    return {(c, st): n for c, st, n in rows}


async def make_view(qtbot: QtBot, store: StoreThread[Any], keep: list[Any]) -> OfficeQueueView:
    view = OfficeQueueView(office_ctx(store))
    keep.append(view)
    view.resize(1200, 700)
    view.show()
    view.refresh()
    await wait_signal(view.refreshed)
    return view


@pytest.fixture
def keep() -> Iterator[list[Any]]:
    held: list[Any] = []
    yield held
    for widget in held:
        widget.close()


async def rows_loaded(view: OfficeQueueView) -> list[Any]:
    for r in range(view.model.rowCount()):
        view.model.data(view.model.index(r, 1))  # ask for every page
    await wait_until(lambda: all(view.model.cached_row(r) for r in range(view.model.rowCount())))
    return [view.model.cached_row(r) for r in range(view.model.rowCount())]


@pytest.mark.asyncio
async def test_grid_matches_brute_force_and_a_cell_filters_the_list(
    qtbot: QtBot, qtmodeltester: ModelTester, store: StoreThread[Any], keep: list[Any]
) -> None:
    view = await make_view(qtbot, store, keep)
    grid = view.grid
    qtmodeltester.check(grid, force_py=True)
    qtmodeltester.check(view.model, force_py=True)
    truth = brute_counts(store)
    assert grid.clerks == [None, *sorted(CLERKS, key=lambda c: CLERKS[c])]
    names = [grid.headerData(r, Qt.Orientation.Vertical) for r in range(grid.rowCount())]
    assert names[1:] == sorted(CLERKS.values())
    for row, clerk in enumerate(grid.clerks):
        for column, (_label, statuses) in enumerate(grid.groups):
            expected = sum(
                n
                for (c, st), n in truth.items()
                if (clerk is None or c == clerk) and (not statuses or st in statuses)
            )
            assert grid.count(row, column) == expected, (clerk, statuses)
    assert view.model.rowCount() == sum(truth.values())

    accepted_col = next(i for i, (_l, s) in enumerate(grid.groups) if s == {"accepted"})
    clerk_row = grid.clerks.index("u-nm-clerk2")
    view.grid_table.clicked.emit(grid.index(clerk_row, accepted_col))
    await wait_signal(view.refreshed)
    rows = await rows_loaded(view)
    assert len(rows) == grid.count(clerk_row, accepted_col) > 0
    assert {(r.clerk_id, r.status) for r in rows} == {("u-nm-clerk2", "accepted")}
    clerk_cell = view.model.index(0, view.model.clerk_column)
    assert view.model.data(clerk_cell) == CLERKS["u-nm-clerk2"]
    assert CLERKS["u-nm-clerk2"] in view.scope.text()

    view.show_all.click()
    await wait_signal(view.refreshed)
    assert view.model.rowCount() == sum(truth.values())
    await settle()


@pytest.mark.asyncio
async def test_overdue_due_soon_and_search(
    qtbot: QtBot, store: StoreThread[Any], keep: list[Any]
) -> None:
    view = await make_view(qtbot, store, keep)
    today = clock.today_local().isoformat()
    overdue = store.call_blocking(
        lambda s: {
            r[0]
            for r in s.conn.execute(
                f"SELECT id FROM applications WHERE due_date < ? AND status IN {CLOCK_STATUSES!r}",
                (today,),
            )
        }
    )
    assert overdue  # the seed accepts some records weeks ago
    view.urgency.setCurrentIndex(view.urgency.findData("overdue"))
    await wait_signal(view.refreshed)
    rows = await rows_loaded(view)
    assert {r.id for r in rows} == overdue
    assert all(r.remaining_days is not None and r.remaining_days < 0 for r in rows)
    assert [r.due_date for r in rows] == sorted(r.due_date for r in rows)  # most overdue first
    received_col = SORT_KEYS.index("received_at")  # any other sort still works
    view.table.horizontalHeader().setSortIndicator(received_col, Qt.SortOrder.DescendingOrder)
    await wait_signal(view.refreshed)
    rows = await rows_loaded(view)
    assert {r.id for r in rows} == overdue
    assert [r.received_at for r in rows] == sorted((r.received_at for r in rows), reverse=True)

    view.urgency.setCurrentIndex(view.urgency.findData("due_soon"))
    await wait_signal(view.refreshed)
    rows = await rows_loaded(view)
    assert all(r.remaining_days is not None and 0 <= r.remaining_days <= 2 for r in rows)

    view.urgency.setCurrentIndex(view.urgency.findData("all"))
    await wait_signal(view.refreshed)
    view.search.setText("13912345678")  # the one application with this phone
    view.search.returnPressed.emit()
    await wait_signal(view.refreshed)
    rows = await rows_loaded(view)
    assert [r.applicant_name for r in rows] == ["张三"]

    opened: list[str] = []
    view.openRequested.connect(opened.append)
    view.table.activated.emit(view.model.index(0, 1))
    assert opened == [rows[0].id]
    await settle()


@pytest.mark.usefixtures("device_clock")  # the seed and "today" on one clock
def test_urgency_filter_checks_values_and_keeps_to_the_office(tmp_path: Path) -> None:
    from offline.store.errors import InvalidArgument
    from ui.supervisor.office_source import OfficeFilter, office_query

    thread = seeded_store(tmp_path / "s.db", n=12)
    overdue = OfficeFilter(urgency="overdue")
    today = clock.today_local()
    try:
        with pytest.raises(InvalidArgument):
            thread.call_blocking(
                lambda s: office_query(s, OfficeFilter(urgency="someday"), "520102")
            )
        ours, _ = thread.call_blocking(lambda s: office_query(s, overdue, "520102", today))
        truth = thread.call_blocking(
            lambda s: s.conn.execute(
                "SELECT rowid FROM applications WHERE due_date < ? AND status = 'accepted'",
                (today.isoformat(),),
            ).fetchall()
        )
        assert sorted(ours) == sorted(r[0] for r in truth) and ours  # accepted weeks ago
        # The device moves to another office: the old records are not that office's.
        thread.call_blocking(lambda s: s.register_device("520103", "03"))
        theirs, _ = thread.call_blocking(lambda s: office_query(s, overdue, "520103", today))
        assert theirs == []
        again, _ = thread.call_blocking(lambda s: office_query(s, overdue, "520102", today))
        assert sorted(again) == sorted(ours)
    finally:
        thread.close()
