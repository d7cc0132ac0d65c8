"""Reports screen (统计报表) on a real seeded store: figures, charts, refusals, exports.

The store is seeded through the pull path with platform documents of varied histories,
due dates and ratings over the last twelve days (some today), plus a cached clerk whose
display name must replace the id. Every figure shown is compared with
``offline.reports.build`` run directly on the same store (itself checked against
brute-force counts in tests/offline/test_reports.py).
"""

from __future__ import annotations

import csv
import random
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from pytestqt.qtbot import QtBot

from offline import reports
from offline.domain.clock import TZ
from offline.reports import Period, Report
from offline.store.store import Store
from offline.store.users import CachedUser
from sync.store_thread import StoreThread
from ui.context import SignedInUser, WorkspaceContext
from ui.intake.runner import ThreadRunner
from ui.supervisor.reports import THIS_WEEK, TODAY, ReportsView
from ui.supervisor.reports_data import duration_text

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)  # a Thursday, 11:00 in Shanghai
CLERKS = ("u-clerk1", "u-clerk2", "u-clerk3")
PATHS = (
    ["received"],
    ["received", "accepted"],
    ["received", "accepted", "under_review"],
    ["received", "accepted", "under_review", "approved"],
    ["received", "accepted", "under_review", "denied"],
    ["received", "accepted", "under_review", "approved", "delivered"],
    ["received", "withdrawn"],
)
WAIT = 10_000


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _doc(i: int, rng: random.Random, items: list[str]) -> dict[str, Any]:
    """A platform record received in the last 12 days (the first 15 within 10 hours)."""
    minutes = rng.randrange(0, 600) if i <= 15 else rng.randrange(0, 12 * 24 * 60)
    received = NOW - timedelta(minutes=minutes)
    path = rng.choice(PATHS)
    times = [received]
    for _ in path[1:]:
        times.append(times[-1] + timedelta(minutes=rng.randrange(5, 6 * 24 * 60)))
    clerk = rng.choice(CLERKS)
    history = [
        {"from": a, "to": b, "by": clerk, "role": "clerk", "at": _iso(t), "reason": None,
         "op_id": None}
        for a, b, t in zip([None, *path], path, times, strict=False)
    ]  # fmt: skip
    accepted = _iso(times[1]) if len(path) > 1 and path[1] == "accepted" else None
    due = None
    if accepted is not None:
        due = (times[1] + timedelta(days=rng.randrange(1, 6))).astimezone(TZ).date().isoformat()
    ratings = [
        {"id": f"r{i}-{k}", "stage": "acceptance", "score": rng.randint(1, 5), "comment": "",
         "at": _iso(received)}
        for k in range(rng.choice([0, 1, 1, 2]))
    ]  # fmt: skip
    return {
        "id": f"{i:012d}-rpt", "office_code": "520102",
        "receipt_no": f"520102-09-{received.astimezone(TZ):%Y%m%d}-{i:04d}",
        "query_password": "123456", "item_code": rng.choice(items), "item_name": "事项",
        "applicant": {"kind": "person", "name": "李四", "cert_type": "111",
                      "cert_no": "11010519491231002X", "legal_rep": None, "sex": "女",
                      "birth_date": "1949-12-31"},
        "agent": None, "phone": "13900139000", "address": "贵阳", "form": {},
        "materials": [], "status": path[-1], "clerk_id": clerk, "device_id": "dev-other",
        "received_at": _iso(received), "accepted_at": accepted, "due_date": due,
        "suspended": [], "history": history, "notes": [], "ratings": ratings,
        "supplement": None, "decision": None, "delivery": None, "platform_case_no": None,
        "version": len(path), "updated_at": _iso(times[-1]),
    }  # fmt: skip


def seed(thread: StoreThread[Store], rows: int = 160) -> dict[str, str]:
    """Seed the store; returns the catalog's item names by code."""

    def run(store: Store) -> dict[str, str]:
        names = {i["code"]: i["name"] for i in store.list_items()}
        rng = random.Random(11)
        docs = [_doc(i, rng, sorted(names)[:4]) for i in range(1, rows + 1)]
        changes = [
            {"seq": n, "record_id": d["id"], "version": d["version"], "doc": d}
            for n, d in enumerate(docs, start=1)
        ]
        store.apply_pull_page(changes, {"epoch": 1, "seq": len(changes)})
        user = CachedUser("u-clerk1", "clerk1", "李明", "clerk", "520102")
        store.cache_user(user, "Counter@2026", policy_days=7, max_failed=5, at=NOW)
        return names

    return thread.call_blocking(run)


def add_record_today(store: Store, item_code: str) -> None:
    """One more platform record received within the last ten hours (next pull page)."""
    doc = {**_doc(1, random.Random(99), [item_code]), "id": "000000000999-rpt"}
    doc["receipt_no"] = "520102-09-20261126-0999"
    change = {"seq": 161, "record_id": doc["id"], "version": doc["version"], "doc": doc}
    store.apply_pull_page([change], {"epoch": 1, "seq": 161})


def build(thread: StoreThread[Store], period: Period) -> Report:
    return thread.call_blocking(reports.build, period)


def context(thread: StoreThread[Store]) -> WorkspaceContext:
    return WorkspaceContext(
        user=SignedInUser("u-super1", "super1", "王五", "520102", ("supervisor",)),
        store=thread,
        office_code="520102",
        office_name="南明区政务服务中心",
        terminal_code="03",
        device_id="dev-03",
    )


@pytest.fixture
def seeded(store_thread: StoreThread[Store]) -> Iterator[tuple[StoreThread[Store], dict[str, str]]]:
    yield store_thread, seed(store_thread)


@pytest.fixture
def view(
    qtbot: QtBot, seeded: tuple[StoreThread[Store], dict[str, str]], runner: ThreadRunner
) -> ReportsView:
    widget = ReportsView(context(seeded[0]), runner)
    widget.clock = lambda: NOW
    qtbot.addWidget(widget)
    return widget


def choose(qtbot: QtBot, view: ReportsView, index: int) -> Any:
    with qtbot.waitSignal(view.computed, timeout=WAIT) as blocker:
        view.choose(index)
    return blocker.args[0]


def assert_shows(view: ReportsView, report: Report, item_names: dict[str, str]) -> None:
    """Every figure on screen equals the report's."""
    assert view.data is not None and view.data.report == report
    assert view.figures["total"].text() == str(report.total)
    assert view.figures["accepted"].text() == str(report.accepted)
    assert view.figures["completed"].text() == str(report.completed)
    avg = report.avg_receipt_to_acceptance_hours
    assert view.figures["avg_accept"].text() == duration_text(avg, "zh_CN")
    avg = report.avg_acceptance_to_completion_hours
    assert view.figures["avg_complete"].text() == duration_text(avg, "zh_CN")
    if report.with_due_date:
        rate = f"{report.on_time * 100 / report.with_due_date:.1f}%"
        assert view.figures["on_time"].text().startswith(rate)
        assert f"{report.on_time}/{report.with_due_date}" in view.figures["on_time"].text()
    assert view.figures["rated"].text() == str(sum(report.ratings.values()))
    assert view.status_model.counts() == report.by_status
    assert view.clerk_model.counts() == report.by_clerk
    assert view.item_model.counts() == report.by_item
    assert view.rating_model.counts() == {str(s): report.ratings.get(s, 0) for s in range(1, 6)}
    labels = {key: label for key, label, _n in view.item_model.rows}
    assert labels == {code: item_names[code] for code in report.by_item}
    assert sorted(n for _label, n in view.status_chart.shown) == sorted(report.by_status.values())
    assert sum(n for _label, n in view.clerk_chart.shown) == report.total
    assert sum(n for _label, n in view.rating_chart.shown) == sum(report.ratings.values())


def test_today_week_and_range_show_the_reports_figures(
    qtbot: QtBot, view: ReportsView, seeded: tuple[StoreThread[Store], dict[str, str]],
    qtmodeltester: Any,
) -> None:  # fmt: skip
    thread, item_names = seeded
    choose(qtbot, view, TODAY)
    today = build(thread, reports.today(NOW))
    assert 15 <= today.total < 160  # the seed put 15 records within the last ten hours
    assert_shows(view, today, item_names)
    assert view.figures["period"].text() == "2026-11-26"

    choose(qtbot, view, THIS_WEEK)
    week = build(thread, reports.this_week(NOW))
    assert week.total > today.total and week.completed > 0 and week.with_due_date > 0
    assert_shows(view, week, item_names)
    assert view.figures["period"].text() == "2026-11-23 — 2026-11-26"

    # A new record today: "Show" computes the same period again.
    before = week.total
    thread.call_blocking(add_record_today, sorted(item_names)[0])
    with qtbot.waitSignal(view.computed, timeout=WAIT):
        view.show_button.click()
    week = build(thread, reports.this_week(NOW))
    assert week.total == before + 1 and view.figures["total"].text() == str(week.total)

    view.set_range(date(2026, 11, 10), date(2026, 11, 26))  # the range waits for Show
    assert view.from_edit.isEnabled() and view.show_button.isEnabled()
    assert view.pending is None and not view.runner.busy
    assert view.data is not None and view.data.report == week
    with qtbot.waitSignal(view.computed, timeout=WAIT):
        view.show_button.click()
    span = build(thread, reports.date_range("2026-11-10", "2026-11-26"))
    assert span.total == 161
    assert_shows(view, span, item_names)
    # The cached clerk is shown by name, the others by id; busiest first.
    names = {key: label for key, label, _n in view.clerk_model.rows}
    assert names == {"u-clerk1": "李明", "u-clerk2": "u-clerk2", "u-clerk3": "u-clerk3"}
    counts = [n for _k, _l, n in view.clerk_model.rows]
    assert counts == sorted(counts, reverse=True)
    share = view.status_model.index(0, 2).data()
    assert share == f"{view.status_model.rows[0][2] * 100 / span.total:.1f}%"
    for model in (view.status_model, view.clerk_model, view.item_model, view.rating_model):
        qtmodeltester.check(model)


@pytest.mark.parametrize(
    ("start", "end", "needle"),
    [
        (date(2026, 11, 20), date(2026, 11, 10), "晚于"),  # start after end
        (date(2000, 1, 1), date(2026, 11, 26), "十年"),  # longer than ten years
    ],
)
def test_bad_range_is_refused_and_nothing_is_computed(
    qtbot: QtBot, view: ReportsView, start: date, end: date, needle: str
) -> None:
    choose(qtbot, view, TODAY)
    shown, total = view.data, view.figures["total"].text()
    calls: list[Period] = []
    original = view.compute

    def counting(period: Period) -> None:
        calls.append(period)
        original(period)

    view.compute = counting  # type: ignore[method-assign]
    view.set_range(start, end)
    with qtbot.waitSignal(view.refused, timeout=WAIT) as blocker:
        view.show_button.click()
    assert needle in blocker.args[0] and needle in view.status.text()
    assert calls == [] and view.pending is None and not view.runner.busy
    assert view.data is shown and view.figures["total"].text() == total


def test_busy_bar_while_the_store_works_and_the_gui_stays_live(
    qtbot: QtBot, view: ReportsView, seeded: tuple[StoreThread[Store], dict[str, str]]
) -> None:
    thread = seeded[0]
    choose(qtbot, view, TODAY)
    release = threading.Event()
    held = thread._executor.submit(release.wait, 10)  # the store thread is busy elsewhere
    try:
        view.choose(THIS_WEEK)
        ticks: list[int] = []
        from PySide6.QtCore import QTimer

        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(10)
        qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=WAIT)  # the event loop runs
        timer.stop()
        assert view.busy.isVisibleTo(view) and view.pending == reports.this_week(NOW)
        assert view.data is not None and view.data.report.period == reports.today(NOW)
        # A newer choice wins: the week's result, arriving first, is dropped.
        view.choose(TODAY)
    finally:
        release.set()
    held.result(timeout=10)
    qtbot.waitUntil(lambda: view.pending is None, timeout=WAIT)
    qtbot.waitUntil(lambda: not view.runner.busy, timeout=WAIT)
    assert not view.busy.isVisibleTo(view)
    assert view.data is not None and view.data.report.period == reports.today(NOW)


def _parse_csv(path: Path) -> dict[tuple[str, str], str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return {(a, b): c for a, b, c in rows[1:]}


def _parse_xlsx(path: Path) -> dict[tuple[str, str], str]:
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    return {(str(a), str(b)): "" if c is None else str(c) for a, b, c in rows[1:]}


def test_export_parses_back_to_the_same_numbers(
    qtbot: QtBot, view: ReportsView, tmp_path: Path
) -> None:
    assert not view.csv_button.isEnabled()
    choose(qtbot, view, THIS_WEEK)
    assert view.csv_button.isEnabled() and view.xlsx_button.isEnabled()
    report = view.data.report  # type: ignore[union-attr]
    for kind, parse in (("csv", _parse_csv), ("xlsx", _parse_xlsx)):
        with qtbot.waitSignal(view.exported, timeout=WAIT) as blocker:
            view.export(kind, tmp_path / "week")  # the suffix is added
        path = Path(blocker.args[0])
        assert path.name == f"week.{kind}" and str(path) in view.status.text()
        values = parse(path)
        assert values[("period", "start")] == "2026-11-23"
        assert int(values[("summary", "total")]) == report.total
        assert int(values[("summary", "completed")]) == report.completed
        assert int(values[("summary", "on_time")]) == report.on_time
        assert float(values[("summary", "on_time_rate")]) == round(report.on_time_rate or 0, 4)
        for section, counts in (
            ("by_status", report.by_status),
            ("by_clerk", report.by_clerk),
            ("by_item", report.by_item),
        ):
            exported = {k: int(v) for (s, k), v in values.items() if s == section}
            assert exported == counts
        ratings = {int(k): int(v) for (s, k), v in values.items() if s == "ratings"}
        assert ratings == report.ratings
    # An unwritable place: the refusal is shown, nothing is written.
    target = tmp_path / "missing-dir" / "r.csv"
    view.export("csv", target)
    qtbot.waitUntil(lambda: "missing-dir" in view.status.text(), timeout=WAIT)
    assert not target.exists() and "color" in view.status.styleSheet()


def test_benchmark_probe_measures_every_period(
    qtbot: QtBot, seeded: tuple[StoreThread[Store], dict[str, str]]
) -> None:
    """The UI benchmark's helper really waits for the figures (small store, one run)."""
    from tests.benchmarks.ui_reports import PERIODS, measure_reports

    thread = seeded[0]
    result = measure_reports(thread, now=NOW, runs=1)
    assert result["today"]["cohort"] == build(thread, reports.today(NOW)).total
    assert result["this_week"]["cohort"] == build(thread, reports.this_week(NOW)).total
    assert result["two_years"]["cohort"] == 160
    assert all(result[p]["max_ms"] > 0 for p in PERIODS)
    assert "load_average_1m" in result


@pytest.mark.asyncio
async def test_benchmark_probe_inside_a_running_loop(
    seeded: tuple[StoreThread[Store], dict[str, str]],
) -> None:
    from tests.benchmarks.ui_reports import measure_reports_async

    result = await measure_reports_async(seeded[0], now=NOW, runs=1)
    assert result["one_year"]["cohort"] == 160


def test_default_range_ends_on_todays_shanghai_date(
    qtbot: QtBot, seeded: tuple[StoreThread[Store], dict[str, str]], runner: ThreadRunner
) -> None:
    # 20:30 UTC on 7 December is 04:30 on 8 December in Shanghai: a UTC machine's own
    # calendar would still say the 7th.
    late = datetime(2026, 12, 7, 20, 30, tzinfo=UTC)
    widget = ReportsView(context(seeded[0]), runner, clock=lambda: late)
    qtbot.addWidget(widget)
    assert widget.to_edit.date().toPython() == date(2026, 12, 8)
    assert widget.from_edit.date().toPython() == date(2026, 11, 9)  # 30 days, both ends
    period = choose(qtbot, widget, TODAY).report.period
    assert period.start == period.end == widget.to_edit.date().toPython()
    assert widget.printer.printed_on() == date(2026, 12, 8)  # the printed date too
    widget.clock = lambda: NOW  # a clock set later moves the proposed range with it
    assert widget.to_edit.date().toPython() == NOW.astimezone(TZ).date()
