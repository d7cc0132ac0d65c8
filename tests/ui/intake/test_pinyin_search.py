"""Service search by full pinyin and by initials, with "Nothing found" when nothing fits."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

import ui.intake.catalog_model as catalog_model
from demo.intake_data import demo_catalog
from ui.intake.catalog_model import CodeRole
from ui.intake.item_page import ItemPage
from ui.intake.pinyin_keys import pinyin_keys

RELIEF = "11520102MB0001XK000199001"


def _catalog() -> list[dict[str, Any]]:
    items = demo_catalog()
    relief = dict(items[0], code=RELIEF, name="临时救助")
    return [*items, relief]


def _codes(page: ItemPage) -> list[str]:
    proxy = page.proxy
    return [proxy.index(r, 0).data(CodeRole) for r in range(proxy.rowCount())]


def test_pinyin_keys_of_known_names() -> None:
    # Readings from the 《汉语拼音方案》 spelling of each character in context.
    assert pinyin_keys("临时救助") == ("linshijiuzhu", "lsjz")
    assert pinyin_keys("银行开户") == ("yinhangkaihu", "yhkh")
    assert pinyin_keys("重庆") == ("chongqing", "cq")
    assert pinyin_keys("A证") == ("azheng", "az")


@pytest.mark.parametrize("typed", ["lsjz", "LSJZ", "linshijiuzhu", "jiuzhu", "ls jz"])
def test_typing_pinyin_finds_the_item(qtbot: QtBot, typed: str) -> None:
    page = ItemPage()
    qtbot.addWidget(page)
    page.set_catalog(_catalog())
    qtbot.keyClicks(page.search, typed)
    assert _codes(page) == [RELIEF]
    assert page.selected_code() == RELIEF
    assert page.nothing.isHidden()


def test_nothing_found_is_said_and_goes_away(qtbot: QtBot) -> None:
    page = ItemPage()
    qtbot.addWidget(page)
    page.show()
    page.set_catalog(_catalog())
    assert page.nothing.isHidden()  # an empty search is not "nothing found"
    qtbot.keyClicks(page.search, "qqqxz")
    assert _codes(page) == []
    assert page.nothing.isVisible() and page.nothing.text()
    page.search.clear()
    assert page.nothing.isHidden() and len(_codes(page)) == 3


def test_pinyin_is_computed_once_per_catalog_load(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def counting(name: str) -> tuple[str, str]:
        calls.append(name)
        return pinyin_keys(name)

    monkeypatch.setattr(catalog_model, "pinyin_keys", counting)
    page = ItemPage()
    qtbot.addWidget(page)
    page.set_catalog(_catalog())
    for typed in ("l", "ls", "lsj", "lsjz", "x", ""):
        page.search.setText(typed)
    assert len(calls) == 3
