"""Drafts, store info, calendar overrides, office scoping and material checks."""

from __future__ import annotations

from datetime import date

import pytest

from offline.domain.errors import PermissionDenied, ValidationFailed
from offline.store.errors import InvalidArgument, NotRegistered
from offline.store.migrations import LATEST
from offline.store.store import Store
from tests.fixtures.store import CLERK, intake_fields


def test_drafts_are_per_user(store: Store) -> None:
    store.save_draft("u1", "d1", {"name": "张三", "step": 2})
    store.save_draft("u1", "d1", {"name": "张三丰", "step": 3})
    store.save_draft("u2", "d9", {"name": "李四"})
    assert store.drafts("u1") == {"d1": {"name": "张三丰", "step": 3}}
    store.delete_draft("u1", "d1")
    assert store.drafts("u1") == {} and list(store.drafts("u2")) == ["d9"]


def test_info_has_no_personal_data(store: Store) -> None:
    store.intake(CLERK, **intake_fields(name="欧阳娜娜"))
    info = store.info()
    assert info["applications"] == 1 and info["schema_version"] == LATEST
    assert info["office_code"] == "520102" and info["sync_pending"] == 1
    assert "欧阳娜娜" not in repr(info) and "13800138000" not in repr(info)


def test_calendar_override_moves_the_due_cutoff(store: Store) -> None:
    friday = date(2026, 11, 27)
    assert store.due_cutoff(1, today=friday) == date(2026, 11, 30)  # Monday
    store.set_calendar({"2026-11-28": True})  # a 调休 Saturday
    assert store.due_cutoff(1, today=friday) == date(2026, 11, 28)
    with pytest.raises(InvalidArgument):
        store.set_calendar({"2026-13-01": True})


def test_unregistered_device_cannot_number_receipts(store_factory) -> None:  # type: ignore[no-untyped-def]
    store = store_factory("unreg", register=False)
    from tests.fixtures.store import SAMPLE_ITEMS

    store.upsert_catalog(SAMPLE_ITEMS)
    with pytest.raises(NotRegistered) as info:
        store.intake(CLERK, **intake_fields())
    assert "登记" in info.value.zh
    with pytest.raises(ValidationFailed):
        store.register_device("52", "03")


def test_records_of_another_office_are_read_only(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields())
    store.register_device("520103", "03")
    with pytest.raises(PermissionDenied):
        store.add_note(CLERK, doc["id"], "跨机构")


def test_unknown_material_code_is_refused(store: Store) -> None:
    doc = store.intake(CLERK, **intake_fields())
    before = store.conn.execute("SELECT count(*) FROM outbox").fetchone()
    with pytest.raises(ValidationFailed):
        store.add_material(CLERK, doc["id"], {"code": "M99", "originals": 1, "copies": 0})
    with pytest.raises(ValidationFailed):
        store.add_material(CLERK, doc["id"], {"code": "M02", "originals": -1, "copies": 0})
    assert store.conn.execute("SELECT count(*) FROM outbox").fetchone() == before
