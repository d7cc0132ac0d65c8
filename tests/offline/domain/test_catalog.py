"""Service item parsing, round trip and validation of a catalog entry itself."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from offline.domain.catalog import FieldType, ServiceItem, Unit, check_item_dict
from offline.domain.errors import ValidationFailed
from tests.offline.domain.samples import ITEM, item_dict


def test_round_trip_is_exact() -> None:
    item = ServiceItem.from_dict(ITEM)
    assert item.to_dict() == ITEM
    assert item.promised_limit.unit is Unit.WORKING_DAYS
    assert item.fees[0].amount_yuan == Decimal("0.00")
    assert item.material("M03") is not None and item.material("M03").conditional  # type: ignore[union-attr]
    assert item.material("M99") is None
    assert item.form_field("area") is not None
    assert item.form_field("area").type is FieldType.NUMBER  # type: ignore[union-attr]
    assert ServiceItem.from_dict(item.to_dict()) == item


def _broken(path: str, value: Any) -> dict[str, Any]:
    data = item_dict()
    target: Any = data
    *parents, last = path.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is KeyError:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "field", "code"),
    [
        ("code", "", "code", "bad_code"),
        ("name", KeyError, "name", "required"),
        ("name", "事项\x00", "name", "control_chars"),
        ("project_type", "快办", "project_type", "bad_project_type"),
        ("promised_limit.amount", -1, "promised_limit", "bad_amount"),
        ("promised_limit.unit", "weeks", "promised_limit", "bad_unit"),
        ("promised_limit.amount", 25, "promised_limit", "exceeds_legal"),
        ("materials.1.code", "M01", "materials[1].code", "duplicate"),
        ("materials.0.form", "fax", "materials[0].form", "bad_form"),
        ("materials.0.copies", -1, "materials[0].copies", "bad_count"),
        ("form_fields.0.type", "colour", "form_fields[0].type", "bad_type"),
        ("form_fields.0.key", "Area Size", "form_fields[0].key", "bad_key"),
        ("form_fields.0.min", 200000, "form_fields[0].min", "bad_bound"),
        ("form_fields.2.choices", [], "form_fields[2].choices", "bad_choices"),
        ("form_fields.7.pattern", "([", "form_fields[7].pattern", "bad_pattern"),
        ("form_fields.1.key", "area", "form_fields[1].key", "duplicate"),
        ("fees.0.amount_yuan", "1.5", "fees[0].amount_yuan", "bad_amount"),
        ("active", "yes", "active", "bad_flag"),
    ],
)
def test_broken_entries_are_refused(path: str, value: Any, field: str, code: str) -> None:
    data = _broken(path, value)
    issues = check_item_dict(data)
    assert (field, code) in {(i.field, i.code) for i in issues}, issues
    with pytest.raises(ValidationFailed):
        ServiceItem.from_dict(data)


def test_limits_in_different_units_are_not_compared() -> None:
    data = _broken("promised_limit", {"amount": 30, "unit": "natural_days"})
    assert check_item_dict(data) == []


def test_not_a_mapping() -> None:
    assert check_item_dict(["not", "an", "item"])[0].code == "bad_format"
