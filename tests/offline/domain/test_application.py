"""Building a new application document from intake input."""

from __future__ import annotations

import pytest

from offline.domain.application import (
    accepted_at,
    check_history,
    new_application_doc,
    suspensions,
    validate_document,
)
from offline.domain.catalog import ServiceItem
from offline.domain.errors import ValidationFailed
from tests.offline.domain.samples import ID_NO, ITEM, USCC, intake, item_dict


def test_new_document_has_the_contract_shape() -> None:
    doc = new_application_doc(**intake())
    assert set(doc) == {
        "id", "office_code", "receipt_no", "query_password", "item_code", "item_name",
        "applicant", "agent", "phone", "address", "form", "materials", "status", "clerk_id",
        "device_id", "received_at", "accepted_at", "due_date", "suspended", "history",
        "notes", "ratings", "supplement", "decision", "delivery", "platform_case_no",
        "version", "updated_at",
    }  # fmt: skip
    assert doc["status"] == "received"
    assert doc["received_at"] == "2026-11-26T02:00:00+00:00"
    assert doc["applicant"] == {
        "kind": "person", "name": "张三", "cert_type": "111", "cert_no": ID_NO,
        "legal_rep": None, "sex": "男", "birth_date": "1991-01-01",
    }  # fmt: skip
    assert doc["history"] == [
        {"from": None, "to": "received", "by": "u-clerk1", "role": "clerk",
         "at": "2026-11-26T02:00:00+00:00", "reason": None, "op_id": "op-create"}
    ]  # fmt: skip
    assert [m["name"] for m in doc["materials"]] == ["食品经营许可申请书", "营业执照"]
    assert doc["materials"][1]["form"] == "paper"  # 'both' defaults to paper at the counter
    assert len(doc["query_password"]) == 6 and doc["query_password"].isdigit()
    assert doc["form"]["shop_name"].endswith("😀")
    assert validate_document(doc, ServiceItem.from_dict(ITEM)) == []
    assert check_history(doc) == []
    assert accepted_at(doc) is None and suspensions(doc) == []


def test_full_width_input_is_stored_normalised() -> None:
    full = ID_NO[:9].translate({ord(c): 0xFF10 + int(c) for c in "0123456789"}) + ID_NO[9:]
    doc = new_application_doc(
        **intake(
            applicant={"kind": "person", "name": "李", "cert_type": "111", "cert_no": full},
            phone="１３８ ００１３ ８０００",
        )
    )
    assert doc["applicant"]["cert_no"] == ID_NO
    assert doc["phone"] == "13800138000"


def test_legal_person_with_agent() -> None:
    doc = new_application_doc(
        **intake(
            applicant={
                "kind": "legal", "name": "贵阳某某餐饮有限公司", "cert_type": "USCC",
                "cert_no": USCC.lower(),
                "legal_rep": {"name": "王五", "cert_type": "414", "cert_no": "e12345678"},
            },
            agent={"name": "赵六", "cert_type": "111", "cert_no": ID_NO},
        )
    )  # fmt: skip
    assert doc["applicant"]["cert_no"] == USCC
    assert doc["applicant"]["legal_rep"]["cert_no"] == "E12345678"
    assert doc["agent"]["sex"] == "男"


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationFailed) as info:
        new_application_doc(
            **intake(
                applicant={"kind": "person", "name": "", "cert_type": "111", "cert_no": "1234"},
                phone="12345",
                address="地址\x07",
                form={"area": -1, "colour": "red"},
                materials=[{"code": "M99", "originals": 1}],
                receipt_no="bad",
            )
        )
    fields = {i.field for i in info.value.issues}
    assert {
        "applicant.name", "applicant.cert_no", "phone", "address", "form.area", "form.colour",
        "form.shop_name", "materials[0].code", "receipt_no",
    } <= fields  # fmt: skip
    assert "姓名" in info.value.message()


def test_inactive_item_is_refused() -> None:
    data = item_dict()
    data["active"] = False
    with pytest.raises(ValidationFailed) as info:
        new_application_doc(**intake(item=ServiceItem.from_dict(data)))
    assert info.value.code == "inactive_item"


def test_validate_document_catches_tampered_history() -> None:
    doc = new_application_doc(**intake())
    doc["status"] = "approved"
    assert validate_document(doc, ServiceItem.from_dict(ITEM))[0].code == "bad_history"
    doc["history"].append({"from": "received", "to": "approved", "role": "clerk"})
    assert check_history(doc)[0].field == "history[1]"
