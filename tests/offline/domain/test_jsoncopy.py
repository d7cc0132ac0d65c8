"""json_copy: as independent of its input as copy.deepcopy, for JSON and for anything else."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from offline.domain.jsoncopy import json_copy

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def _containers(value: Any) -> list[int]:
    if isinstance(value, dict):
        return [id(value), *(i for v in value.values() for i in _containers(v))]
    if isinstance(value, list):
        return [id(value), *(i for v in value for i in _containers(v))]
    return []


@given(JSON)
def test_copy_equals_and_shares_no_container(value: Any) -> None:
    copied = json_copy(value)
    assert copied == value
    assert not set(_containers(copied)) & set(_containers(value))


def test_changing_the_copy_leaves_the_original() -> None:
    doc = {"applicant": {"name": "张三"}, "materials": [{"id": "m1", "copies": 1}]}
    before = copy.deepcopy(doc)
    copied = json_copy(doc)
    copied["applicant"]["name"] = "李四"
    copied["materials"][0]["copies"] = 2
    copied["materials"].append({"id": "m2"})
    assert doc == before


def test_non_json_values_fall_back_to_a_deep_copy() -> None:
    inner = [1, 2]
    value = {"t": (inner,), "s": {3}}
    copied = json_copy(value)
    assert copied == value
    assert copied["t"][0] is not inner and copied["s"] is not value["s"]


def test_create_copies_the_payload_unless_the_caller_hands_it_over() -> None:
    from offline.domain.application import new_application_doc
    from offline.domain.catalog import ServiceItem
    from offline.domain.mutations import apply_mutation, new_mutation
    from tests.offline.domain.samples import ITEM, intake

    doc = new_application_doc(**intake())
    m = new_mutation("create", doc["id"], {"doc": doc}, actor="u-clerk1", role="clerk",
                     at=doc["received_at"], op_id="op-create")  # fmt: skip
    item = ServiceItem.from_dict(ITEM)
    copied = apply_mutation(None, m, strict=True, item=item)
    kept = apply_mutation(None, m, strict=True, item=item, owned=True)
    assert copied.outcome == kept.outcome == "applied"
    assert copied.doc == kept.doc == m["payload"]["doc"]
    assert copied.doc is not m["payload"]["doc"]
    assert (
        copied.doc is not None and copied.doc["applicant"] is not m["payload"]["doc"]["applicant"]
    )
    assert kept.doc is m["payload"]["doc"]
