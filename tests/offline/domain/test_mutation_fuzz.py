"""apply_mutation on arbitrary JSON never raises, never mutates, and refuses junk cleanly."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from offline.domain.application import new_application_doc
from offline.domain.catalog import ServiceItem
from offline.domain.mutations import apply_mutation
from offline.domain.payloads import Kind
from tests.offline.domain.samples import ITEM, intake

DOC = new_application_doc(**intake())
ITEM_OBJ = ServiceItem.from_dict(ITEM)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=10,
)
KEYS = ["doc", "fields", "base", "from", "to", "reason", "data", "material", "note", "rating",
        "clerk_id", "phone", "address", "form.area", "applicant.name", "id", "code", "missing",
        "delivery", "decision", "comment", "stage", "score", "text", "status"]  # fmt: skip
payloads = st.dictionaries(st.sampled_from(KEYS), json_values | st.dictionaries(
    st.sampled_from(KEYS), json_values, max_size=4), max_size=4)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from([*list(Kind), "bogus"]),
    role=st.sampled_from(["clerk", "supervisor", "back_office", "x"]),
    payload=payloads,
    strict=st.booleans(),
    with_item=st.booleans(),
    existing=st.booleans(),
)
def test_junk_never_raises(
    kind: str, role: str, payload: dict[str, Any], strict: bool, with_item: bool, existing: bool
) -> None:
    doc = copy.deepcopy(DOC) if existing else None
    before = copy.deepcopy(doc)
    m = {"op_id": "op", "device_id": "d", "seq": 1, "kind": str(kind), "record_id": "rec-1",
         "actor": "u", "role": role, "at": "2026-11-26T03:00:00Z", "payload": payload}  # fmt: skip
    result = apply_mutation(doc, m, strict=strict, item=ITEM_OBJ if with_item else None)
    assert doc == before
    assert result.outcome in ("applied", "conflict", "rejected")
    if result.outcome == "rejected":
        assert result.reason and result.issues and result.doc == before


AT = "2026-11-26T03:00:00+00:00"
TEMPLATES: list[tuple[str, str, dict[str, Any]]] = [
    ("create", "clerk", {"doc": DOC}),
    ("set_fields", "clerk", {"fields": {"phone": "13900139000", "form.area": 90,
                                        "applicant.name": "李四", "agent": None},
                             "base": {"phone": DOC["phone"], "form.area": 80,
                                      "applicant.name": "张三", "agent": None}}),
    ("transition", "clerk", {"from": "received", "to": "awaiting_supplement", "reason": None,
                             "data": {"missing": [{"code": "M02", "name": "营业执照",
                                                   "problem": "缺复印件"}]}}),
    ("transition", "clerk", {"from": "received", "to": "accepted", "reason": None,
                             "data": {"due_date": "2026-12-03", "applying": ["M03"]}}),
    ("add_material", "clerk", {"material": {"id": "m9", "code": "M03", "name": "授权委托书",
                                            "originals": 1, "copies": 0, "form": "paper",
                                            "attachment": None, "added_at": AT, "by": "u"}}),
    ("rate", "clerk", {"rating": {"id": "r1", "stage": "acceptance", "score": 4,
                                  "comment": "", "at": AT}}),
    ("reassign", "supervisor", {"clerk_id": "u-2", "base": "u-clerk1"}),
]  # fmt: skip


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            found += _paths(child, (*prefix, i))
    return found


@settings(max_examples=300, deadline=None)
@given(
    template=st.sampled_from(TEMPLATES),
    data=st.data(),
    junk=json_values,
    strict=st.booleans(),
)
def test_one_corrupted_value_in_a_valid_mutation(
    template: tuple[str, str, dict[str, Any]], data: st.DataObject, junk: Any, strict: bool
) -> None:
    kind, role, payload = copy.deepcopy(template)
    path = data.draw(st.sampled_from(_paths(payload)))
    target: Any = payload
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = junk
    doc = None if kind == "create" else copy.deepcopy(DOC)
    before = copy.deepcopy(doc)
    m = {"op_id": "op", "device_id": "d", "seq": 1, "kind": kind, "record_id": "rec-1",
         "actor": "u", "role": role, "at": AT, "payload": payload}  # fmt: skip
    result = apply_mutation(doc, m, strict=strict, item=ITEM_OBJ)
    assert doc == before
    assert result.outcome in ("applied", "conflict", "rejected")
    if result.outcome == "rejected":
        assert result.reason and result.issues and result.doc == before
