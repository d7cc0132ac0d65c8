"""The queue over a real encrypted store: lazy model, tabs with counts, mine/office,
search-as-you-type (Chinese typed as input-method events), sorting, keyboard opening."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sync.store_thread import StoreThread
from tests.ui.asyncutil import settle, wait_signal, wait_until
from tests.ui.seeding import fill, intake, new_store
from ui import i18n, ops
from ui.queue.model import PAGE_SIZE, PLACEHOLDER
from ui.queue.source import SEARCH_CAP
from ui.queue.view import QueueWidget

CLERK1, CLERK2 = "u-nm-clerk1", "u-nm-clerk2"
ROWS = 250


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreThread[Any]]:
    """One seeded store for the module: these tests only read."""
    path = tmp_path_factory.mktemp("queue") / "store.db"

    def opener() -> Any:
        s = new_store(path)
        fill(s, [CLERK1, CLERK2], ROWS)
        rng = random.Random(3)
        intake(s, CLERK1, rng, name="张三", phone="13912345678")
        intake(s, CLERK2, rng, name="欧阳张三丰", phone="13800001111")
        return s

    thread: StoreThread[Any] = StoreThread(opener)
    yield thread
    thread.close()


@pytest.fixture
def keep() -> Iterator[list[Any]]:
    """Objects that must live until after later fixtures' teardown."""
    held: list[Any] = []
    yield held
    for widget in held:
        widget.close()
    held.clear()


def type_text(edit: QLineEdit, text: str) -> None:
    """Type like an input method does (qtbot.keyClicks aborts on non-ASCII text)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)


async def make_queue(qtbot: QtBot, store: StoreThread[Any], *, add: bool = True) -> QueueWidget:
    widget = QueueWidget(store, user_id=CLERK1, office_code="520102")
    if add:
        qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    widget.refresh()
    await wait_signal(widget.refreshed)
    return widget


@pytest.mark.asyncio
async def test_model_is_lazy_and_passes_the_model_tester(
    qtbot: QtBot, keep: list[Any], qtmodeltester: ModelTester, store: StoreThread[Any]
) -> None:
    widget = await make_queue(qtbot, store, add=False)
    keep.append(widget)  # outlive the model tester's teardown (closed by `keep`)
    widget.scope.setCurrentIndex(1)  # whole office
    await wait_signal(widget.refreshed)
    model = widget.model
    assert model.rowCount() == ROWS + 2
    await wait_until(lambda: model.pending_fetches() == 0)
    # Only what the view showed was fetched: the first page, not all three.
    assert model.loaded_pages() == 1
    last = model.index(model.rowCount() - 1, 2)
    assert model.data(last) == PLACEHOLDER
    await wait_until(lambda: model.data(last) != PLACEHOLDER)
    qtmodeltester.check(model, force_py=True)
    await ops.drain()
    qtmodeltester.check(model, force_py=True)
    for row in range(model.rowCount()):
        model.data(model.index(row, 1))
    await wait_until(lambda: model.pending_fetches() == 0)
    assert model.loaded_pages() == (ROWS + 2 + PAGE_SIZE - 1) // PAGE_SIZE
    assert PLACEHOLDER not in {model.data(model.index(r, 1)) for r in range(model.rowCount())}
    await settle()


@pytest.mark.asyncio
async def test_tabs_count_per_status_and_scope(qtbot: QtBot, store: StoreThread[Any]) -> None:
    widget = await make_queue(qtbot, store)
    mine = widget.tab_count(0)
    assert mine == widget.model.rowCount() == ROWS // 2 + 1
    assert widget.tab_count(1) == mine  # all are 已收件 (received)
    assert widget.tab_count(4) == 0  # none accepted
    assert f"({mine})" in widget.tabs.tabText(0)
    widget.scope.setCurrentIndex(1)
    await wait_signal(widget.refreshed)
    assert widget.tab_count(0) == ROWS + 2
    widget.tabs.setCurrentIndex(4)
    await wait_signal(widget.refreshed)
    assert widget.model.rowCount() == 0
    await settle()


@pytest.mark.asyncio
async def test_search_as_you_type_by_name_phone_and_receipt(
    qtbot: QtBot, store: StoreThread[Any]
) -> None:
    widget = await make_queue(qtbot, store)
    widget.scope.setCurrentIndex(1)
    await wait_signal(widget.refreshed)
    type_text(widget.search, "张三")
    await wait_signal(widget.refreshed)  # one query after the debounce
    # The first page came with the keys: rows paint at once, no second trip.
    assert widget.model.data(widget.model.index(0, 2)) != PLACEHOLDER
    assert widget.model.pending_fetches() == 0
    names = await row_names(widget)
    assert sorted(names) == ["张三", "欧阳张三丰"]
    widget.search.clear()
    type_text(widget.search, "13912345678")
    await wait_signal(widget.refreshed)
    assert await row_names(widget) == ["张三"]
    first = widget.model.cached_row(0)
    assert first is not None
    widget.search.setText(first.receipt_no)
    await wait_signal(widget.refreshed)
    assert widget.model.rowCount() == 1
    widget.search.setText("没有这个人")
    await wait_signal(widget.refreshed)
    assert widget.model.rowCount() == 0
    assert widget.tab_count(0) == 0
    # One character is a surname search: every applicant with it in the name (up to the
    # cap, newest first), the rows fetched page by page as the table shows them.
    widget.search.setText("张")
    await wait_signal(widget.refreshed)
    holders = await store.call(
        lambda s: s.conn.execute(
            "SELECT count(*) FROM applications WHERE instr(applicant_name, '张') > 0"
        ).fetchone()[0]
    )
    assert 2 <= widget.model.rowCount() == min(holders, SEARCH_CAP)
    assert all("张" in name for name in await row_names(widget))
    assert "张三" in await row_names(widget)
    # A whole ID number goes to its index: exactly that applicant.
    cert = await store.call(
        lambda s: s.conn.execute(
            "SELECT cert_no FROM applications WHERE applicant_name = '张三'"
        ).fetchone()[0]
    )
    widget.search.setText(cert)
    await wait_signal(widget.refreshed)
    assert await row_names(widget) == ["张三"]
    await settle()


async def row_names(widget: QueueWidget) -> list[str]:
    model = widget.model
    for row in range(model.rowCount()):
        model.data(model.index(row, 2))
    await wait_until(lambda: model.pending_fetches() == 0)
    return [str(model.data(model.index(r, 2))) for r in range(model.rowCount())]


@pytest.mark.asyncio
async def test_header_click_sorts_in_the_store(qtbot: QtBot, store: StoreThread[Any]) -> None:
    widget = await make_queue(qtbot, store)
    widget.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # receipt number
    await wait_signal(widget.refreshed)
    await wait_until(lambda: widget.model.cached_row(0) is not None)
    receipts = []
    for r in range(20):
        widget.model.data(widget.model.index(r, 1))
    await wait_until(lambda: widget.model.pending_fetches() == 0)
    receipts = [widget.model.data(widget.model.index(r, 1)) for r in range(20)]
    assert receipts == sorted(receipts)
    widget.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    await wait_signal(widget.refreshed)
    for r in range(20):
        widget.model.data(widget.model.index(r, 1))
    await wait_until(lambda: widget.model.pending_fetches() == 0)
    descending = [widget.model.data(widget.model.index(r, 1)) for r in range(20)]
    assert descending == sorted(descending, reverse=True)
    assert descending[0] > receipts[0]
    await settle()


@pytest.mark.asyncio
async def test_keyboard_enter_opens_the_selected_application(
    qtbot: QtBot, store: StoreThread[Any]
) -> None:
    widget = await make_queue(qtbot, store)
    await wait_until(lambda: widget.model.cached_row(1) is not None)
    widget.table.setFocus()
    widget.table.selectRow(0)
    qtbot.keyClick(widget.table, Qt.Key.Key_Down)
    expected = widget.model.cached_row(1)
    assert expected is not None
    opened: list[str] = []
    widget.openRequested.connect(opened.append)
    qtbot.keyClick(widget.table, Qt.Key.Key_Return)
    assert opened == [expected.id]
    await settle()


def test_overdue_red_and_due_soon_amber_with_working_days() -> None:
    from datetime import date

    from PySide6.QtGui import QBrush

    from ui.queue.model import AMBER, RED, due_text
    from ui.queue.rows import QueueRow, Urgency
    from ui.queue.source import remaining_days

    monday = date(2026, 11, 23)
    # Friday 27th is 4 working days after Monday; the weekend does not count.
    assert remaining_days("2026-11-27", "accepted", monday, {}) == 4
    assert remaining_days("2026-11-30", "accepted", date(2026, 11, 27), {}) == 1
    assert remaining_days("2026-11-20", "accepted", monday, {}) == -1  # last Friday: overdue
    assert remaining_days("2026-11-27", "received", monday, {}) is None  # clock not running
    # National Day 2026: 1-7 October are holidays, so from 30 Sep the next working day is 8 Oct.
    assert remaining_days("2026-10-08", "accepted", date(2026, 9, 30), {}) == 1
    # The platform's override calendar wins over the library's.
    assert remaining_days("2026-11-24", "accepted", monday, {date(2026, 11, 24): False}) == 0

    def row(days: int | None) -> QueueRow:
        return QueueRow(
            1,
            "r",
            "520102-03-20261123-0001",
            "张三",
            "事项",
            "accepted",
            "c",
            "2026-11-23T00:00:00+00:00",
            "2026-11-27",
            days,
            "pending",
        )

    assert row(-2).urgency is Urgency.overdue and "2" in due_text(row(-2))
    assert row(2).urgency is Urgency.soon and row(0).urgency is Urgency.soon
    assert row(3).urgency is Urgency.none and row(None).urgency is Urgency.none

    async def fetch(keys: list[int]) -> list[QueueRow]:
        return []

    from ui.queue.model import QueueModel

    model = QueueModel(fetch)
    for days, colour in ((-2, RED), (1, AMBER)):
        brush = model._cell(row(days), 2, Qt.ItemDataRole.ForegroundRole)
        assert isinstance(brush, QBrush) and brush.color() == colour
    assert model._cell(row(7), 2, Qt.ItemDataRole.ForegroundRole) is None


@pytest.mark.asyncio
@pytest.mark.parametrize("language", ["zh_CN", "en"])
async def test_status_tabs_show_their_whole_labels(
    qtbot: QtBot, keep: list[Any], store: StoreThread[Any], language: str
) -> None:
    app = QApplication.instance()
    assert app is not None
    i18n.install_translators(app, language)  # the ui conftest puts English back
    widget = await make_queue(qtbot, store, add=False)
    keep.append(widget)
    widget.resize(1024, 600)  # the narrowest counter screen we support
    await settle()
    bar = widget.tabs
    metrics = bar.fontMetrics()
    assert bar.count() == 8
    for index in range(bar.count()):
        text = bar.tabText(index)
        assert text.endswith(")"), text
        rect = bar.tabRect(index)
        assert rect.width() >= metrics.horizontalAdvance(text), text
        assert bar.rect().contains(rect), (text, rect, bar.rect())
