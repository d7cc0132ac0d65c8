"""Ratings (好差评) given on a rating pad, and the follow-up a poor rating calls for.

Levels: GB/T 39734-2020《政务服务评价工作指南》 and 国办发〔2019〕51号《关于建立政务服务
“好差评”制度提高政务服务水平的意见》 grade a service on five levels — 非常满意, 满意,
基本满意, 不满意, 非常不满意 — stored as scores 5 … 1. 不满意 and 非常不满意 are a
差评 (poor rating). Halls report four dimensions: overall (总体评价), efficiency
(办事效率), service level (服务水平) and attitude (服务态度); ``score`` is the overall level.

Follow-up: 国办发〔2019〕51号 asks that a 差评 be verified and put right, with
the result fed back to the applicant within 15 working days. The follow-up item is
derived state: a poor rating on a record is open until a supervisor records a note of
kind ``follow_up`` naming the rating; it is due 15 working days (the platform's working
calendar) after the day of the rating.

Everything here is shape or context checking that never raises for bad input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from offline.domain.clock import local_date, parse_iso
from offline.domain.deadlines import WorkCalendar
from offline.domain.errors import CalendarUnknown, Issue, ValidationFailed
from offline.domain.numbering import check_receipt_no

# GB/T 39734-2020 five levels, best first: score → (zh, en).
LEVELS: dict[int, tuple[str, str]] = {
    5: ("非常满意", "Very satisfied"),
    4: ("满意", "Satisfied"),
    3: ("基本满意", "Fairly satisfied"),
    2: ("不满意", "Dissatisfied"),
    1: ("非常不满意", "Very dissatisfied"),
}
POOR_MAX = 2  # 不满意 and 非常不满意 are a 差评
DIMENSIONS: dict[str, tuple[str, str]] = {
    "overall": ("总体评价", "Overall"),
    "efficiency": ("办事效率", "Efficiency"),
    "service": ("服务水平", "Service level"),
    "attitude": ("服务态度", "Attitude"),
}
FOLLOW_UP_WORKING_DAYS = 15  # 国办发〔2019〕51号: feedback within 15 working days
RATING_KEYS = frozenset({"id", "stage", "score", "comment", "at", "dimensions", "receipt_no"})
NOTE_KINDS = ("follow_up", "signature")
_SHA256_HEX = frozenset("0123456789abcdef")


def _bad(field: str, zh: str, en: str, code: str = "invalid_payload") -> Issue:
    return Issue(field, code, zh, en)


def _level_ok(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in LEVELS


def is_sha256(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and _SHA256_HEX.issuperset(value)


def check_rating_extras(rating: Mapping[str, Any]) -> list[Issue]:
    """Shape of the rating pad's additions: the four dimensions and the receipt number
    (both optional, for ratings recorded before the pad existed), no unknown keys."""
    issues = [
        _bad(f"rating.{key}", "评价中没有此字段", "No such rating field", "unknown_field")
        for key in rating
        if key not in RATING_KEYS
    ]
    dims = rating.get("dimensions")
    if dims is not None:
        if not isinstance(dims, Mapping) or set(dims) != set(DIMENSIONS):
            issues.append(
                _bad(
                    "rating.dimensions",
                    "评价维度应为总体、效率、服务水平、态度四项",
                    "dimensions: overall, efficiency, service, attitude",
                )
            )
        else:
            for key, value in dims.items():
                if not _level_ok(value):
                    zh, en = DIMENSIONS[key]
                    issues.append(
                        _bad(
                            f"rating.dimensions.{key}",
                            f"{zh}应为1至5级",
                            f"{en} must be a level from 1 to 5",
                        )
                    )
            if dims.get("overall") != rating.get("score"):
                issues.append(
                    _bad(
                        "rating.dimensions.overall",
                        "总体评价应与评价等级一致",
                        "overall must equal the rating's score",
                    )
                )
    receipt = rating.get("receipt_no")
    if receipt is not None:
        if isinstance(receipt, str):
            issues += check_receipt_no(receipt, "rating.receipt_no")
        else:
            issues.append(_bad("rating.receipt_no", "收件编号格式错误", "Malformed receipt_no"))
    return issues


def check_note_extras(note: Mapping[str, Any]) -> list[Issue]:
    """A note may carry a ``kind``: ``follow_up`` (names the poor rating it answers) or
    ``signature`` (the applicant's signature image, an attachment sha256)."""
    kind = note.get("kind")
    if kind is None:
        return []
    if kind not in NOTE_KINDS:
        return [_bad("note.kind", "备注类型无效", "Invalid note kind")]
    if kind == "follow_up" and not (isinstance(note.get("rating_id"), str) and note["rating_id"]):
        return [_bad("note.rating_id", "回访应指明所针对的评价", "A follow-up names its rating")]
    if kind == "signature" and not is_sha256(note.get("attachment")):
        return [_bad("note.attachment", "签名图像应为SHA-256摘要", "attachment is a sha256")]
    return []


def check_in_context(
    list_name: str, entry: Mapping[str, Any], doc: Mapping[str, Any], role: Any
) -> list[Issue]:
    """Rules for an appended entry that need the record: a rating's receipt number is the
    record's own; a follow-up is a supervisor's and answers a poor rating of this record."""
    if list_name == "ratings":
        receipt = entry.get("receipt_no")
        if receipt is not None and receipt != doc.get("receipt_no"):
            return [
                _bad(
                    "rating.receipt_no",
                    "评价的收件编号与办件不符",
                    "The rating's receipt number is not this application's",
                    "validation_failed",
                )
            ]
    if list_name == "notes" and entry.get("kind") == "follow_up":
        if role != "supervisor":
            return [_bad("role", "只有窗口负责人可登记差评回访", "Only a supervisor", "forbidden")]
        rated = {r.get("id"): r for r in doc.get("ratings") or [] if isinstance(r, Mapping)}
        rating = rated.get(entry.get("rating_id"))
        if rating is None or not is_poor(rating):
            return [
                _bad(
                    "note.rating_id",
                    "该办件没有此差评",
                    "This application has no such poor rating",
                    "validation_failed",
                )
            ]
    return []


def is_poor(rating: Mapping[str, Any]) -> bool:
    """A 差评: the overall level is 不满意 or 非常不满意."""
    score = rating.get("score")
    return isinstance(score, int) and _level_ok(score) and score <= POOR_MAX


def follow_up_due(rated_at: str, calendar: WorkCalendar) -> date | None:
    """The day the follow-up of a poor rating given at `rated_at` is due (None when the
    working calendar does not reach that far yet, or the timestamp is unreadable)."""
    try:
        day = local_date(parse_iso(rated_at))
        return calendar.add_working_days(day, FOLLOW_UP_WORKING_DAYS)
    except (CalendarUnknown, ValidationFailed):
        return None


@dataclass(frozen=True)
class FollowUp:
    """One poor rating and whether a supervisor has answered it."""

    record_id: str
    receipt_no: str
    rating_id: str
    stage: str
    score: int
    comment: str
    rated_at: str
    due: date | None
    done_at: str | None

    @property
    def open(self) -> bool:
        return self.done_at is None


def follow_ups(doc: Mapping[str, Any], calendar: WorkCalendar) -> list[FollowUp]:
    """Every poor rating of one application with its due day and answer, if any."""
    answered = {
        n.get("rating_id"): str(n.get("at", ""))
        for n in doc.get("notes") or []
        if isinstance(n, Mapping) and n.get("kind") == "follow_up"
    }
    out = []
    for rating in doc.get("ratings") or []:
        if not isinstance(rating, Mapping) or not is_poor(rating):
            continue
        at = str(rating.get("at", ""))
        out.append(
            FollowUp(
                record_id=str(doc.get("id", "")),
                receipt_no=str(doc.get("receipt_no", "")),
                rating_id=str(rating.get("id", "")),
                stage=str(rating.get("stage", "")),
                score=int(rating.get("score") or 0),
                comment=str(rating.get("comment") or ""),
                rated_at=at,
                due=follow_up_due(at, calendar),
                done_at=answered.get(rating.get("id")),
            )
        )
    return out
