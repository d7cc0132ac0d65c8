"""The intake's Qt models pass qtmodeltester and behave as the checklist promises."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from demo.intake_data import DEMO_ITEM, DEMO_ITEM_2, demo_catalog
from ui.intake.catalog_model import CatalogFilter, CatalogModel, CodeRole
from ui.intake.materials_model import (
    COL_COPIES,
    COL_NEEDED,
    COL_ORIGINALS,
    COL_RECEIVED,
    MaterialsModel,
)


def test_catalog_model_and_filter(qtmodeltester: ModelTester) -> None:
    model = CatalogModel()
    model.set_items(demo_catalog())
    proxy = CatalogFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    proxy.set_text("食品")
    assert [proxy.index(r, 0).data(CodeRole) for r in range(proxy.rowCount())] == [
        DEMO_ITEM_2["code"]
    ]
    proxy.set_text(DEMO_ITEM["code"][-6:].lower())  # part of the code, any case
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(CodeRole) == DEMO_ITEM["code"]
    proxy.set_text("许可 不存在")
    assert proxy.rowCount() == 0
    qtmodeltester.check(proxy)


def test_inactive_items_are_not_offered() -> None:
    items = demo_catalog()
    items[1]["active"] = False
    model = CatalogModel()
    model.set_items(items)
    assert model.rowCount() == 1


def test_materials_model(qtmodeltester: ModelTester) -> None:
    model = MaterialsModel()
    model.set_item(DEMO_ITEM)
    qtmodeltester.check(model)
    assert [m["code"] for m in model.missing()] == ["M01", "M02", "M03"]
    checked = Qt.CheckState.Checked.value
    assert model.setData(model.index(0, COL_RECEIVED), checked, Qt.ItemDataRole.CheckStateRole)
    assert model.received_materials()[0]["originals"] == 1  # defaults to what is required
    model.toggle_received(1)
    assert model.setData(model.index(2, COL_COPIES), 1)
    assert model.missing() == []
    # the conditional material's condition applies → it is needed and missing
    assert not (model.flags(model.index(0, COL_NEEDED)) & Qt.ItemFlag.ItemIsUserCheckable)
    model.toggle_applies(3)
    assert [m["code"] for m in model.missing()] == ["M04"]
    assert model.applying() == ["M04"]
    # short counts are reported by the domain, not accepted
    assert model.setData(model.index(1, COL_COPIES), 0)
    assert model.missing()[0]["code"] == "M02"
    assert not model.setData(model.index(1, COL_ORIGINALS), -1)
    assert not model.setData(model.index(1, COL_ORIGINALS), "x")
    state = model.state()
    again = MaterialsModel()
    again.set_item(DEMO_ITEM)
    again.load_state(state)
    assert again.state() == state
    qtmodeltester.check(again)
