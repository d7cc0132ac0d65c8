"""Rating pad payloads (GB/T 39734-2020 levels, four dimensions) and 差评 follow-up dates.

Due-date vectors come from the State Council's 2025 holiday notice (国办发明电〔2024〕
12号): 国庆节、中秋节 10月1日至8日放假调休，9月28日（周日）、10月11日（周六）上班.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from offline.domain.deadlines import WorkCalendar
from offline.domain.mutations import apply_mutation
from offline.domain.payloads import validate_mutation
from offline.domain.ratings import follow_up_due, follow_ups, is_poor


def _rating(**over: Any) -> dict[str, Any]:
    rating: dict[str, Any] = {
        "id": "r1",
        "stage": "acceptance",
        "score": 2,
        "comment": "",
        "at": "2025-09-26T10:00:00+08:00",
        "dimensions": {"overall": 2, "efficiency": 3, "service": 2, "attitude": 1},
        "receipt_no": "RECEIPT",
    }
    rating.update(over)
    return rating


def test_a_full_pad_rating_is_well_formed() -> None:
    rating = _rating()
    del rating["receipt_no"]
    assert validate_mutation("rate", {"rating": rating}) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"dimensions": {"overall": 2, "efficiency": 3, "service": 2}}, "rating.dimensions"),
        ({"dimensions": {"overall": 2, "efficiency": 6, "service": 2, "attitude": 1}},
         "rating.dimensions.efficiency"),
        ({"dimensions": {"overall": 2, "efficiency": True, "service": 2, "attitude": 1}},
         "rating.dimensions.efficiency"),
        ({"dimensions": {"overall": 4, "efficiency": 3, "service": 2, "attitude": 1}},
         "rating.dimensions.overall"),
        ({"dimensions": "5555"}, "rating.dimensions"),
        ({"receipt_no": 12}, "rating.receipt_no"),
        ({"receipt_no": "not a receipt"}, "rating.receipt_no"),
        ({"score_hint": 5}, "rating.score_hint"),
    ],
)  # fmt: skip
def test_bad_pad_ratings_are_refused_with_a_bilingual_issue(
    change: dict[str, Any], field: str
) -> None:
    rating = _rating(**change)
    if "receipt_no" not in change:
        del rating["receipt_no"]
    issues = validate_mutation("rate", {"rating": rating})
    assert field in {i.field for i in issues}
    assert all(i.zh and i.en for i in issues)


@pytest.mark.parametrize("junk", [None, 1, "x", [], {"kind": 3}, {"dimensions": [1, 2]}])
def test_no_shape_raises(junk: Any) -> None:
    assert validate_mutation("rate", {"rating": junk}) or validate_mutation("rate", junk)


def test_levels_one_and_two_are_poor_three_is_not() -> None:
    # GB/T 39734-2020: 不满意 (2) and 非常不满意 (1) are 差评; 基本满意 (3) is not.
    assert [is_poor({"score": s}) for s in (1, 2, 3, 4, 5)] == [True, True, False, False, False]
    assert not is_poor({"score": True}) and not is_poor({})


def test_follow_up_is_due_fifteen_working_days_later_across_national_day() -> None:
    cal = WorkCalendar()
    # Fri 26 Sep 2025 → 28 Sep (Sun, 调休上班) is day 1, 1–8 Oct off, 11 Oct (Sat) works.
    assert follow_up_due("2025-09-26T10:00:00+08:00", cal) == date(2025, 10, 23)
    # Evening in UTC is already the next day in Shanghai (Sat 27 Sep → still day 1 = 28th).
    assert follow_up_due("2025-09-26T17:00:00Z", cal) == date(2025, 10, 23)
    assert follow_up_due("not a time", cal) is None


def test_follow_up_beyond_the_known_calendar_is_unknown_not_guessed() -> None:
    assert follow_up_due("2999-01-04T10:00:00+08:00", WorkCalendar()) is None


def _doc(ratings: list[dict[str, Any]], notes: list[dict[str, Any]] | None = None) -> Any:
    return {"id": "rec", "receipt_no": "RECEIPT", "ratings": ratings, "notes": notes or []}


def test_follow_ups_lists_poor_ratings_until_answered() -> None:
    cal = WorkCalendar()
    good = _rating(id="g", score=5)
    doc = _doc([_rating(), good])
    (item,) = follow_ups(doc, cal)
    assert (item.rating_id, item.open, item.due) == ("r1", True, date(2025, 10, 23))
    note = {"id": "n", "text": "已回访", "kind": "follow_up", "rating_id": "r1", "at": "x"}
    assert not follow_ups(_doc([_rating(), good], [note]), cal)[0].open


def _mutation(kind: str, payload: dict[str, Any], role: str = "clerk") -> dict[str, Any]:
    return {
        "op_id": "op", "kind": kind, "record_id": "rec", "actor": "u", "role": role,
        "at": "2025-09-26T02:00:00Z", "payload": payload,
    }  # fmt: skip


def test_a_rating_for_another_receipt_number_is_refused_and_changes_nothing() -> None:
    doc = _doc([])
    doc["receipt_no"] = "OTHER"
    rating = _rating()
    rating["receipt_no"] = "520102-03-20250926-0001"
    result = apply_mutation(doc, _mutation("rate", {"rating": rating}), strict=True)
    assert result.outcome == "rejected" and result.doc == doc
    assert [i.field for i in result.issues] == ["rating.receipt_no"]
    doc["receipt_no"] = rating["receipt_no"]
    same = apply_mutation(doc, _mutation("rate", {"rating": rating}), strict=True)
    assert same.outcome == "applied"


def test_only_a_supervisor_answers_a_poor_rating_of_the_same_record() -> None:
    doc = _doc([_rating(receipt_no=None)])
    note = {"id": "n", "text": "已回访", "kind": "follow_up", "rating_id": "r1"}
    clerk = apply_mutation(doc, _mutation("add_note", {"note": note}), strict=True)
    assert (clerk.outcome, clerk.reason) == ("rejected", "forbidden")
    wrong = dict(note, rating_id="nope")
    sup = apply_mutation(doc, _mutation("add_note", {"note": wrong}, "supervisor"), strict=True)
    assert sup.outcome == "rejected"
    ok = apply_mutation(doc, _mutation("add_note", {"note": note}, "supervisor"), strict=True)
    assert ok.outcome == "applied" and ok.doc is not None and ok.doc["notes"][-1]["kind"]


@pytest.mark.parametrize(
    "note",
    [
        {"id": "n", "text": "t", "kind": "gossip"},
        {"id": "n", "text": "t", "kind": "follow_up"},
        {"id": "n", "text": "t", "kind": "signature", "attachment": "../etc/passwd"},
    ],
)
def test_bad_note_kinds_are_refused(note: dict[str, Any]) -> None:
    assert validate_mutation("add_note", {"note": note})
