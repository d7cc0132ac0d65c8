"""Reports (统计报表) checked figure by figure against brute-force counts in Python.

A real encrypted store is seeded through the pull path (platform documents with varied
histories, due dates and ratings) plus real clerk intakes and ratings; every figure of
`offline.reports.build` must equal what plain Python computes over the stored documents.
"""

from __future__ import annotations

import csv
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from offline import reports
from offline.domain.clock import TZ, parse_iso
from offline.reports_export import rows, to_csv, to_xlsx
from offline.store.store import Store
from tests.fixtures.store import (
    CLERK,
    ITEM_CODE,
    ITEM_CODE_2,
    SUPERVISOR,
    intake_fields,
    report_days_expected,
    report_days_stored,
    valid_id_number,
)

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)  # a Thursday, 11:00 in Shanghai
CLERKS = ["u-clerk1", "u-clerk2", "u-clerk3"]
PATHS = {
    "received": ["received"],
    "accepted": ["received", "accepted"],
    "under_review": ["received", "accepted", "under_review"],
    "approved": ["received", "accepted", "under_review", "approved"],
    "denied": ["received", "accepted", "under_review", "denied"],
    "delivered": ["received", "accepted", "under_review", "approved", "delivered"],
    "withdrawn": ["received", "withdrawn"],
}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _doc(i: int, rng: random.Random, device_id: str) -> dict[str, Any]:
    received = NOW - timedelta(minutes=rng.randrange(0, 20 * 24 * 60))
    status = rng.choice(list(PATHS))
    path = PATHS[status]
    clerk = rng.choice(CLERKS)
    times = [received]
    for _ in path[1:]:
        times.append(times[-1] + timedelta(minutes=rng.randrange(5, 9 * 24 * 60)))
    history = [
        {"from": a, "to": b, "by": clerk, "role": "clerk", "at": _iso(t), "reason": None,
         "op_id": None}
        for a, b, t in zip([None, *path], path, times, strict=False)
    ]  # fmt: skip
    accepted = _iso(times[1]) if len(path) > 1 and path[1] == "accepted" else None
    due = None
    if accepted is not None and rng.random() < 0.9:
        due = (times[1] + timedelta(days=rng.randrange(1, 8))).astimezone(TZ).date().isoformat()
    ratings = [
        {"id": f"r{i}-{k}", "stage": "acceptance", "score": rng.randint(1, 5), "comment": "",
         "at": _iso(received)}
        for k in range(rng.choice([0, 0, 1, 2]))
    ]  # fmt: skip
    cert = valid_id_number(seq=f"{i % 1000:03d}")
    return {
        "id": f"{i:012d}-seed", "office_code": "520102",
        "receipt_no": f"520102-09-{received:%Y%m%d}-{i:04d}", "query_password": "123456",
        "item_code": rng.choice([ITEM_CODE, ITEM_CODE_2]), "item_name": "事项",
        "applicant": {"kind": "person", "name": "李四", "cert_type": "111", "cert_no": cert,
                      "legal_rep": None, "sex": "男", "birth_date": "1990-03-07"},
        "agent": None, "phone": "13900139000", "address": "贵阳", "form": {"area": 1},
        "materials": [], "status": status, "clerk_id": clerk, "device_id": device_id,
        "received_at": _iso(received), "accepted_at": accepted, "due_date": due,
        "suspended": [], "history": history, "notes": [], "ratings": ratings,
        "supplement": None, "decision": None, "delivery": None, "platform_case_no": None,
        "version": len(path), "updated_at": _iso(times[-1]),
    }  # fmt: skip


@pytest.fixture
def seeded(store: Store) -> Store:
    rng = random.Random(6)
    docs = [_doc(i, rng, "dev-other") for i in range(1, 401)]
    changes = [
        {"seq": n, "record_id": d["id"], "version": d["version"], "doc": d}
        for n, d in enumerate(docs, start=1)
    ]
    store.apply_pull_page(changes, {"epoch": 1, "seq": len(changes)})
    for k in range(3):  # the clerk's own work today, with ratings
        doc = store.intake(CLERK, **intake_fields(), now=NOW - timedelta(hours=k))
        store.rate(CLERK, doc["id"], "acceptance", 5 - k, now=NOW)
    return store


def _all_docs(store: Store) -> list[dict[str, Any]]:
    ids = [r[0] for r in store.conn.execute("SELECT id FROM applications")]
    return [d for d in (store.get(i) for i in ids) if d is not None]


def _brute(docs: list[dict[str, Any]], period: reports.Period) -> dict[str, Any]:
    cohort = [
        d for d in docs
        if period.start <= parse_iso(d["received_at"]).astimezone(TZ).date() <= period.end
    ]  # fmt: skip

    def count(key: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for d in cohort:
            out[d[key] or ""] = out.get(d[key] or "", 0) + 1
        return dict(sorted(out.items()))

    acc_h, comp_h, with_due, on_time = [], [], 0, 0
    ratings = {s: 0 for s in range(1, 6)}
    for d in cohort:
        for r in d.get("ratings") or []:
            ratings[int(r["score"])] += 1
        if d.get("accepted_at") is None:
            continue
        accepted = parse_iso(d["accepted_at"])
        acc_h.append((accepted - parse_iso(d["received_at"])).total_seconds() / 3600)
        done = [parse_iso(h["at"]) for h in d["history"] if h["to"] in ("approved", "denied")]
        if not done:
            continue
        completed = min(done)
        comp_h.append((completed - accepted).total_seconds() / 3600)
        if d.get("due_date"):
            with_due += 1
            on_time += completed.astimezone(TZ).date() <= date.fromisoformat(d["due_date"])
    return {
        "total": len(cohort),
        "by_status": count("status"),
        "by_clerk": count("clerk_id"),
        "by_item": count("item_code"),
        "accepted": len(acc_h),
        "avg_acc": sum(acc_h) / len(acc_h) if acc_h else None,
        "completed": len(comp_h),
        "avg_comp": sum(comp_h) / len(comp_h) if comp_h else None,
        "with_due": with_due,
        "on_time": on_time,
        "ratings": ratings,
    }


@pytest.mark.parametrize(
    "period",
    [
        reports.today(NOW),
        reports.this_week(NOW),
        reports.date_range("2026-11-10", "2026-11-20"),
        reports.date_range(date(2020, 1, 1), date(2026, 12, 31)),
        reports.date_range("2027-01-01", "2027-01-31"),  # empty
    ],
    ids=["today", "week", "range", "everything", "empty"],
)
def test_every_figure_matches_brute_force(seeded: Store, period: reports.Period) -> None:
    got = reports.build(seeded, period)
    want = _brute(_all_docs(seeded), period)
    assert got.total == want["total"]
    assert got.by_status == want["by_status"]
    assert got.by_clerk == want["by_clerk"]
    assert got.by_item == want["by_item"]
    assert got.accepted == want["accepted"]
    assert got.completed == want["completed"]
    assert got.with_due_date == want["with_due"]
    assert got.on_time == want["on_time"]
    assert got.ratings == want["ratings"]
    for mine, theirs in (
        (got.avg_receipt_to_acceptance_hours, want["avg_acc"]),
        (got.avg_acceptance_to_completion_hours, want["avg_comp"]),
    ):
        assert (mine is None) == (theirs is None)
        if mine is not None:
            assert mine == pytest.approx(theirs, rel=1e-6)


def _check_all(store: Store) -> None:
    assert report_days_stored(store.conn) == report_days_expected(store.conn)
    for period in (reports.today(NOW), reports.date_range("2020-01-01", "2026-12-31")):
        got, want = reports.build(store, period), _brute(_all_docs(store), period)
        assert (got.total, got.by_status, got.by_clerk, got.by_item) == (
            want["total"], want["by_status"], want["by_clerk"], want["by_item"])  # fmt: skip
        assert (got.accepted, got.completed, got.with_due_date, got.on_time, got.ratings) == (
            want["accepted"], want["completed"], want["with_due"], want["on_time"],
            want["ratings"])  # fmt: skip


def test_figures_follow_actions_and_pull_updates(seeded: Store) -> None:
    """The per-day totals (schema v6 triggers) follow every later write: transitions,
    ratings, reassignment, field edits, and pulled newer versions of known records."""
    store = seeded
    sql = "SELECT id FROM applications WHERE status = 'received' AND id NOT LIKE '%-seed'"
    mine = [r[0] for r in store.conn.execute(sql)]
    store.add_material(CLERK, mine[0], {"code": "M02", "originals": 1, "copies": 1}, now=NOW)
    store.transition(CLERK, mine[0], "accepted", now=NOW)
    store.rate(CLERK, mine[0], "acceptance", 1, now=NOW)
    store.reassign(SUPERVISOR, mine[1], "u-clerk2", now=NOW)
    store.set_fields(CLERK, mine[2], {"phone": "13700137000"}, now=NOW)
    _check_all(store)
    # Newer platform versions of pulled records: a decision, a moved receipt day, a
    # different clerk and item, a new rating.
    rng = random.Random(9)
    changes = []
    for n, rid in enumerate(["000000000007-seed", "000000000011-seed", "000000000012-seed"]):
        doc = store.server_copy(rid) or {}
        doc = {**doc, "version": int(doc["version"]) + 1}
        fresh = _doc(7, rng, "dev-other")
        doc.update({k: fresh[k] for k in ("status", "history", "accepted_at", "due_date",
                                           "ratings", "received_at")})  # fmt: skip
        doc["clerk_id"], doc["item_code"] = CLERKS[n], (ITEM_CODE, ITEM_CODE_2)[n % 2]
        changes.append({"seq": 401 + n, "record_id": rid, "version": doc["version"], "doc": doc})
    store.apply_pull_page(changes, {"epoch": 1, "seq": 403})
    assert store.last_pull is not None and store.last_pull.applied == 3
    _check_all(store)
    store.conn.execute("DELETE FROM applications WHERE id = '000000000013-seed'")
    _check_all(store)


def test_by_day_series_matches_brute_force(seeded: Store) -> None:
    period = reports.date_range("2026-11-01", "2026-11-30")
    want: dict[date, list[int]] = {}
    for d in _all_docs(seeded):
        day = parse_iso(d["received_at"]).astimezone(TZ).date()
        if period.start <= day <= period.end:
            done = d.get("accepted_at") and any(
                h["to"] in ("approved", "denied") for h in d["history"]
            )  # fmt: skip
            counts = want.setdefault(day, [0, 0])
            counts[0] += 1
            counts[1] += bool(done)
    series = reports.by_day(seeded, period)
    assert series == [(day, n, done) for day, (n, done) in sorted(want.items())]
    assert len(series) >= 15 and sum(done for _, _, done in series) > 20


def test_seed_is_not_degenerate(seeded: Store) -> None:
    """The cohorts above must exercise every figure (otherwise the test proves little)."""
    everything = reports.build(seeded, reports.date_range("2020-01-01", "2026-12-31"))
    assert everything.total == 403
    assert len(everything.by_status) >= 6 and len(everything.by_clerk) == 3
    assert 0 < everything.on_time < everything.with_due_date
    assert everything.completed > 20 and all(everything.ratings.values())
    assert reports.build(seeded, reports.today(NOW)).by_status.get("received", 0) >= 3


def test_periods() -> None:
    assert reports.today(NOW) == reports.Period(date(2026, 11, 26), date(2026, 11, 26))
    assert reports.this_week(NOW) == reports.Period(date(2026, 11, 23), date(2026, 11, 26))
    # 23:30 UTC is already the next day in Shanghai
    late = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)
    assert reports.today(late).start == date(2026, 11, 27)
    assert reports.Period(date(2026, 11, 26), date(2026, 11, 26)).bounds() == (
        "2026-11-25T16:00:00+00:00",
        "2026-11-26T16:00:00+00:00",
    )


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        ("2026-11-20", "2026-11-10", "range_reversed"),
        ("2026-13-01", "2026-12-31", "bad_date"),
        ("yesterday", "2026-12-31", "bad_date"),
        ("2000-01-01", "2026-12-31", "range_too_long"),
    ],
)
def test_bad_ranges_are_refused_bilingually(start: str, end: str, code: str) -> None:
    with pytest.raises(reports.ReportError) as info:
        reports.date_range(start, end)
    assert info.value.code == code
    assert info.value.message("zh_CN") != info.value.message("en")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.zh)


def test_csv_and_xlsx_carry_the_same_rows(seeded: Store, tmp_path: Path) -> None:
    report = reports.build(seeded, reports.this_week(NOW))
    expected = [tuple("" if v is None else str(v) for v in row) for row in rows(report)]
    to_csv(report, tmp_path / "r.csv")
    with (tmp_path / "r.csv").open(encoding="utf-8-sig", newline="") as fh:
        read = [tuple(r) for r in csv.reader(fh)]
    assert read[1:] == expected and read[0][0].startswith("分类")
    to_xlsx(report, tmp_path / "r.xlsx")
    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert sheet is not None
    values = [
        tuple("" if v is None else str(v) for v in r)
        for r in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert values == expected
    assert ("summary", "total", str(report.total)) in values
