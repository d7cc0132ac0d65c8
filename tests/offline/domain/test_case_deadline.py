"""The stored due date follows 行政许可法 art. 32(4), 42, 45 and art. 82 (working days).

Every expected date below is counted by hand from the law and from the State Council's
holiday notice (国务院办公厅关于2026年部分节假日安排的通知): 春节 2月15日–23日放假，
2月14日（周六）、2月28日（周六）上班; 中秋 9月25日–27日放假; 国庆 10月1日–7日放假，
9月20日（周日）、10月10日（周六）上班. The counting is written out beside each vector;
nothing here is computed by the code under test. Instants are UTC; 02:00Z is 10:00 in
Asia/Shanghai, so the local date is the date written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from offline.domain.application import new_application_doc
from offline.domain.case_deadline import legal_extension_days, supplement_window
from offline.domain.catalog import ServiceItem
from offline.domain.deadlines import WorkCalendar
from offline.domain.mutations import Applied, apply_mutation, new_mutation
from tests.offline.domain.samples import intake as intake_kwargs
from tests.offline.domain.samples import item_dict

CAL = WorkCalendar()


def _item(**changes: Any) -> ServiceItem:
    data = item_dict()
    data.update(changes)
    return ServiceItem.from_dict(data)


ITEM5 = _item()  # 许可, promised 5 working days


def _at(day: str) -> str:
    return f"{day}T02:00:00+00:00"


class Case:
    """One application moved through the domain like the platform does (strict)."""

    def __init__(self, received: str, item: ServiceItem = ITEM5, cal: WorkCalendar = CAL):
        self.item, self.cal = item, cal
        when = datetime.fromisoformat(_at(received))
        self.doc = new_application_doc(**intake_kwargs(item=item, at=when))

    def apply(self, kind: str, payload: dict[str, Any], day: str, role: str) -> Applied:
        m = new_mutation(kind, self.doc["id"], payload, actor=f"u-{role}", role=role,
                         at=_at(day), device_id="d", seq=1)  # fmt: skip
        result = apply_mutation(self.doc, m, strict=True, item=self.item, calendar=self.cal)
        if result.outcome == "applied" and result.doc is not None:
            self.doc = result.doc
        return result

    def move(self, to: str, day: str, role: str = "clerk", **data: Any) -> Applied:
        reason = data.pop("reason", "理由")
        payload = {"from": self.doc["status"], "to": to, "reason": reason, "data": data}
        result = self.apply("transition", payload, day, role)
        assert result.outcome == "applied", result.issues
        return result

    def extend(
        self, days: int, day: str, role: str = "supervisor", reason: str = "需现场核查"
    ) -> Applied:
        return self.apply("extend", {"working_days": days, "reason": reason}, day, role)


def test_art45_example_resume_day_counts() -> None:
    # Accepted Mon 2026-03-02, 5 working days: 03-03 1, 03-04 2, 03-05 3, 03-06 4, 03-09 5.
    case = Case("2026-03-02")
    case.move("accepted", "2026-03-02")
    assert case.doc["due_date"] == "2026-03-09"
    case.move("under_review", "2026-03-02", "back_office")
    case.move("suspended", "2026-03-03", "back_office", reason="专家评审")
    # While suspended the stored date is the one the clock had when it stopped.
    assert case.doc["due_date"] == "2026-03-09"
    case.move("under_review", "2026-03-17", "back_office")
    # Art. 45 reading: the day of suspension (03-03) is not counted, the day of resumption
    # (03-17) is counted: 03-17 1, 03-18 2, 03-19 3, 03-20 4, 03-23 5.
    assert case.doc["due_date"] == "2026-03-23"


def test_art45_suspension_from_a_weekend() -> None:
    # Accepted Mon 03-02 → due 03-09. Suspended Sat 03-07, resumed Tue 03-10: not counted
    # are the working days from 03-07 up to (not including) 03-10 → only Mon 03-09. So the
    # 5th working day is: 03-03 1, 03-04 2, 03-05 3, 03-06 4, (03-09 not counted) 03-10 5.
    case = Case("2026-03-02")
    case.move("accepted", "2026-03-02")
    case.move("under_review", "2026-03-02", "back_office")
    case.move("suspended", "2026-03-07", "back_office", reason="检测")
    case.move("under_review", "2026-03-10", "back_office")
    assert case.doc["due_date"] == "2026-03-10"


def test_suspension_on_the_acceptance_day_only_stops_counted_days() -> None:
    # Accepted and suspended Mon 03-02, resumed Wed 03-04. 03-02 is never counted (the
    # starting day), 03-03 is suspended, 03-04 counts: 03-04 1, 05 2, 06 3, 09 4, 10 5.
    case = Case("2026-03-02")
    case.move("accepted", "2026-03-02")
    case.move("under_review", "2026-03-02", "back_office")
    case.move("suspended", "2026-03-02", "back_office", reason="听证")
    case.move("under_review", "2026-03-04", "back_office")
    assert case.doc["due_date"] == "2026-03-10"


def test_spring_festival_with_make_up_saturday() -> None:
    # Accepted Thu 2026-02-12, 5 working days: Fri 02-13 1, Sat 02-14 (调休上班) 2,
    # 02-15..02-23 春节, Tue 02-24 3, 02-25 4, 02-26 5.
    case = Case("2026-02-12")
    case.move("accepted", "2026-02-12")
    assert case.doc["due_date"] == "2026-02-26"


def test_national_day_with_make_up_days_and_extension() -> None:
    # 10 working days from Fri 2026-09-18: Sun 09-20 (调休上班) 1, 09-21 2, 09-22 3, 09-23 4,
    # 09-24 5, 09-25..27 中秋, 09-28 6, 09-29 7, 09-30 8, 10-01..10-07 国庆, 10-08 9, 10-09 10.
    item = _item(promised_limit={"amount": 10, "unit": "working_days"})
    case = Case("2026-09-18", item)
    case.move("accepted", "2026-09-18")
    assert case.doc["due_date"] == "2026-10-09"
    # Art. 42: +10 working days from 10-09: Sat 10-10 (调休上班) 1, 10-12 2, 13 3, 14 4,
    # 15 5, 16 6, 19 7, 20 8, 21 9, 22 10.
    result = case.extend(10, "2026-10-08")
    assert result.outcome == "applied", result.issues
    assert case.doc["due_date"] == "2026-10-22"
    assert case.doc["extension"]["working_days"] == 10
    assert case.doc["extension"]["by"] == "u-supervisor"


def test_extension_then_suspension_keeps_both() -> None:
    # Accepted 03-02 → 03-09; extended by 3 → 03-10, 11, 12 → 03-12; suspended Wed 03-04,
    # resumed Fri 03-06: 03-04 and 03-05 not counted → two more: 03-13, 03-16.
    case = Case("2026-03-02")
    case.move("accepted", "2026-03-02")
    assert case.extend(3, "2026-03-02").outcome == "applied"
    assert case.doc["due_date"] == "2026-03-12"
    case.move("under_review", "2026-03-03", "back_office")
    case.move("suspended", "2026-03-04", "back_office", reason="鉴定")
    case.move("under_review", "2026-03-06", "back_office")
    assert case.doc["due_date"] == "2026-03-16"


def test_extension_rules() -> None:
    case = Case("2026-03-02")
    # Not while the clock does not run (art. 42 extends the decision period).
    refused = case.extend(5, "2026-03-02")
    assert refused.outcome == "rejected" and refused.reason == "illegal_transition"
    case.move("accepted", "2026-03-02")
    before = dict(case.doc)
    for role in ("clerk", "back_office"):
        result = case.extend(5, "2026-03-03", role=role)
        assert (result.outcome, result.reason) == ("rejected", "forbidden")
    over = case.extend(11, "2026-03-03")
    assert (over.outcome, over.reason) == ("rejected", "validation_failed")
    assert over.issues[0].code == "exceeds_legal_extension"
    blank = case.extend(5, "2026-03-03", reason="  ")
    assert (blank.outcome, blank.reason) == ("rejected", "invalid_payload")
    assert case.doc == before, "a refusal changes nothing"
    assert case.extend(10, "2026-03-03").outcome == "applied"
    # once per case (经本行政机关负责人批准，可以延长十日 — one extension)
    again = case.extend(1, "2026-03-04")
    assert (again.outcome, again.reason) == ("rejected", "illegal_transition")
    assert again.issues[0].code == "already_extended"


def test_legal_extension_per_item() -> None:
    assert legal_extension_days(ITEM5) == 10  # 许可: ten days by art. 42
    assert legal_extension_days(_item(item_type="公共服务")) == 0
    assert legal_extension_days(_item(item_type="公共服务", legal_extension_days=5)) == 5
    item15 = _item(legal_extension_days=15)  # another law may allow more
    case = Case("2026-03-02", item15)
    case.move("accepted", "2026-03-02")
    assert case.extend(15, "2026-03-03").outcome == "applied"
    # 03-09 + 15 working days: 03-10..13 (4), 16..20 (9), 23..27 (14), 03-30 (15)
    assert case.doc["due_date"] == "2026-03-30"


def test_supplement_window_and_deemed_acceptance() -> None:
    # Received Mon 2026-03-02: the notice window is 5 working days (art. 32(4), art. 82):
    # 03-03 1, 03-04 2, 03-05 3, 03-06 4, 03-09 5 → the last day is Mon 03-09.
    case = Case("2026-03-02")
    window = supplement_window(case.doc, CAL, date(2026, 3, 4))
    assert (window.state, window.closes, window.working_days_left) == (
        "open", date(2026, 3, 9), 3)  # fmt: skip
    closing = supplement_window(case.doc, CAL, date(2026, 3, 6))
    assert (closing.state, closing.working_days_left) == ("closing", 1)
    lapsed = supplement_window(case.doc, CAL, date(2026, 3, 10))
    assert lapsed.state == "lapsed" and lapsed.deemed_accepted
    # Accepted on 03-10 without any notice: deemed accepted from receipt (03-02), so due
    # 03-09 — the clock started at receipt.
    case.move("accepted", "2026-03-10")
    assert case.doc["due_date"] == "2026-03-09"


def test_accepted_on_the_last_day_of_the_window_counts_from_acceptance() -> None:
    # Accepted Mon 03-09 (the window's last day): due 03-10 1, 11 2, 12 3, 13 4, 16 5.
    case = Case("2026-03-02")
    case.move("accepted", "2026-03-09")
    assert case.doc["due_date"] == "2026-03-16"


def test_timely_notice_then_acceptance_counts_from_acceptance() -> None:
    case = Case("2026-03-02")
    missing = [{"code": "M03", "name": "授权委托书", "problem": "缺少"}]
    case.move("awaiting_supplement", "2026-03-05", missing=missing, applying=["M03"])
    case.move("received", "2026-03-19")
    assert supplement_window(case.doc, CAL, date(2026, 3, 19)).state == "notified"
    # Accepted Fri 03-20: 03-23 1, 24 2, 25 3, 26 4, 27 5.
    case.move("accepted", "2026-03-20")
    assert case.doc["due_date"] == "2026-03-27"


def test_late_notice_does_not_stop_deemed_acceptance() -> None:
    case = Case("2026-03-02")
    missing = [{"code": "M03", "name": "授权委托书", "problem": "缺少"}]
    case.move("awaiting_supplement", "2026-03-10", missing=missing, applying=["M03"])
    case.move("accepted", "2026-03-12")
    assert case.doc["due_date"] == "2026-03-09"  # counted from receipt 03-02


def test_window_across_spring_festival() -> None:
    # Received Thu 2026-02-12: 02-13 1, Sat 02-14 (调休上班) 2, 02-24 3, 02-25 4, 02-26 5.
    case = Case("2026-02-12")
    assert supplement_window(case.doc, CAL, date(2026, 2, 13)).closes == date(2026, 2, 26)
    assert supplement_window(case.doc, CAL, date(2026, 2, 27)).state == "lapsed"


def test_same_day_item_is_due_on_the_acceptance_day() -> None:
    same_day = _item(project_type="即办", promised_limit={"amount": 0, "unit": "working_days"})
    case = Case("2026-03-02", same_day)
    case.move("accepted", "2026-03-02")
    assert case.doc["due_date"] == "2026-03-02"
    # Accepted during 国庆 (Sat 10-03): a period ending on a holiday ends on the next
    # working day (民法典 第二百零三条) → Thu 10-08.
    holiday = Case("2026-10-03", same_day)
    holiday.move("accepted", "2026-10-03")
    assert holiday.doc["due_date"] == "2026-10-08"


def test_unknown_calendar_is_stored_as_unknown() -> None:
    # Accepted Thu 2026-12-24, 10 working days: 12-25 1, 28 2, 29 3, 30 4, 31 5, then 2027.
    item = _item(promised_limit={"amount": 10, "unit": "working_days"})
    case = Case("2026-12-24", item)
    case.move("accepted", "2026-12-24")
    assert case.doc["due_date"] is None


def test_supplement_notice_must_list_every_missing_material() -> None:
    case = Case("2026-03-02")
    # M03 (授权委托书) applies and is missing: a notice naming only M04 leaves it out.
    payload = {"from": "received", "to": "awaiting_supplement", "reason": None,
               "data": {"missing": [{"code": "M04", "name": "其他", "problem": "缺"}],
                        "applying": ["M03"]}}  # fmt: skip
    before = dict(case.doc)
    result = case.apply("transition", payload, "2026-03-03", "clerk")
    assert (result.outcome, result.reason) == ("rejected", "validation_failed")
    assert result.issues[0].code == "notice_incomplete"
    assert "M03" in result.issues[0].en
    assert case.doc == before


def test_second_notice_adding_materials_needs_supervisor_override() -> None:
    case = Case("2026-03-02")
    first = [{"code": "M03", "name": "授权委托书", "problem": "缺少"}]
    case.move("awaiting_supplement", "2026-03-03", missing=first, applying=["M03"])
    case.move("received", "2026-03-04")
    # Still missing M03 only: a clerk may repeat the notice.
    case.move("awaiting_supplement", "2026-03-04", missing=first, applying=["M03"])
    case.move("received", "2026-03-05")
    more = [*first, {"code": "M04", "name": "其他补充材料", "problem": "需提供"}]
    payload = {"from": "received", "to": "awaiting_supplement", "reason": None,
               "data": {"missing": more, "applying": ["M03"]}}  # fmt: skip
    clerk = case.apply("transition", payload, "2026-03-05", "clerk")
    assert (clerk.outcome, clerk.reason) == ("rejected", "forbidden")
    assert clerk.issues[0].code == "override_required"
    no_reason = case.apply("transition", payload, "2026-03-05", "supervisor")
    assert (no_reason.outcome, no_reason.reason) == ("rejected", "validation_failed")
    payload["data"]["override_reason"] = "申请人变更经营范围"
    ok = case.apply("transition", payload, "2026-03-05", "supervisor")
    assert ok.outcome == "applied", ok.issues
    notices = case.doc["supplement_notices"]
    assert len(notices) == 3
    assert notices[-1]["override"] == {
        "by": "u-supervisor", "reason": "申请人变更经营范围", "added": ["M04"],
        "at": _at("2026-03-05")}  # fmt: skip
    assert notices[0]["override"] is None
    assert case.doc["history"][-1]["role"] == "supervisor"


@pytest.mark.parametrize("strict", [True, False])
def test_extend_replay_is_idempotent(strict: bool) -> None:
    case = Case("2026-03-02")
    case.move("accepted", "2026-03-02")
    m = new_mutation("extend", case.doc["id"], {"working_days": 2, "reason": "核查"},
                     actor="u-sv", role="supervisor", at=_at("2026-03-03"))  # fmt: skip
    once = apply_mutation(case.doc, m, strict=strict, item=ITEM5, calendar=CAL)
    assert once.outcome == "applied" and once.doc is not None
    twice = apply_mutation(once.doc, m, strict=strict, item=ITEM5, calendar=CAL)
    assert twice.outcome == "applied" and twice.doc == once.doc and not twice.changed


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("extension", {"working_days": 10, "reason": "x"}),
        ("suspended", [{"from": "2026-03-03T02:00:00+00:00", "to": None}]),
        ("due_date", "2099-01-01"),
        ("accepted_at", "2026-03-02T02:00:00+00:00"),
        ("supplement_notices", [{"missing": [], "at": "2026-03-02T02:00:00+00:00"}]),
    ],
)
def test_a_new_record_cannot_bring_its_own_clock(key: str, value: Any) -> None:
    doc = new_application_doc(**intake_kwargs(at=datetime.fromisoformat(_at("2026-03-02"))))
    doc[key] = value
    m = new_mutation("create", doc["id"], {"doc": doc}, actor="u-clerk1", role="clerk",
                     at=_at("2026-03-02"))  # fmt: skip
    result = apply_mutation(None, m, strict=True, item=ITEM5, calendar=CAL)
    assert (result.outcome, result.reason) == ("rejected", "invalid_payload")


def test_extension_while_suspended_waits_for_the_resumption() -> None:
    # Accepted 03-02 → 03-09. Suspended Wed 03-04; extended by 2 on Tue 03-10 while still
    # suspended: the stored date is the stopped clock's 03-09 + 2 → 03-11. Resumed Mon
    # 03-16: 03-04..03-13 not counted (8 working days) → 03-11 + 8: 12, 13, 16, 17, 18,
    # 19, 20, 23 → 03-23.
    case = Case("2026-03-02")
    case.move("accepted", "2026-03-02")
    case.move("under_review", "2026-03-03", "back_office")
    case.move("suspended", "2026-03-04", "back_office", reason="检验")
    assert case.extend(2, "2026-03-10").outcome == "applied"
    assert case.doc["due_date"] == "2026-03-11"
    case.move("under_review", "2026-03-16", "back_office")
    assert case.doc["due_date"] == "2026-03-23"
